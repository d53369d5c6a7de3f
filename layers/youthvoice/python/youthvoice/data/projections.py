"""Exactly-once application of projection deltas: markers and effects commit in one transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from youthvoice.data import keys
from youthvoice.data.experts import to_expert
from youthvoice.data.models import ContentItem, CounterItem, ExpertItem, MarkerItem
from youthvoice.domain.projection import CounterKey, Entity

TRANSACTION_LIMIT = 100


@dataclass(frozen=True)
class RecordEffects:
    event_id: str
    deltas: Counter[CounterKey]


def decode_image(image: dict[str, Any] | None) -> Entity:
    """Turn a stream image into a domain entity; kinds the projections ignore become None."""
    if not image:
        return None
    item = ContentItem.from_raw_data(image)
    if isinstance(item, ExpertItem):
        return to_expert(item)
    return None


def _counter_pk(key: CounterKey) -> str:
    return keys.platform_counter_pk(key.scope_id)


def _chunks(records: Sequence[RecordEffects]) -> list[list[RecordEffects]]:
    """Greedy chunks whose markers plus distinct counter rows fit in one transaction."""
    chunks: list[list[RecordEffects]] = []
    current: list[RecordEffects] = []
    rows: set[str] = set()
    for record in records:
        record_rows = {_counter_pk(key) for key in record.deltas}
        if current and len(current) + 1 + len(rows | record_rows) > TRANSACTION_LIMIT:
            chunks.append(current)
            current, rows = [], set()
        current.append(record)
        rows |= record_rows
    if current:
        chunks.append(current)
    return chunks


class ProjectionWriter:
    def __init__(self, marker_ttl_seconds: int, now: dt.datetime) -> None:
        self._marker_expiry = now + dt.timedelta(seconds=marker_ttl_seconds)
        self._connection = Connection(region=CounterItem.Meta.region)

    def apply(self, records: Iterable[RecordEffects]) -> int:
        """Apply every record not applied before; returns how many were new."""
        pending = list(records)
        applied = 0
        while pending:
            chunk = _chunks(pending)[0]
            rest = pending[len(chunk) :]
            already = self._commit(chunk)
            if not already:
                applied += len(chunk)
                pending = rest
            else:
                pending = [r for r in chunk if r.event_id not in already] + rest
        return applied

    def _commit(self, chunk: list[RecordEffects]) -> set[str]:
        """Commit one chunk; on cancellation return the event ids whose markers already exist."""
        total: Counter[CounterKey] = Counter()
        for record in chunk:
            total.update(record.deltas)
        rows: dict[str, list[Any]] = {}
        for key, amount in total.items():
            if amount:
                attribute = CounterItem.get_attributes()[key.metric]
                rows.setdefault(_counter_pk(key), []).append(attribute.add(amount))
        try:
            with TransactWrite(connection=self._connection) as transaction:
                for record in chunk:
                    transaction.save(
                        MarkerItem(
                            keys.marker_pk(record.event_id),
                            keys.MARKER,
                            expires_at=self._marker_expiry,
                        ),
                        condition=MarkerItem.pk.does_not_exist(),
                    )
                for pk, actions in rows.items():
                    transaction.update(CounterItem(pk, keys.COUNTER_TOTAL), actions=actions)
        except TransactWriteError as error:
            reasons = error.cancellation_reasons
            already = {
                record.event_id
                for record, reason in zip(chunk, reasons, strict=False)
                if reason is not None and reason.code == "ConditionalCheckFailed"
            }
            if not already:
                raise
            return already
        return set()


class CounterRepository:
    def platform_counts(self, platform_ids: Sequence[str]) -> dict[str, int]:
        found = {
            item.pk: int(item.experts or 0)
            for item in CounterItem.batch_get(
                [(keys.platform_counter_pk(p), keys.COUNTER_TOTAL) for p in platform_ids]
            )
        }
        return {p: found.get(keys.platform_counter_pk(p), 0) for p in platform_ids}

    def set_platform_experts(self, platform_id: str, value: int) -> None:
        CounterItem(keys.platform_counter_pk(platform_id), keys.COUNTER_TOTAL).update(
            actions=[CounterItem.experts.set(value)]
        )
