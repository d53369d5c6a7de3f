"""The audit trail of privileged acts: each act records one entry in its own transaction, and
admins and staff read their subtree's entries, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain.audit import AuditEntry, AuditWindow, require_reader
from youthvoice.domain.identity import Principal, Role, check_user_id
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.timestamps import iso
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services.runtime import reference


class AuditTrail(Protocol):
    def recording(self, entry: AuditEntry) -> AbstractContextManager[None]:
        """The entry commits with the first transaction the block commits (alone if none)."""

    def page(
        self, platform_id: str, actor: str | None, window: AuditWindow, page: PageRequest
    ) -> Page[AuditEntry]: ...


def _trail() -> AuditTrail:
    return dependencies().stores.audit


def entry(
    principal: Principal, action: str, item_kind: str, item_id: str, lineage: Sequence[str]
) -> AuditEntry:
    """`lineage`: the platform the act concerns and its ancestors."""
    moment = now()
    return AuditEntry(
        id=str(ULID.from_datetime(moment)),
        at=iso(moment),
        actor=principal.sub,
        role=principal.role,
        lineage=tuple(lineage),
        action=action,
        item_kind=item_kind,
        item_id=item_id,
        request_id=principal.request_id,
    )


def recorded(
    principal: Principal, action: str, item_kind: str, item_id: str, lineage: Sequence[str]
) -> AbstractContextManager[None]:
    """Wraps an act outside a question's case: the entry joins the act's transaction."""
    return _trail().recording(entry(principal, action, item_kind, item_id, lineage))


def operated(operator: str, action: str, item_kind: str, item_id: str, platform_id: str) -> None:
    """An operator's act from a shell (`youthvoice reconcile --repair`, `replay`, ...), recorded
    alone before it runs: its writes go around the unit of work, and a run that stops halfway
    has still changed data. `operator` is who the AWS credentials name; they act as an admin
    over `platform_id`'s subtree."""
    principal = Principal(check_user_id(operator, "operator"), Role.ADMIN)
    lineage = reference().platform(platform_id).lineage
    with recorded(principal, action, item_kind, item_id, lineage):
        pass


def entries(
    principal: Principal,
    platform_id: str | None,
    actor: str | None,
    period: tuple[dt.date, dt.date] | None,
    page: PageRequest,
) -> Page[AuditEntry]:
    """A platform's subtree (default: the caller's, or everything for an admin), within the
    period (default: all that is kept)."""
    default = principal.platform if principal.role is Role.STAFF else None
    platform = reference().platform(platform_id or default or settings().root_platform)
    require_reader(principal, platform.lineage)
    if actor is not None:
        check_user_id(actor, "actor")
    window = (
        AuditWindow.of(*period)
        if period
        else AuditWindow.default(now().astimezone(SHANGHAI).date())
    )
    return _trail().page(platform.id, actor, window, page)
