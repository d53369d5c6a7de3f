"""Question seasons on in-memory stores: their definitions and changes, the questions they tag,
their SLA, routing and roster, and their lifecycle. Feeds, notices, live boards and the report's
reads: tests/integration/test_seasons.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.unit.fakes import FakeClock, FakeStores
from tests.unit.scenario import asked, expert_on, staff, youth
from youthvoice.bootstrap import Dependencies
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from youthvoice.domain.pagination import PageRequest
from youthvoice.domain.questions import Question
from youthvoice.domain.seasons import DutySlot, Season, SeasonChanges, Standing
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services import cases, questions, seasons, stats, supervision

pytestmark = pytest.mark.usefixtures("deps")
CITY, COUNTY, OTHER_CITY = "sx-05", "sx-05-03", "sx-01"


def shanghai(month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, second, tzinfo=SHANGHAI)


def define(clock: FakeClock, topics: list[str], starts: str, ends: str, **extra: Any) -> Season:
    """A season on 晋城市, defined by its staff on 1 November."""
    clock.moment = shanghai(11, 1)
    draft = seasons.SeasonDraft(
        name="就业创业季",
        topics=tuple(topics),
        platform_id=extra.pop("platform_id", CITY),
        starts_at=starts,
        ends_at=ends,
        description="",
        sla_hours=extra.pop("sla_hours", None),
    )
    return seasons.create(extra.pop("by", staff(CITY)), draft)


def ask_at(
    clock: FakeClock, moment: dt.datetime, topic: str = "study", platform: str = COUNTY
) -> Question:
    clock.moment = moment
    return asked(
        youth("season-youth"), platform, topic=topic, title="考研还是工作", body="想听听建议"
    )


def changes(**given: Any) -> SeasonChanges:
    """As a PATCH body names them: only the fields given change."""
    return SeasonChanges(**given, fields=frozenset(given))


@pytest.fixture
def season(clock: FakeClock) -> Season:
    """Given a 升学季 on 晋城市 for study questions, 1 to 15 December 2025 in Shanghai."""
    return define(clock, ["study"], "2025-12-01", "2025-12-15", sla_hours=9)


def test_a_question_is_tagged_inside_the_window_scope_and_topics_only(
    clock: FakeClock, season: Season
) -> None:
    # When questions are asked inside the window, scope and topics, and just outside each
    tagged = {
        "at the start": ask_at(clock, shanghai(12, 1)),
        "just before the end": ask_at(clock, shanghai(12, 14, 23, 59, 59)),
    }
    untagged = {
        "just before the start": ask_at(clock, shanghai(11, 30, 23, 59, 59)),
        "at the end": ask_at(clock, shanghai(12, 15)),
        "another city": ask_at(clock, shanghai(12, 5, 10), platform=OTHER_CITY),
        "another topic": ask_at(clock, shanghai(12, 5, 10), topic="health"),
    }
    # Then only those inside are tagged with the season, which starts at midnight in Shanghai
    assert season.starts_at == "2025-11-30T16:00:00Z"
    assert {k: q.season_id for k, q in tagged.items()} == dict.fromkeys(tagged, season.id)
    assert {k: q.season_id for k, q in untagged.items()} == dict.fromkeys(untagged)
    # And a feed names a known season, and not with a platform as well
    for season_id, platform_id in (("nope", None), (season.id, CITY)):
        with pytest.raises(ValidationFailed):
            questions.feed(platform_id, season_id, None, None, PageRequest())


def test_the_season_sla_applies_when_tighter(clock: FakeClock, season: Season) -> None:
    # When a season question and another topic's are asked on Monday 09:00
    inside = ask_at(clock, shanghai(12, 1, 9))
    outside = ask_at(clock, shanghai(12, 1, 9), topic="health")
    # Then the season's 9 working hours apply to the first: Monday 18:00; the default 27 to the
    # other: Wednesday 18:00
    assert inside.due_at == "2025-12-01T10:00:00Z"
    assert outside.due_at == "2025-12-03T10:00:00Z"


def test_invited_experts_are_offered_season_questions_first(
    clock: FakeClock, season: Season
) -> None:
    # Given an expert on the county, and one on the province whom the season invites
    near = expert_on(COUNTY, "study")
    invited = expert_on("sx", "study")
    view = seasons.invite(staff(CITY), season.id, [invited.id])
    assert view.expert_ids == (invited.id,)
    # When questions are asked in the season and after it
    in_season = ask_at(clock, shanghai(12, 2, 10))
    out_of_season = ask_at(clock, shanghai(12, 20, 10))
    # Then the invited expert comes first in the season, the nearest after it
    assert in_season.assignees[0] == invited.id
    assert out_of_season.assignees[0] == near.id
    # And an unknown expert cannot be invited; one not invited cannot be withdrawn
    clock.moment = shanghai(11, 1)
    with pytest.raises(ValidationFailed):
        seasons.invite(staff(CITY), season.id, ["x"])
    seasons.invite(staff(CITY), season.id, [near.id])
    assert seasons.uninvite(staff(CITY), season.id, [invited.id]).expert_ids == (near.id,)
    with pytest.raises(NotFound):
        seasons.uninvite(staff(CITY), season.id, [invited.id])
    assert seasons.uninvite(staff(CITY), season.id, [near.id]).expert_ids == ()


def test_overlaps_bad_windows_and_strangers_are_refused(clock: FakeClock, season: Season) -> None:
    # When a season shares a topic and days with another on its scope, it is refused naming it
    with pytest.raises(Conflict) as overlapping:
        define(clock, ["study", "health"], "2025-12-14", "2025-12-20")
    assert season.id in overlapping.value.message
    # And another topic on those days, or the same topic from the day it ends, is defined
    define(clock, ["health"], "2025-12-14", "2025-12-20")
    define(clock, ["study"], "2025-12-15", "2025-12-20")
    # And a window that ends before it starts, lasts over 180 days or cannot be read is refused,
    # as is an unknown topic
    for topics, starts, ends in (
        (["study"], "2026-01-10", "2026-01-05"),
        (["study"], "2026-01-01", "2026-12-31"),
        (["study"], "soon", "2026-01-05"),
        (["astrology"], "2026-01-01", "2026-01-05"),
    ):
        with pytest.raises(ValidationFailed):
            define(clock, topics, starts, ends)
    # And staff of another city, or a young person, may not define one here; the province may
    for stranger in (staff(OTHER_CITY), youth("y")):
        with pytest.raises(Forbidden):
            define(clock, ["love-marriage"], "2027-02-01", "2027-02-10", by=stranger)
    define(clock, ["love-marriage"], "2027-02-01", "2027-02-10", by=staff("sx"))


def test_changes_follow_the_season_clock(clock: FakeClock, season: Season) -> None:
    # When the season has started, its topics are fixed; its name and description are not
    clock.moment = shanghai(12, 3)
    with pytest.raises(Conflict):
        seasons.patch(staff(CITY), season.id, changes(topics=("health",)))
    renamed = seasons.patch(staff(CITY), season.id, changes(name="升学就业季", description="冬季"))
    assert (renamed.name, renamed.description) == ("升学就业季", "冬季")
    # When it has ended, nothing changes
    clock.moment = shanghai(12, 20)
    with pytest.raises(Conflict):
        seasons.patch(staff(CITY), season.id, changes(name="太晚了"))
    # And staff of another city never change it; an unknown season is not found
    with pytest.raises(Forbidden):
        seasons.patch(staff(OTHER_CITY), season.id, changes(name="不行"))
    with pytest.raises(NotFound):
        seasons.get("nope")


def test_the_roster_covers_the_season_and_level_one_goes_to_the_department_on_duty(
    clock: FakeClock,
) -> None:
    # Given a season of rights questions from 1 to 11 December
    season = define(clock, ["rights"], "2025-12-01", "2025-12-11")

    def slot(department: str, start: str, end: str) -> DutySlot:
        return DutySlot(department, (f"{department}-staff",), start, end)

    # When the roster leaves a gap, or two departments overlap, it is refused saying where
    with pytest.raises(ValidationFailed) as gap:
        seasons.set_roster(
            staff(CITY),
            season.id,
            [
                slot("学校部", "2025-12-01", "2025-12-05"),
                slot("权益部", "2025-12-06", "2025-12-11"),
            ],
        )
    assert "2025-12-04T16:00:00Z to 2025-12-05T16:00:00Z" in gap.value.message
    with pytest.raises(ValidationFailed) as overlap:
        seasons.set_roster(
            staff(CITY),
            season.id,
            [
                slot("学校部", "2025-12-01", "2025-12-06"),
                slot("权益部", "2025-12-05", "2025-12-11"),
            ],
        )
    assert "both on duty" in overlap.value.message
    # When it covers the season, it is saved in order, its days as Shanghai midnights
    saved = seasons.set_roster(
        staff(CITY),
        season.id,
        [slot("权益部", "2025-12-06", "2025-12-11"), slot("学校部", "2025-12-01", "2025-12-06")],
    )
    assert [s.department for s in saved.roster] == ["学校部", "权益部"]
    assert (saved.roster[1].starts_at, saved.roster[1].ends_at) == (
        "2025-12-05T16:00:00Z",
        "2025-12-10T16:00:00Z",
    )
    # Then a question that breaches in the first slot goes to 学校部, one in the second to 权益部
    early = ask_at(clock, shanghai(12, 1, 9), topic="rights")
    late = ask_at(clock, shanghai(12, 8, 9), topic="rights")
    for question, breach, department in (
        (early, shanghai(12, 3, 18), "学校部"),
        (late, shanghai(12, 10, 18), "权益部"),
    ):
        steps = [s for s in supervision.sweep(breach).steps if s.question_id == question.id]
        assert [(s.level, s.platform_id) for s in steps] == [(1, COUNTY)]
        (record,) = cases.read(question.id).supervision
        assert record.department == department


def test_the_lifecycle_opens_then_closes_a_season_once_freezing_its_board(
    clock: FakeClock, stores: FakeStores
) -> None:
    # Given a season from 1 to 8 December with an invited expert
    created = define(clock, ["love-marriage"], "2025-12-01", "2025-12-08")
    expert = expert_on(COUNTY, "love-marriage")
    seasons.invite(staff(CITY), created.id, [expert.id])
    # When the lifecycle runs the day before, at the start and again
    clock.moment = shanghai(11, 30)
    before = seasons.run_lifecycle()
    clock.moment = shanghai(12, 1)
    opening, again = seasons.run_lifecycle(), seasons.run_lifecycle()
    # Then it opens the season once, at its start
    assert created.id not in before.opened
    assert (opening.opened, again.opened) == ([created.id], [])
    # When the season ends with the expert on its board (as the projection keeps it)
    board = projection_keys.board(projection_keys.season_period(created.id), CITY)
    stores.leaderboards.points[board][expert.user_id] = 15
    clock.moment = shanghai(12, 8)
    assert seasons.run_lifecycle().closed == [created.id]
    # Then the board is frozen on the season: later points change the live board only
    stores.leaderboards.points[board][expert.user_id] += 5
    assert seasons.get(created.id).season.final_board == (Standing(expert.user_id, 15),)
    shown = stats.expert_board(None, created.id, None, CITY, PageRequest()).items
    assert [(s.author.expert_id, s.author.user_id, s.points) for s in shown] == [
        (expert.id, None, 15)
    ]


def test_the_season_cache_reads_a_seasons_invitations_once_per_version(
    deps: Dependencies, season: Season
) -> None:
    # Given the container's season cache, and a way to read invitations that counts its reads
    reads: list[str] = []

    def read(season_id: str) -> tuple[str, ...]:
        reads.append(season_id)
        return (f"read-{len(reads)}",)

    # When a warm container asks for the season's invitations twice
    first, again = (deps.season_cache.invited(season.id, read) for _ in range(2))
    # Then they were read once
    assert (first, again, reads) == (("read-1",), ("read-1",), [season.id])
    # And when the season changes (a new version), they are read again
    expert = expert_on(COUNTY, "study")
    seasons.invite(staff(CITY), season.id, [expert.id])
    assert deps.season_cache.invited(season.id, read) == ("read-2",)
    # And a season the cache does not hold is read each time
    assert deps.season_cache.invited("long-ago", read) == ("read-3",)
