"""The audit trail's store: entries ride the act's own transaction, and are read a month bucket at
a time. It has no update and no delete: an entry, once written, only expires (its TTL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from youthvoice.data import keys
from youthvoice.data.models import AuditItem
from youthvoice.data.pages import TABLE
from youthvoice.data.transactions import Rider, Transaction, riding
from youthvoice.domain.audit import AuditEntry, AuditWindow
from youthvoice.domain.errors import Conflict
from youthvoice.domain.identity import Role
from youthvoice.domain.pagination import (
    Page,
    PageRequest,
    decode_cursor,
    encode_cursor,
    invalid_cursor,
)

# Above every `{at}#{ulid}` sort key of a moment: the ULID's alphabet sorts below it.
_AFTER_MOMENT = "#~"


def _items(entry: AuditEntry) -> list[AuditItem]:
    """One copy under each platform of the lineage, and one more under each for the actor."""
    month = entry.at[:7]
    return [
        _item(entry, keys.audit_pk(platform, month, actor))
        for platform in entry.lineage
        for actor in (None, entry.actor)
    ]


def _item(entry: AuditEntry, pk: str) -> AuditItem:
    return AuditItem(
        pk,
        keys.audit_sk(entry.at, entry.id),
        entry_id=entry.id,
        at=entry.at,
        actor=entry.actor,
        role=str(entry.role),
        lineage=list(entry.lineage),
        action=entry.action,
        item_kind=entry.item_kind,
        item_id=entry.item_id,
        request_id=entry.request_id,
        expires_at=entry.expires_at,
    )


def _entry(item: AuditItem) -> AuditEntry:
    return AuditEntry(
        id=item.entry_id,
        at=item.at,
        actor=item.actor,
        role=Role(item.role),
        lineage=tuple(item.lineage),
        action=item.action,
        item_kind=item.item_kind,
        item_id=item.item_id,
        request_id=item.request_id,
    )


def _refused(entry: AuditEntry) -> Conflict:
    return Conflict(f"audit entry {entry.id} exists already")


def record_in(transaction: Transaction, entry: AuditEntry) -> None:
    """The entry's items join a transaction the act builds itself (a question's case)."""
    for item in _items(entry):
        transaction.insert(item, _refused(entry))


class AuditRepository:
    @contextmanager
    def recording(self, entry: AuditEntry) -> Iterator[None]:
        """The entry commits with the first transaction the block commits, all or nothing; a
        block that commits none (a read, such as an export) writes it alone when it ends."""
        with riding(Rider(_items(entry), _refused(entry))) as rider:
            yield
        if not rider.committed:
            alone = Transaction()
            record_in(alone, entry)
            alone.commit()

    def page(
        self, platform_id: str, actor: str | None, window: AuditWindow, page: PageRequest
    ) -> Page[AuditEntry]:
        """Newest first: one Query per month bucket, from the cursor's bucket on, until the page
        is full (a Query that fills it gives its last key as the cursor)."""
        partitions = [keys.audit_pk(platform_id, month, actor) for month in window.months()]
        lower, upper = window.first, window.end + _AFTER_MOMENT
        start = _start(page.cursor, partitions, lower, upper)
        first = partitions.index(start["pk"]) if start else 0
        found: list[AuditEntry] = []
        for partition in partitions[first:]:
            results = AuditItem.query(
                partition,
                AuditItem.sk.between(lower, upper),
                scan_index_forward=False,
                limit=page.limit - len(found),
                last_evaluated_key=_key(start) if start and start["pk"] == partition else None,
            )
            found.extend(_entry(item) for item in results if isinstance(item, AuditItem))
            last = results.last_evaluated_key
            if last:
                return Page(found, encode_cursor({k: v["S"] for k, v in last.items()}))
        return Page(found, None)


def _start(
    cursor: str | None, partitions: list[str], lower: str, upper: str
) -> dict[str, str] | None:
    """A cursor of this very query: one of its buckets, a key inside its range."""
    key = decode_cursor(cursor, TABLE.names, {})
    if key is not None and (key["pk"] not in partitions or not lower <= key["sk"] <= upper):
        raise invalid_cursor()
    return key


def _key(start: dict[str, str]) -> dict[str, Any]:
    return {name: {"S": value} for name, value in start.items()}
