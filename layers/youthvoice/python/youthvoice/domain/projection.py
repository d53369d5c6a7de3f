"""What a change to the source of truth does to the projections, as pure effects.

Counters change by deltas (added up across a batch); list entries (a subtree feed, a moderation
queue) are documents, put or deleted, the last change of a batch winning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from youthvoice.domain.experts import Expert
from youthvoice.domain.questions import Answer, Question, Visibility

Entity = Expert | Question | Answer | None
EXCERPT = 80


@dataclass(frozen=True)
class CounterKey:
    """A counted scope (a platform, later a topic or a season) and one metric of it."""

    scope: str
    scope_id: str
    metric: str


@dataclass(frozen=True)
class DocumentKey:
    """A list entry: which list (`feed` of a platform and status, `moderation` of a platform)."""

    kind: str
    scope: str
    order: str


Fields = Mapping[str, str]


@dataclass(frozen=True)
class Change:
    """One stream record, decoded: the entity before and after (None when absent)."""

    event_id: str
    sequence_number: str
    before: Entity
    after: Entity
    lineage: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListEntry:
    """One row of a projected list (a feed or the moderation queue), as readers get it."""

    item_id: str
    kind: str
    question_id: str
    title: str
    excerpt: str
    topic: str
    platform_id: str
    status: str
    created_at: str
    due_at: str


@dataclass
class Effects:
    counters: Counter[CounterKey] = field(default_factory=Counter)
    documents: dict[DocumentKey, Fields | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.counters) or bool(self.documents)


def _contribution(entity: Entity) -> Counter[CounterKey]:
    counts: Counter[CounterKey] = Counter()
    if isinstance(entity, Expert) and entity.counts:
        for platform_id in entity.lineage:
            counts[CounterKey("platform", platform_id, "experts")] += 1
    return counts


def _documents(entity: Entity, lineage: tuple[str, ...]) -> dict[DocumentKey, Fields]:
    if isinstance(entity, Question):
        return _question_documents(entity)
    if isinstance(entity, Answer) and entity.visibility is Visibility.HELD:
        order = f"{entity.created_at}#{entity.id}"
        fields = {
            "item_id": entity.id,
            "kind": "answer",
            "question_id": entity.question_id,
            "excerpt": entity.body[:EXCERPT],
            "created_at": entity.created_at,
            "platform_id": lineage[0] if lineage else "",
        }
        return {DocumentKey("moderation", p, order): fields for p in lineage}
    return {}


def _question_documents(question: Question) -> dict[DocumentKey, Fields]:
    order = f"{question.created_at}#{question.id}"
    fields = {
        "item_id": question.id,
        "kind": "question",
        "question_id": question.id,
        "title": question.title,
        "topic": question.topic,
        "platform_id": question.platform_id,
        "status": str(question.status),
        "created_at": question.created_at,
        "due_at": question.due_at,
    }
    if question.visibility is Visibility.HELD:
        held = {**fields, "excerpt": question.body[:EXCERPT]}
        return {DocumentKey("moderation", p, order): held for p in question.lineage}
    if question.visibility is Visibility.REMOVED:
        return {}
    documents: dict[DocumentKey, Fields] = {}
    for platform_id in question.lineage:
        documents[DocumentKey("feed", f"{platform_id}#ALL", order)] = fields
        documents[DocumentKey("feed", f"{platform_id}#{question.status}", order)] = fields
    return documents


def effects(change: Change) -> Effects:
    """After minus before, so inserts, removals and moves between platforms all come out right."""
    counters = _contribution(change.after)
    counters.subtract(_contribution(change.before))
    before = _documents(change.before, change.lineage)
    after = _documents(change.after, change.lineage)
    documents: dict[DocumentKey, Fields | None] = dict.fromkeys(before.keys() - after.keys())
    documents.update({key: value for key, value in after.items() if before.get(key) != value})
    return Effects(Counter({k: v for k, v in counters.items() if v}), documents)


def merge(changes: Iterable[Effects]) -> Effects:
    """One batch's effects: counters summed, the last word on each document kept."""
    total = Effects()
    for change in changes:
        total.counters.update(change.counters)
        total.documents.update(change.documents)
    total.counters = Counter({key: amount for key, amount in total.counters.items() if amount})
    return total
