"""Season rules: Shanghai times, windows, overlaps, the roster, changes and report periods."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from youthvoice.domain.errors import Conflict, ValidationFailed
from youthvoice.domain.seasons import (
    DutySlot,
    Season,
    SeasonChanges,
    SeasonStatus,
    change,
    check,
    check_roster,
    days_before,
    local_days,
    overlapping,
    parse_moment,
    season_for,
)

COUNTY = ("sx-04-11", "sx-04", "sx")
SEASON = Season(
    id="s-1",
    name="就业创业季",
    topics=("employment",),
    platform_id="sx-04",
    lineage=("sx-04", "sx"),
    starts_at="2025-11-30T16:00:00Z",
    ends_at="2025-12-14T16:00:00Z",
    description="",
    created_by="staff",
    created_at="2025-11-01T00:00:00Z",
)


def slot(department: str, starts_at: str, ends_at: str) -> DutySlot:
    return DutySlot(department, ("staff-1",), starts_at, ends_at)


def test_times_without_a_zone_are_shanghai_and_dates_are_midnight() -> None:
    assert parse_moment("2025-12-01", "starts_at") == "2025-11-30T16:00:00Z"
    assert parse_moment("2025-12-01T08:30:00", "starts_at") == "2025-12-01T00:30:00Z"
    assert parse_moment("2025-12-01T08:30:00Z", "starts_at") == "2025-12-01T08:30:00Z"
    with pytest.raises(ValidationFailed, match="starts_at"):
        parse_moment("next week", "starts_at")


def test_the_window_includes_its_start_and_excludes_its_end() -> None:
    assert SEASON.covers(COUNTY, "employment", "2025-11-30T16:00:00Z")
    assert not SEASON.covers(COUNTY, "employment", "2025-11-30T15:59:59Z")
    assert SEASON.covers(COUNTY, "employment", "2025-12-14T15:59:59Z")
    assert not SEASON.covers(COUNTY, "employment", "2025-12-14T16:00:00Z")
    assert not SEASON.covers(("sx-01-05", "sx-01", "sx"), "employment", "2025-12-05T00:00:00Z")
    assert not SEASON.covers(COUNTY, "health", "2025-12-05T00:00:00Z")
    assert SEASON.status("2025-11-30T15:59:59Z") is SeasonStatus.UPCOMING
    assert SEASON.status("2025-12-14T16:00:00Z") is SeasonStatus.ENDED


def test_the_nearest_scope_wins_and_the_tighter_sla_applies() -> None:
    county = dataclasses.replace(SEASON, id="s-2", platform_id="sx-04-11", sla_hours=9)
    assert season_for([SEASON, county], COUNTY, "employment", "2025-12-05T00:00:00Z") == county
    assert season_for([SEASON], COUNTY, "study", "2025-12-05T00:00:00Z") is None
    assert county.tighter(dt.timedelta(hours=27)) == dt.timedelta(hours=9)
    assert county.tighter(dt.timedelta(hours=4)) == dt.timedelta(hours=4)
    assert SEASON.tighter(dt.timedelta(hours=27)) == dt.timedelta(hours=27)


def test_overlap_needs_the_same_scope_a_shared_topic_and_shared_time() -> None:
    later = dataclasses.replace(
        SEASON, id="s-3", starts_at="2025-12-14T16:00:00Z", ends_at="2025-12-20T16:00:00Z"
    )
    overlapping(later, [SEASON])
    overlapping(dataclasses.replace(SEASON, id="s-4", topics=("health",)), [SEASON])
    overlapping(dataclasses.replace(SEASON, id="s-5", platform_id="sx-01"), [SEASON])
    with pytest.raises(Conflict, match="s-1"):
        overlapping(dataclasses.replace(later, starts_at="2025-12-14T15:00:00Z"), [SEASON])


def test_a_season_is_checked_whole() -> None:
    for broken in (
        dataclasses.replace(SEASON, topics=("a", "a")),
        dataclasses.replace(SEASON, ends_at=SEASON.starts_at),
        dataclasses.replace(SEASON, ends_at="2026-07-01T00:00:00Z"),
    ):
        with pytest.raises(ValidationFailed):
            check(broken)


def test_the_roster_covers_the_season_and_names_the_offending_dates() -> None:
    first = slot("学校部", SEASON.starts_at, "2025-12-06T16:00:00Z")
    second = slot("权益部", "2025-12-06T16:00:00Z", SEASON.ends_at)
    assert check_roster(SEASON, [second, first]) == (first, second)
    gap = dataclasses.replace(second, starts_at="2025-12-07T16:00:00Z")
    with pytest.raises(ValidationFailed, match="from 2025-12-06T16:00:00Z to 2025-12-07T16:00:00Z"):
        check_roster(SEASON, [first, gap])
    overlap = dataclasses.replace(second, starts_at="2025-12-05T16:00:00Z")
    with pytest.raises(ValidationFailed, match="both on duty from 2025-12-05T16:00:00Z"):
        check_roster(SEASON, [first, overlap])
    with pytest.raises(ValidationFailed, match="the season at"):
        check_roster(SEASON, [first])
    assert SEASON.on_duty("2025-12-06T15:59:59Z") is None
    rostered = dataclasses.replace(SEASON, roster=(first, second))
    assert rostered.on_duty("2025-12-06T16:00:00Z") == second


def test_changes_respect_the_season_clock_and_stretch_the_roster() -> None:
    first = slot("学校部", SEASON.starts_at, "2025-12-06T16:00:00Z")
    second = slot("权益部", "2025-12-06T16:00:00Z", SEASON.ends_at)
    rostered = dataclasses.replace(SEASON, roster=(first, second))
    longer = change(
        rostered,
        SeasonChanges(ends_at="2025-12-20T16:00:00Z", fields=frozenset({"ends_at"})),
        "2025-12-01T00:00:00Z",
    )
    assert longer.roster[-1].ends_at == "2025-12-20T16:00:00Z"
    with pytest.raises(Conflict, match="started"):
        change(
            SEASON,
            SeasonChanges(topics=("health",), fields=frozenset({"topics"})),
            "2025-12-01T00:00:00Z",
        )
    with pytest.raises(Conflict, match="ended"):
        change(
            SEASON, SeasonChanges(name="晚了", fields=frozenset({"name"})), "2025-12-15T00:00:00Z"
        )
    with pytest.raises(ValidationFailed, match="change the roster first"):
        change(
            rostered,
            SeasonChanges(ends_at="2025-12-05T16:00:00Z", fields=frozenset({"ends_at"})),
            "2025-12-01T00:00:00Z",
        )


def test_report_periods_are_whole_shanghai_days() -> None:
    days = local_days(SEASON.starts_at, SEASON.ends_at)
    assert (days[0], days[-1], len(days)) == ("2025-12-01", "2025-12-14", 14)
    assert days_before(days)[0] == "2025-11-17"
    assert days_before(days)[-1] == "2025-11-30"
    assert local_days("2025-12-01T00:30:00Z", "2025-12-01T02:00:00Z") == ["2025-12-01"]
