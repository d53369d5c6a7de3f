"""The moderation queue and decisions on held items."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from functions.schemas.common import TEXT, Id, PageOut, PageQuery, Schema, StrictBody, Timestamp
from youthvoice.domain.projection import EntryKind, ListEntry
from youthvoice.domain.questions import REASON_MAX, Visibility


class ModerationIn(StrictBody):
    action: Literal["approve", "remove"]
    reason: Annotated[str, TEXT, StringConstraints(max_length=REASON_MAX)] = ""


class ModerationQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="defaults to the caller's platform")


class ModerationEntryOut(Schema):
    item_id: str
    kind: EntryKind
    question_id: str
    title: str
    excerpt: str
    platform_id: str
    created_at: Timestamp

    @classmethod
    def of(cls, entry: ListEntry) -> ModerationEntryOut:
        return cls(
            item_id=entry.item_id,
            kind=entry.kind,
            question_id=entry.question_id,
            title=entry.title,
            excerpt=entry.excerpt,
            platform_id=entry.platform_id,
            created_at=entry.created_at,
        )


class ModerationPageOut(PageOut[ModerationEntryOut]):
    """One page of the moderation queue."""


class ModerationOut(Schema):
    item_id: str
    visibility: Visibility
