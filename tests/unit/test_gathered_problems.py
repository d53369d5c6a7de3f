"""The domain's checks on a whole request report every broken rule at once, each on its field
with a code and the limit it broke."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.unit.test_projection_keys import HELD
from tests.unit.test_seasons import SEASON
from youthvoice.domain.alliances import check_times
from youthvoice.domain.errors import ProblemCode, Problems, ValidationFailed
from youthvoice.domain.reports import RANGE_DAYS_MAX, DateRange
from youthvoice.domain.seasons import LONGEST, check


def test_an_activity_reports_every_time_and_place_rule_it_breaks() -> None:
    # Given an activity that ends before it starts, whose signups close before they open and
    # after it ends, and that reserves more places than it has
    broken = dataclasses.replace(
        HELD,
        ends_at="2026-11-02T01:00:00Z",
        signup_opens_at="2026-11-03T00:00:00Z",
        signup_closes_at="2026-11-02T12:00:00Z",
        reserved=HELD.capacity + 1,
    )
    # When its times are checked
    problems = Problems()
    check_times(broken, problems)
    # Then each rule is a problem on its field, naming the field or bound it is measured by
    assert [(p.field, p.code, dict(p.limits)) for p in problems.found] == [
        ("ends_at", ProblemCode.NOT_AFTER, {"after": "starts_at"}),
        ("signup_closes_at", ProblemCode.NOT_AFTER, {"after": "signup_opens_at"}),
        ("signup_closes_at", ProblemCode.TOO_LATE, {"latest": "ends_at"}),
        ("reserved", ProblemCode.OUT_OF_RANGE, {"max": HELD.capacity}),
    ]


def test_a_sound_activity_has_no_problem() -> None:
    problems = Problems()
    check_times(HELD, problems)
    assert problems.found == []


def test_a_season_reports_a_repeated_topic_and_its_window_together() -> None:
    # Given a season repeating a topic and lasting longer than a season may
    broken = dataclasses.replace(SEASON, topics=("a", "a"), ends_at="2027-06-01T00:00:00Z")
    # When it is checked
    with pytest.raises(ValidationFailed) as raised:
        check(broken)
    # Then both are reported, the span with its most days
    assert [(p.field, p.code, dict(p.limits)) for p in raised.value.fields] == [
        ("topics", ProblemCode.DUPLICATE, {}),
        ("ends_at", ProblemCode.SPAN_TOO_LONG, {"max_days": LONGEST.days}),
    ]


@pytest.mark.parametrize(
    ("first", "last", "code", "limits"),
    [
        (dt.date(2026, 2, 1), dt.date(2026, 1, 1), ProblemCode.TOO_EARLY, {"earliest": "from"}),
        (
            dt.date(2026, 1, 1),
            dt.date(2027, 1, 2),
            ProblemCode.SPAN_TOO_LONG,
            {"max_days": RANGE_DAYS_MAX},
        ),
    ],
)
def test_a_report_range_names_to_and_its_bound(
    first: dt.date, last: dt.date, code: ProblemCode, limits: dict[str, object]
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        DateRange.of(first, last)
    [problem] = raised.value.fields
    assert (problem.field, problem.code, dict(problem.limits)) == ("to", code, limits)
