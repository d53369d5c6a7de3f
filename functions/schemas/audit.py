"""The audit trail of privileged acts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from pydantic import Field, model_validator

from functions.schemas.common import Id, PageOut, PageQuery, Schema, Timestamp
from youthvoice.domain.identity import Role
from youthvoice.domain.text import ID_MAX

if TYPE_CHECKING:
    from youthvoice.domain.audit import AuditEntry


class AuditQuery(PageQuery):
    platform_id: Id | None = Field(
        default=None, description="the subtree to read; defaults to the caller's (admins: all)"
    )
    actor: str | None = Field(
        default=None, min_length=1, max_length=ID_MAX, description="only this user's acts"
    )
    from_: dt.date | None = Field(
        default=None, alias="from", description="first Shanghai date, YYYY-MM-DD (with to)"
    )
    to: dt.date | None = Field(
        default=None, description="last Shanghai date included (with from); default: all kept"
    )

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.from_ is None) != (self.to is None):
            raise ValueError("from and to go together")
        return self

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        return (self.from_, self.to) if self.from_ and self.to else None


class AuditEntryOut(Schema):
    id: str
    at: Timestamp
    actor: str = Field(description="the acting user's id")
    role: Role
    platform_id: str = Field(description="the platform the act concerns")
    action: str = Field(description="e.g. question.remove, season.patch, activity.check_in")
    item_kind: str
    item_id: str
    request_id: str | None = Field(description="the API request id, as the logs carry it")

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(
            id=entry.id,
            at=entry.at,
            actor=entry.actor,
            role=entry.role,
            platform_id=entry.platform_id,
            action=entry.action,
            item_kind=entry.item_kind,
            item_id=entry.item_id,
            request_id=entry.request_id,
        )


class AuditPageOut(PageOut[AuditEntryOut]):
    """One page of the audit trail, newest first."""


AUDIT_COLUMNS = tuple(AuditEntryOut.model_fields)
