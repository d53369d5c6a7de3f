"""The notification inbox: projected from the stream, read marks set by its owner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from youthvoice.bootstrap import dependencies
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import Forbidden, ValidationFailed
from youthvoice.domain.escalation import desk as duty_desk
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.projection import Notification
from youthvoice.services.stats import counters


class Inboxes(Protocol):
    """Notifications are projected; the read marks are their owner's own state."""

    def page(self, user_id: str, page: PageRequest) -> Page[Notification]: ...
    def unread_ids(self, user_id: str, among: Sequence[str] | None) -> list[str]: ...
    def mark_read(self, user_id: str, notification_ids: Sequence[str]) -> None:
        """Lowers the unread count with the marks; Conflict if they changed meanwhile."""

    def erase(self, user_id: str) -> int:
        """Deletes the whole inbox and its unread count; returns how many were deleted."""


def _inboxes() -> Inboxes:
    return dependencies().stores.inboxes


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
    unread = counters().counts([unread_row])[unread_row]
    return Inbox(_inboxes().page(owner, page), max(unread.get("unread", 0), 0))


def mark_read(principal: Principal, desk: bool, ids: Sequence[str] | None, everything: bool) -> int:
    """Returns how many notifications changed from unread to read."""
    if everything == (ids is not None):
        raise ValidationFailed('give either "ids" or "all": true')
    owner = _owner(principal, desk)
    inboxes = _inboxes()
    unread = inboxes.unread_ids(owner, None if everything else ids)
    inboxes.mark_read(owner, unread)
    return len(unread)
