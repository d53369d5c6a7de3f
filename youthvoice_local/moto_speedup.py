"""Make moto's TransactWriteItems cost what the transaction touches, not the whole table, and
make every DynamoDB request atomic to the others, as DynamoDB's are (stream reads included).

moto backs a transaction out by deep-copying the table first, once for every action: a
100-action projector batch copied the Projections table 100 times, and each copy carries the
table's stream records too, so the local stack and the tests slowed down as data grew (83 ms
per copy at 1,000 items). Worse, the restored copy brings a new stream shard, which leaves
every open shard iterator reading a dead one.

Here the transaction snapshots only the items it names (and the stream's length), and on
cancellation puts exactly those back. moto's own table copy becomes the table itself.

moto's server answers each request on its own thread, and neither a transaction's check-then-write
nor its back-out is guarded: two transactions at once could both pass a uniqueness condition, or
one's back-out could put back an item the other had just written. One lock around every DynamoDB
request serialises them (the local stack is one process; DynamoDB itself isolates requests).
Stream reads take the same lock: a transaction's stream records are appended before its last
condition is checked and cut off again on cancellation, and a GetRecords in between projected
the cancelled writes and then skipped as many of the next (moto numbers records by position).

moto writes every attribute value of a response out through the service model, member by member:
90% of a Query of one question's partition (60 items) went there, 110 ms of it. Under that lock,
twenty experts answering one question at once read and wrote so slowly that every round of their
race lasted longer than their backoff, and some lost all eight attempts, which on DynamoDB they
would not. A value already in the wire form of a string, number, boolean, null, set of those, or
a map or list of such values is written as it is; binary values still go through moto.

moto deep-copies every update expression's syntax tree before validating it, through `copy`'s
generic protocol, which also walks each node's parent pointer: that was an eighth of the stack's
time under a simulated year. Nodes copy themselves here, member by member.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.core import serialize
from moto.core.serialize import BaseJSONSerializer
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.parsing import ast_nodes
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

from youthvoice_local import moto_indexes


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
        moto_indexes.refile(saved.table, (saved.hash_value, saved.range_value))


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


_ONE_REQUEST_AT_A_TIME = threading.RLock()


def _serialise_requests() -> None:
    for handler in (DynamoHandler, DynamoDBStreamsHandler):
        answer = handler.call_action

        def call_action(self: Any, answer: Any = answer) -> Any:
            with _ONE_REQUEST_AT_A_TIME:
                return answer(self)

        handler.call_action = call_action  # type: ignore[method-assign]


_SCALARS: dict[str, type] = {"S": str, "N": str, "BOOL": bool, "NULL": bool}


def _in_wire_form(value: Any) -> bool:
    """Whether moto would write `value` out unchanged: no binary anywhere in it."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((kind, inner),) = value.items()
    if kind in _SCALARS:
        return isinstance(inner, _SCALARS[kind])
    if kind in ("SS", "NS"):
        return isinstance(inner, list) and all(isinstance(member, str) for member in inner)
    if kind == "M" and isinstance(inner, dict):
        return all(_in_wire_form(member) for member in inner.values())
    if kind == "L" and isinstance(inner, list):
        return all(_in_wire_form(member) for member in inner)
    return False


def _write_attribute_values_as_they_are() -> None:
    structure = BaseJSONSerializer._serialize_type_structure

    def serialize_structure(
        self: BaseJSONSerializer,
        serialized: serialize.Serialized,
        value: Any,
        shape: Any,
        key: str,
    ) -> None:
        if shape.name == "AttributeValue" and _in_wire_form(value):
            self._default_serialize(serialized, value, shape, key)
            return
        structure(self, serialized, value, shape, key)

    BaseJSONSerializer._serialize_type_structure = serialize_structure  # type: ignore[method-assign]


def _copy_node(node: Any, memo: dict[int, Any]) -> Any:
    """The subtree under `node`; the copy's parent is the parent's copy when that is being made."""
    twin = object.__new__(type(node))
    memo[id(node)] = twin
    twin.__dict__.update(node.__dict__)
    twin.parent = memo.get(id(node.parent), node.parent)
    if node.children is not None:
        twin.children = [copy.deepcopy(child, memo) for child in node.children]
    return twin


def _cheap_deep_copies() -> None:
    setattr(ast_nodes.Node, "__deepcopy__", _copy_node)  # type: ignore[attr-defined]  # noqa: B010


def install() -> None:
    moto_indexes.install()
    if isinstance(getattr(dynamodb_models, "copy"), _NoTableCopies):  # noqa: B009
        return
    _serialise_requests()
    _write_attribute_values_as_they_are()
    _cheap_deep_copies()
    no_copies = _NoTableCopies()
    setattr(dynamodb_models, "copy", no_copies)  # noqa: B010
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        saved: list[_Saved] = []
        stream_lengths: dict[int, tuple[Any, int]] = {}
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

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
