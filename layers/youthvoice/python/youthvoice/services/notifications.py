"""The notification inbox: projected from the stream, read marks set by its owner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pynamodb.exceptions import TransactWriteError

from youthvoice.data.keys import inbox_pk
from youthvoice.data.pages import TABLE_KEYS
from youthvoice.data.platforms import Page
from youthvoice.data.projections import (
    CounterRepository,
    InboxRepository,
    Notification,
)
from youthvoice.domain.errors import Conflict, ValidationFailed
from youthvoice.domain.identity import Principal
from youthvoice.domain.pagination import page_request

MAX_IDS = 100


@dataclass(frozen=True)
class Inbox:
    page: Page[Notification]
    unread: int


def inbox(principal: Principal, limit: str | None, cursor: str | None) -> Inbox:
    page = page_request(limit, cursor, TABLE_KEYS, {"pk": inbox_pk(principal.sub)})
    unread = CounterRepository().counts([("inbox", principal.sub)])[("inbox", principal.sub)]
    return Inbox(InboxRepository().page(principal.sub, page), max(unread.get("unread", 0), 0))


def mark_read(principal: Principal, ids: Sequence[str] | None, everything: bool) -> int:
    """Returns how many notifications changed from unread to read."""
    if everything == (ids is not None):
        raise ValidationFailed('give either "ids" or "all": true')
    if ids is not None and not 1 <= len(ids) <= MAX_IDS:
        raise ValidationFailed(f"ids: give 1 to {MAX_IDS} notification ids")
    repository = InboxRepository()
    unread = repository.unread_ids(principal.sub, None if everything else ids)
    try:
        repository.mark_read(principal.sub, unread)
    except TransactWriteError:
        raise Conflict("notifications changed meanwhile; read them again") from None
    return len(unread)
