"""Stream changes to counter deltas."""

from __future__ import annotations

import dataclasses
from collections import Counter

from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.projection import Change, CounterKey, effects, merge

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
    return effects(change).counters


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
    assert merge(effects(change) for change in changes).counters == Counter(
        dict([experts("sx-04-11", 9), experts("sx-04", 9), experts("sx", 9)])
    )
