"""A question's case and what one use case changes in it.

The case is everything under the question's partition: the question, its answers, invitations,
ratings, flags, supervision records and timeline. A use case reads it whole, records its changes
on a `Case`, and the store commits them in one transaction conditional on the question's version.

A peer answer is the exception: it changes nothing a reader of the question decided on, so it is
written on its own, conditional only on the question still being open to peer answers, and its
count is an atomic ADD. Many young people answering one question at once then never race.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from youthvoice.domain.audit import AuditEntry
from youthvoice.domain.case_records import SupervisionRecord, TimelineEvent
from youthvoice.domain.escalation import settle
from youthvoice.domain.questions import (
    Answer,
    Assignment,
    AssignmentState,
    Question,
    QuestionView,
    Rating,
    acceptance_changes,
)
from youthvoice.domain.routing import Candidate


@dataclass(frozen=True)
class Flag:
    user_id: str
    reason: str


@dataclass(frozen=True)
class IdempotencyMarker:
    """Which result a client's Idempotency-Key produced, kept until `expires_at`, with the
    fingerprint of the request that used it: a replay must be that very request."""

    user_id: str
    key: str
    expires_at: dt.datetime
    fingerprint: str


@dataclass(frozen=True)
class Remembered:
    """What an Idempotency-Key produced. No fingerprint: kept before requests had one."""

    result_id: str
    fingerprint: str | None


def request_fingerprint(*parts: str) -> str:
    """SHA-256 of a request's canonical JSON: equal only for the same target and content."""
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@dataclass
class Case:
    """The case as read at `at`, and the changes collected on it (nothing is written until the
    unit of work commits them)."""

    view: QuestionView
    at: str
    question: Question = field(init=False)
    invited: list[Candidate] = field(default_factory=list)
    ended: list[Assignment] = field(default_factory=list)
    changed_answers: list[Answer] = field(default_factory=list)
    new_answer: Answer | None = None
    # Alone, or with its idempotency marker: never with a change to the question (module doc).
    peer_answer: Answer | None = None
    idempotency: IdempotencyMarker | None = None
    rating: Rating | None = None
    flag: Flag | None = None
    records: list[SupervisionRecord] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)
    # Stored events rewritten (an erased person's id taken out), and a flag taken back.
    renamed_events: list[TimelineEvent] = field(default_factory=list)
    forgotten_flag: str | None = None
    # A privileged act's entry in the audit trail, committed with its change.
    audit: AuditEntry | None = None

    def __post_init__(self) -> None:
        self.question = self.view.question

    @property
    def changed(self) -> bool:
        return self.question != self.view.question or any(
            (
                self.invited,
                self.ended,
                self.changed_answers,
                self.new_answer,
                self.peer_answer,
                self.rating,
                self.flag,
                self.records,
                self.events,
                self.renamed_events,
                self.forgotten_flag,
            )
        )

    def open_invitation(self, user_id: str) -> Assignment | None:
        return next((a for a in self.view.assignments if a.user_id == user_id and a.is_open), None)

    def open_invitations(self) -> list[Assignment]:
        return [a for a in self.view.assignments if a.is_open]

    def end(self, invitation: Assignment, state: AssignmentState, reason: str | None) -> None:
        """The invitation leaves the expert's queue and their load is released."""
        self.ended.append(dataclasses.replace(invitation, state=state, reason=reason))

    def load_changes(self) -> Counter[tuple[str, str]]:
        """Open invitations per expert and topic: +1 for each new one, -1 for each that ends.
        Summed per routing entry, because one transaction may touch an item only once."""
        loads: Counter[tuple[str, str]] = Counter()
        for candidate in self.invited:
            loads.update((candidate.expert_id, topic) for topic in candidate.topics)
        for ended in self.ended:
            loads.subtract((ended.expert_id, topic) for topic in ended.topics)
        return loads

    def answers_to_write(self) -> list[Answer]:
        """The answers the use case changed, and those whose accepted flag no longer agrees
        with the question (every change of the case moves it), each once: one transaction may
        touch an item only once."""
        changed = {a.id: a for a in self.changed_answers}
        current = {a.id: a for a in self.view.answers} | changed
        moved = {a.id: a for a in acceptance_changes(self.question, list(current.values()))}
        return [moved.get(id_, a) for id_, a in current.items() if id_ in changed or id_ in moved]

    def settled_records(self) -> list[SupervisionRecord]:
        """The records to write: those the use case opened, and the open ones that close because
        the question no longer awaits a response (every change of the case settles them)."""
        return [*self.records, *settle(self.view.supervision, self.question, self.at)]
