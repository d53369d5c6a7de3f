"""What a case accumulates besides the question and its answers: supervision records (督办单)
and the audited timeline. Kept apart from both the question rules and the ladder, which use them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from youthvoice.domain.people import AuthorKind, Writer


class Level(IntEnum):
    REMINDER = 0
    SUPERVISION = 1
    PARENT = 2
    PROVINCE = 3


# A question's `escalation_level` before its first rung: below every Level.
NOT_ESCALATED = -1


class RecordStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class SupervisionRecord:
    """A 督办单: one platform's staff must see the question answered by `due_at`."""

    question_id: str
    round: int
    level: Level
    platform_id: str
    lineage: tuple[str, ...]
    title: str
    topic: str
    opened_at: str
    due_at: str
    status: RecordStatus = RecordStatus.OPEN
    closed_at: str | None = None
    outcome: str | None = None
    department: str | None = None
    question_due_at: str | None = None
    """The question's first-response deadline when the record was opened (None on records
    opened before it was kept)."""

    @property
    def is_open(self) -> bool:
        return self.status is RecordStatus.OPEN


class EventKind(StrEnum):
    """Each step a question's timeline shows: the ones its own items record (asked, invited,
    answered) and the audited events use cases and the sweep store."""

    ASKED = "asked"
    INVITED = "invited"
    ANSWERED = "answered"
    PEER_ANSWERED = "peer_answered"
    ANSWER_EDITED = "answer_edited"
    ANSWERED_OFFLINE = "answered_offline"
    LOW_RATING = "low_rating"
    REMINDER = "reminder"
    ESCALATED = "escalated"
    REASSIGNED = "reassigned"
    EXTENDED = "extended"
    CLOSED = "closed"
    QUESTION_EDITED = "question_edited"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class TimelineEvent:
    """An audited step in a question's life; `recipients` are the inboxes it notifies."""

    id: str
    question_id: str
    at: str
    kind: EventKind
    actor: str
    detail: str = ""
    recipients: tuple[str, ...] = ()
    level: Level | None = None
    title: str = ""
    # Who acted, as others see them, recorded when it happened; None for the service itself
    # (routing, the sweep) and on events kept before it was recorded.
    actor_kind: AuthorKind | None = None
    actor_name: str = ""
    actor_ref: str | None = None  # an expert's id, or a staff desk's platform

    def by(self, writer: Writer) -> TimelineEvent:
        return dataclasses.replace(
            self,
            actor=writer.user_id,
            actor_kind=writer.kind,
            actor_name=writer.name,
            actor_ref=writer.expert_id or writer.platform_id,
        )

    def writer(self) -> Writer | None:
        if self.actor_kind is None:
            return None
        kind = self.actor_kind
        return Writer(
            self.actor,
            kind,
            self.actor_name,
            expert_id=self.actor_ref if kind is AuthorKind.EXPERT else None,
            platform_id=self.actor_ref if kind is AuthorKind.STAFF else None,
        )
