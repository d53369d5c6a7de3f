"""Supervision (督办): records, staff actions on a case, the sweep."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from functions.schemas.common import (
    Id,
    Moment,
    PageOut,
    PageQuery,
    Reason,
    Schema,
    StrictBody,
    Timestamp,
)
from youthvoice.domain.case_records import Level, RecordStatus
from youthvoice.domain.routing import INVITATIONS
from youthvoice.domain.timestamps import iso

if TYPE_CHECKING:
    from youthvoice.domain.projection import SupervisionEntry
    from youthvoice.services.supervision import Desk, Escalated, SweepReport


class ReassignIn(StrictBody):
    expert_ids: list[Id] = Field(min_length=1, max_length=INVITATIONS)


class ExtendIn(StrictBody):
    until: Moment = Field(description="ISO 8601 with a time zone")
    reason: Reason


class CloseIn(StrictBody):
    reason: Literal["out_of_scope", "duplicate", "spam"]
    duplicate_of: Id | None = Field(default=None, description='required with "duplicate"')


# The rungs a supervision record is written at (a reminder, level 0, writes none).
RecordLevel = Annotated[
    int,
    Field(
        ge=int(Level.SUPERVISION),
        le=int(Level.PROVINCE),
        description="1 the platform's duty staff, 2 its parent, 3 the province",
    ),
]


class SupervisionQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="defaults to the caller's platform")
    level: RecordLevel | None = None
    status: RecordStatus | None = Field(default=None, description="defaults to open")


class SupervisionEntryOut(Schema):
    question_id: str
    title: str
    topic: str
    platform_id: str = Field(description="whose staff the record is for")
    level: Level
    status: RecordStatus
    opened_at: Timestamp
    due_at: Timestamp = Field(description="the record's own deadline")
    outcome: str | None
    department: str | None = Field(description="a season's department on duty, at rung 1")
    question_due_at: Timestamp | None = Field(
        description="the question's first-response deadline; null on records opened before "
        "it was kept"
    )
    overdue_seconds: int = Field(
        ge=0,
        description="how long the question is past its deadline at `now` (past the record's "
        "opening when the deadline is not known); 0 on closed records",
    )

    @classmethod
    def of(cls, entry: SupervisionEntry, now: dt.datetime) -> SupervisionEntryOut:
        return cls(**dataclasses.asdict(entry), overdue_seconds=entry.overdue_seconds(now))


class SupervisionPageOut(PageOut[SupervisionEntryOut]):
    """One page of supervision records, with the server's time their overdue times count to."""

    now: Timestamp

    @classmethod
    def of_desk(cls, desk: Desk) -> SupervisionPageOut:
        return cls(
            items=[SupervisionEntryOut.of(entry, desk.now) for entry in desk.page.items],
            next_cursor=desk.page.next_cursor,
            now=iso(desk.now),
        )


class SweepIn(StrictBody):
    as_of: Moment | None = Field(default=None, description="not accepted in production")


class EscalatedOut(Schema):
    question_id: str
    level: Level
    platform_id: str | None
    at: Timestamp

    @classmethod
    def of(cls, step: Escalated) -> EscalatedOut:
        return cls(**dataclasses.asdict(step))


class SweepOut(Schema):
    as_of: Timestamp
    due: int = Field(description="questions whose next rung was due")
    overdue: int = Field(description="of those, past their response deadline")
    steps: list[EscalatedOut]

    @classmethod
    def of(cls, report: SweepReport) -> SweepOut:
        return cls(
            as_of=report.as_of,
            due=report.due,
            overdue=report.overdue,
            steps=[EscalatedOut.of(step) for step in report.steps],
        )
