"""The notification inbox."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints

from functions.schemas.common import PageQuery, Schema, StrictBody, Timestamp
from youthvoice.domain.projection import MARK_READ_MAX, NotificationKind
from youthvoice.domain.text import ID_MAX, NOTIFICATION_ID_PATTERN

if TYPE_CHECKING:
    from youthvoice.domain.projection import Notification
    from youthvoice.services.notifications import Inbox


class NotificationQuery(PageQuery):
    desk: bool = Field(
        default=False, description="staff: read the platform's shared duty desk instead of mine"
    )


class NotificationOut(Schema):
    id: str
    kind: NotificationKind
    question_id: str
    title: str
    created_at: Timestamp
    read: bool
    detail: str = Field(description="what the event said, e.g. an activity's summary")
    activity_id: str = Field(description="promoted, activity_cancelled: the activity")

    @classmethod
    def of(cls, notification: Notification) -> NotificationOut:
        return cls(**dataclasses.asdict(notification))


class InboxOut(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int

    @classmethod
    def of(cls, inbox: Inbox) -> InboxOut:
        return cls(
            items=[NotificationOut.of(n) for n in inbox.page.items],
            next_cursor=inbox.page.next_cursor,
            unread=inbox.unread,
        )


NotificationId = Annotated[
    str, StringConstraints(min_length=1, max_length=ID_MAX, pattern=NOTIFICATION_ID_PATTERN)
]


class ReadIn(StrictBody):
    ids: list[NotificationId] | None = Field(default=None, min_length=1, max_length=MARK_READ_MAX)
    all: bool = False
    desk: bool = Field(default=False, description="staff: the platform's duty desk")


class ReadOut(Schema):
    marked: int
