"""TransactWriteItems backs out what it touched, not whole tables.

Replaces `moto.dynamodb.models.DynamoDBBackend.transact_write_items`' way of backing out. moto
deep-copies every table a transaction names before it starts, once for every action, and on
cancellation puts the copies in the tables' place: a 100-action projector batch copied the
Projections table 100 times (83 ms per copy at 1,000 items), so the local stack and the tests
slowed down as data grew. The put-back copy also brought a new stream shard, which left every
open shard iterator reading a dead one.

Here the transaction saves only the items it names (and each stream's length) and, when it is
cancelled, puts exactly those back and cuts the stream back; moto's own copy of a table becomes
the table itself. moto's checks, its order and its cancellation reasons are its own.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import StreamShard, Table

from youthvoice_local.moto_patches import indexes
from youthvoice_local.moto_patches.replaced import Replacements


@dataclass
class _Saved:
    table: Table
    hash_value: DynamoType
    range_value: DynamoType | None
    item: Any


class _NoTableCopies:
    """Stands in for the `copy` module inside moto's DynamoDB backend only."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def active(self) -> bool:
        return bool(getattr(self._local, "active", False))

    @active.setter
    def active(self, value: bool) -> None:
        self._local.active = value

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        if self.active and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def _key_values(table: Table, operation: dict[str, Any]) -> tuple[DynamoType, DynamoType | None]:
    key = operation.get("Key") or operation["Item"]
    hash_value = DynamoType(key[table.hash_key_attr])
    if not table.has_range_key:
        return hash_value, None
    return hash_value, DynamoType(key[table.range_key_attr])


def _restore(saved: _Saved) -> None:
    try:
        _put_back(saved)
    finally:
        indexes.refile(saved.table, (saved.hash_value, saved.range_value))


def _put_back(saved: _Saved) -> None:
    items = saved.table.items
    if saved.range_value is None:
        if saved.item is None:
            items.pop(saved.hash_value, None)
        else:
            items[saved.hash_value] = saved.item
        return
    if saved.item is None:
        items[saved.hash_value].pop(saved.range_value, None)
    else:
        items[saved.hash_value][saved.range_value] = saved.item


def install(replacements: Replacements) -> None:
    no_copies = _NoTableCopies()

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        saved: list[_Saved] = []
        stream_lengths: dict[int, tuple[StreamShard, int]] = {}
        for entry in transact_items:
            ((_, operation),) = entry.items()
            table = self.tables.get(operation.get("TableName"))
            if table is None:
                continue
            hash_value, range_value = _key_values(table, operation)
            current = table.get_item(hash_value, range_value)
            saved.append(_Saved(table, hash_value, range_value, copy.deepcopy(current)))
            if table.stream_shard is not None:
                stream_lengths[id(table)] = (table.stream_shard, len(table.stream_shard.items))
        no_copies.active = True
        try:
            original(self, transact_items)
        except Exception:
            for snapshot in reversed(saved):
                _restore(snapshot)
            for shard, length in stream_lengths.values():
                del shard.items[length:]
            raise
        finally:
            no_copies.active = False

    replacements.replace(dynamodb_models, "copy", no_copies)
    original = replacements.replace(DynamoDBBackend, "transact_write_items", transact_write_items)
