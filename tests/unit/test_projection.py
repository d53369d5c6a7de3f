"""Stream changes to counter deltas."""

from __future__ import annotations

import dataclasses
from collections import Counter

from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.projection import Change, Weights, boards, effects, merge
from youthvoice.domain.projection_keys import CounterKey, ScoreKey
from youthvoice.domain.questions import Answer, Question, Status, Visibility, record_answer

EXPERT = Expert(
    id="ex-1",
    user_id="u-1",
    name="王芳",
    platform_id="sx-04-11",
    lineage=("sx-04-11", "sx-04", "sx"),
    topics=("health",),
    bio="",
    status=ExpertStatus.ACTIVE,
    created_at="2026-11-01T00:00:00Z",
)


def experts(platform: str, amount: int) -> tuple[CounterKey, int]:
    return CounterKey("platform", platform, "experts"), amount


def deltas(change: Change) -> Counter[CounterKey]:
    """The platform counters only (experts also count per topic)."""
    return Counter({k: v for k, v in effects(change).counters.items() if k.scope == "platform"})


def test_a_new_expert_counts_for_the_whole_ancestry() -> None:
    change = Change("e1", "1", None, EXPERT)
    assert deltas(change) == Counter(
        dict([experts("sx-04-11", 1), experts("sx-04", 1), experts("sx", 1)])
    )


def test_a_move_only_touches_the_platforms_that_differ() -> None:
    moved = dataclasses.replace(EXPERT, platform_id="sx-04-01", lineage=("sx-04-01", "sx-04", "sx"))
    assert deltas(Change("e2", "2", EXPERT, moved)) == Counter(
        dict([experts("sx-04-11", -1), experts("sx-04-01", 1)])
    )


def test_pausing_uncounts_and_unrelated_edits_change_nothing() -> None:
    paused = dataclasses.replace(EXPERT, status=ExpertStatus.PAUSED)
    assert sum(deltas(Change("e3", "3", EXPERT, paused)).values()) == -3
    renamed = dataclasses.replace(EXPERT, bio="新简介")
    assert deltas(Change("e4", "4", EXPERT, renamed)) == Counter()


def test_a_batch_aggregates_to_one_delta_per_key() -> None:
    changes = [Change(f"e{n}", str(n), None, EXPERT) for n in range(10)]
    changes.append(Change("x", "11", EXPERT, None))
    merged = merge(effects(change) for change in changes).counters
    assert Counter({k: v for k, v in merged.items() if k.scope == "platform"}) == Counter(
        dict([experts("sx-04-11", 9), experts("sx-04", 9), experts("sx", 9)])
    )


QUESTION = Question(
    id="q1",
    asker="y1",
    anonymous=False,
    title="怎么找实习",
    body="正文",
    topic="employment",
    platform_id="sx-04-11",
    lineage=("sx-04-11", "sx-04", "sx"),
    tags=(),
    status=Status.OPEN,
    created_at="2026-11-01T00:00:00Z",
    due_at="2026-11-04T00:00:00Z",
    assignees=(),
)
ANSWER = Answer(
    id="a1",
    question_id="q1",
    author="expert-user",
    official=True,
    body="答",
    created_at="2026-11-02T00:00:00Z",
)
LINEAGE = ("sx-04-11", "sx-04", "sx")


def test_a_question_counts_on_its_lineage_and_topic() -> None:
    counters = effects(Change("e", "1", None, QUESTION, LINEAGE)).counters
    assert counters[CounterKey("platform", "sx", "questions")] == 1
    assert counters[CounterKey("topic", "employment", "questions")] == 1
    assert counters[CounterKey("platform", "sx-04", "answered")] == 0


def test_answering_on_time_and_resolving_move_the_question_counters() -> None:
    answered, stamped = record_answer(QUESTION, ANSWER, None)
    resolved = dataclasses.replace(answered, status=Status.RESOLVED)
    counters = effects(Change("e", "2", QUESTION, resolved, LINEAGE)).counters
    for metric in ("answers", "answered", "on_time", "resolved"):
        assert counters[CounterKey("platform", "sx-04", metric)] == 1, metric
    assert counters[CounterKey("platform", "sx-04", "questions")] == 0
    assert stamped.on_time


def test_an_answer_earns_its_author_points_on_every_board() -> None:
    weights = Weights()
    liked = dataclasses.replace(ANSWER, likes=3, accepted=True, on_time=True)
    change = effects(Change("e", "3", ANSWER, liked, LINEAGE), weights)
    gained = weights.accepted + 3 * weights.like + weights.on_time
    assert change.counters[CounterKey("expert", "expert-user", "points")] == gained
    assert change.scores == Counter(
        {ScoreKey(board, "expert-user"): gained for board in boards("2026-11", LINEAGE)}
    )
    assert len(change.scores) == 6


def test_peer_and_held_answers_earn_nothing() -> None:
    peer = dataclasses.replace(ANSWER, official=False)
    held = dataclasses.replace(ANSWER, visibility=Visibility.HELD)
    for answer in (peer, held):
        change = effects(Change("e", "4", None, answer, LINEAGE))
        assert (change.counters, change.scores) == (Counter(), Counter())
    assert len(effects(Change("e", "5", None, held, LINEAGE)).documents) == len(LINEAGE)


def test_a_reopen_takes_the_accepted_points_back_from_the_answer_accepted_before() -> None:
    # Given an accepted answer, When the question's reopen clears its flag
    weights = Weights()
    accepted = dataclasses.replace(ANSWER, accepted=True)
    change = effects(Change("e", "6", accepted, ANSWER, LINEAGE), weights)
    # Then its author loses one accepted answer and its points, on every board
    expert = ("expert", "expert-user")
    assert change.counters == Counter(
        {CounterKey(*expert, "accepted"): -1, CounterKey(*expert, "points"): -weights.accepted}
    )
    assert set(change.scores.values()) == {-weights.accepted}
    assert len(change.scores) == len(boards("2026-11", LINEAGE))
