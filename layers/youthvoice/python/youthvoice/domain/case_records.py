"""What a case accumulates besides the question and its answers: supervision records (督办单)
and the audited timeline. Kept apart from both the question rules and the ladder, which use them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


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

    @property
    def is_open(self) -> bool:
        return self.status is RecordStatus.OPEN


@dataclass(frozen=True)
class TimelineEvent:
    """An audited step in a question's life; `recipients` are the inboxes it notifies."""

    id: str
    question_id: str
    at: str
    kind: str
    actor: str
    detail: str = ""
    recipients: tuple[str, ...] = ()
    level: int | None = None
    title: str = ""
