"""What a change to the source of truth does to the derived counters, as pure deltas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from youthvoice.domain.experts import Expert

Entity = Expert | None


@dataclass(frozen=True)
class CounterKey:
    """A counted scope (a platform, later a topic or a season) and one metric of it."""

    scope: str
    scope_id: str
    metric: str


@dataclass(frozen=True)
class Change:
    """One stream record, decoded: the entity before and after (None when absent)."""

    event_id: str
    sequence_number: str
    before: Entity
    after: Entity


def _contribution(entity: Entity) -> Counter[CounterKey]:
    counts: Counter[CounterKey] = Counter()
    if isinstance(entity, Expert) and entity.counts:
        for platform_id in entity.lineage:
            counts[CounterKey("platform", platform_id, "experts")] += 1
    return counts


def deltas(change: Change) -> Counter[CounterKey]:
    """After minus before, so inserts, removals and moves between platforms all come out right."""
    result = _contribution(change.after)
    result.subtract(_contribution(change.before))
    return Counter({key: amount for key, amount in result.items() if amount})


def aggregate(changes: Iterable[Change]) -> Counter[CounterKey]:
    total: Counter[CounterKey] = Counter()
    for change in changes:
        total.update(deltas(change))
    return Counter({key: amount for key, amount in total.items() if amount})
