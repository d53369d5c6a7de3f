"""Readers only ask for keys the projector writes: a key renamed on one side would read as zeros."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from tests.unit.test_projection import ANSWER, EXPERT, LINEAGE, QUESTION
from youthvoice.domain import projection_keys as keys
from youthvoice.domain.alliances import Activity, Alliance, Stage, Unit
from youthvoice.domain.case_records import Level, SupervisionRecord
from youthvoice.domain.projection import Change, effects
from youthvoice.domain.projection_keys import ListKind, Period, ScopeKind
from youthvoice.domain.questions import Status, Visibility

ASKED = dataclasses.replace(QUESTION, created_at="2026-11-01T02:00:00Z", season_id="s1")
RESOLVED = dataclasses.replace(
    ASKED,
    status=Status.RESOLVED,
    official_answers=1,
    answered_on_time=True,
    accepted_answer_id="a1",
    ratings=1,
    rating_sum=5,
)
ANSWERED = dataclasses.replace(ANSWER, accepted=True, season_id="s1", asker="y1")
RECORD = SupervisionRecord(
    "q1", 1, Level.PARENT, "sx-04", ("sx-04", "sx"), "怎么找实习", "employment", "a", "b"
)

ALLIANCE = Alliance(
    "al1", "就业联盟", "sx-04", ("sx-04", "sx"), ("employment",), (), (), "staff", "a"
)
HELD = Activity(
    id="ac1", alliance_id="al1", platform_id="sx-04", lineage=("sx-04", "sx"),
    topics=("employment",), title="讲座", description="", location="礼堂",
    starts_at="2026-11-02T02:00:00Z", ends_at="2026-11-02T04:00:00Z",
    signup_opens_at="2026-11-01T00:00:00Z", signup_closes_at="2026-11-02T00:00:00Z",
    capacity=50, unit=Unit.PERSON, reserved=0, season_id="s1", source_question_ids=("q1",),
    created_by="staff", created_at="a",
    stage=Stage.CLOSED, confirmed=40, checked_in=30, participants=30,
)  # fmt: skip

# Given what the projector sees in a question's life: an expert registered, a question asked in
# a season and held for review, then shown, answered, accepted, rated and resolved; the
# official answer (which notifies the asker); and a supervision record on the city.
CHANGES = [
    Change("e1", "1", None, EXPERT),
    Change("e2", "2", None, dataclasses.replace(ASKED, visibility=Visibility.HELD)),
    Change("e3", "3", None, ASKED),
    Change("e4", "4", ASKED, RESOLVED),
    Change("e5", "5", None, ANSWERED, LINEAGE),
    Change("e6", "6", None, RECORD),
    Change("e7", "7", None, ALLIANCE),
    Change("e8", "8", dataclasses.replace(HELD, stage=Stage.SCHEDULED), HELD),
]


def written() -> set[object]:
    """Every counter row, leaderboard and list the changes touch, as readers name them."""
    found: set[object] = set()
    for change in CHANGES:
        projected = effects(change)
        found |= {(key.scope, key.scope_id) for key in projected.counters}
        found |= {key.board for key in projected.scores}
        found |= {dataclasses.replace(key, order="") for key in projected.documents}
    return found


# What readers ask for, one case per key builder, with the ids of the changes above.
READS: dict[str, object] = {
    "platform": keys.platform("sx-04"),
    "topic": keys.topic("employment"),
    "season": keys.season("s1"),
    "platform_season": keys.platform_season("sx-04-11", "s1"),
    "season_day": keys.season_day("s1", "2026-11-01"),
    "platform_topic_day": keys.platform_topic_day("sx", "employment", "2026-11-01"),
    "platform_day": keys.platform_day("sx-04", "2026-11-01"),
    "platform_month": keys.platform_month("sx", "2026-11"),
    "expert": keys.expert("expert-user"),
    "unread": keys.unread("y1"),
    "board": keys.board(Period.ALL_TIME, "sx"),
    "month": keys.board(keys.month("2026-11"), "sx-04"),
    "season_period": keys.board(keys.season_period("s1"), "sx-04-11"),
    "feed": keys.feed("sx-04", Status.RESOLVED),
    "season_feed": keys.feed(keys.season_feed("s1"), None),
    "moderation_queue": keys.moderation_queue("sx"),
    "inbox": keys.inbox("y1"),
    "supervision_list": keys.supervision_list("sx", "open", Level.PARENT),
    "alliance": keys.alliance("al1"),
    "activity_list": keys.activity_list(keys.season_feed("s1"), "employment"),
    "alliance_list": keys.alliance_list("sx", None),
    "term": keys.term("实习"),
    "indexed": keys.indexed(),
    "postings": keys.postings("实习"),
    "search_document": dataclasses.replace(keys.search_document("q1"), order=""),
}
NOT_PROJECTED = {"question_visits"}  # a read counts its own visits; the projector never does


@pytest.mark.parametrize("builder", sorted(READS))
def test_every_key_a_reader_builds_is_one_the_projector_writes(builder: str) -> None:
    # Given the keys the projector wrote for the changes above
    projected = written()
    # When a reader builds its key with the same ids
    asked_for = READS[builder]
    # Then the projector wrote it
    assert asked_for in projected


def test_every_declared_family_is_written() -> None:
    # Given the keys the projector wrote for the changes above
    projected = written()
    # When they are sorted into families
    scopes = {key[0] for key in projected if isinstance(key, tuple)}
    lists = {key.kind for key in projected if isinstance(key, keys.DocumentKey)}
    # Then every counter and list family is among them, as is every scope the reconcile
    # recounts and every scope a read counts a visit on
    assert scopes == set(ScopeKind) - {ScopeKind.QUESTION}
    assert lists == set(ListKind)
    assert scopes >= keys.RECOUNTABLE_SCOPES | keys.VISITED_SCOPES


def test_every_key_builder_has_a_case() -> None:
    # Given the key builders the module offers
    builders = {
        name
        for name, function in inspect.getmembers(keys, inspect.isfunction)
        if function.__module__ == keys.__name__
    }
    # When they are compared with the cases above
    unchecked = builders - set(READS) - NOT_PROJECTED
    # Then none is left unchecked (a new builder needs a case in READS)
    assert unchecked == set()
