"""The notification inbox."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from functions.schemas.common import PageQuery, StrictBody


class NotificationQuery(PageQuery):
    desk: Literal["true", "false"] | None = Field(
        default=None, description="staff: read the platform's shared duty desk instead of mine"
    )


class NotificationOut(BaseModel):
    id: str
    kind: str = Field(
        description="answer, reopened, invitation, reminder, escalated, extended, closed, "
        "season_started"
    )
    question_id: str
    title: str
    created_at: str
    read: bool


class InboxOut(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class ReadIn(StrictBody):
    ids: list[str] | None = None
    all: bool = False
    desk: bool = Field(default=False, description="staff: the platform's duty desk")


class ReadOut(BaseModel):
    marked: int
