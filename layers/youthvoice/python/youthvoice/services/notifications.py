"""The notification inbox: projected from the stream, read marks set by its owner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from youthvoice.data.projections import CounterRepository, InboxRepository
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import Forbidden, ValidationFailed
from youthvoice.domain.escalation import desk as duty_desk
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.projection import Notification


@dataclass(frozen=True)
class Inbox:
    page: Page[Notification]
    unread: int


def _owner(principal: Principal, desk: bool) -> str:
    """My own inbox, or (for staff) the duty desk my platform's staff share."""
    if not desk:
        return principal.sub
    if principal.role is not Role.STAFF or principal.platform is None:
        raise Forbidden("only staff have a platform duty desk")
    return duty_desk(principal.platform)


def inbox(principal: Principal, desk: bool, page: PageRequest) -> Inbox:
    owner = _owner(principal, desk)
    unread_row = projection_keys.unread(owner)
    unread = CounterRepository().counts([unread_row])[unread_row]
    return Inbox(InboxRepository().page(owner, page), max(unread.get("unread", 0), 0))


def mark_read(principal: Principal, desk: bool, ids: Sequence[str] | None, everything: bool) -> int:
    """Returns how many notifications changed from unread to read."""
    if everything == (ids is not None):
        raise ValidationFailed('give either "ids" or "all": true')
    owner = _owner(principal, desk)
    repository = InboxRepository()
    unread = repository.unread_ids(owner, None if everything else ids)
    repository.mark_read(owner, unread)
    return len(unread)
