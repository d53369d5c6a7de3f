"""A Query costs what DynamoDB's does: the partition and key range asked for.

Wraps `moto.dynamodb.models.table.Table.query` and `Table.all_items`, and the writes that refile
an item (`Table.put_item`, `Table.delete_item`, `DynamoDBBackend.update_item`; transactions and
batches go through these). moto answers every Query by sorting every item of the table and
filtering the lot, so in the local stack a Query's cost grew with the table (the escalation
sweep's Query on the sparse `due` index walked all 50,000 questions). Here each table keeps, for
every global secondary index, its entries sorted by range key inside each index partition. A
Query then hands moto only its candidates (the table partition, or the slice of the index
partition its key condition selects) through `Table.all_items`, and moto applies every one of its
own checks to them: the candidates are a superset, so the answers are moto's own. Scans are left
alone.

Table partitions are kept sorted the same way, by the table's range key: moto sorted the whole
partition on every Query, and a search term's postings, a partition of every question that holds
the term, cost a sort of thousands of items to read its first 50. A first page (a Limit, no
ExclusiveStartKey) is handed only the Limit + 1 candidates at its end of the range, the one past
the Limit being what tells moto to return a LastEvaluatedKey.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Callable, Iterator
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

from youthvoice_local.moto_patches.replaced import Replacements

Key = tuple[DynamoType, DynamoType | None]
SortKey = tuple[str, Any]
# An index entry: the index range key's type and value, the item's key, and last the index
# partition (never compared: no two entries of an index have the same item key).
Entry = tuple[str, Any, DynamoType, DynamoType | None, DynamoType]
# A table partition's entry: its range key's type and value, and the range key.
Place = tuple[str, Any, DynamoType | None]
_ATTRIBUTE = "_youthvoice_indexes"
# The table's own key, filed beside its global secondary indexes (no index can be named "").
PRIMARY = ""
_query_candidates = threading.local()
# Indexes built under an earlier install missed the writes made while the patch was out.
_installs = itertools.count()
_generation = [next(_installs)]


def _sort_key(value: DynamoType | None) -> SortKey:
    return ("", "") if value is None else (value.type, value.cast_value)


def _ordered(entry: tuple[Any, ...]) -> SortKey:
    return entry[0], entry[1]


def _selected(entries: list[Any], comparison: str | None, values: list[Any]) -> list[Any]:
    """The entries a Query's range key condition selects (BEGINS_WITH: from the prefix on)."""
    low, high = 0, len(entries)
    bounds = [_sort_key(v) for v in values]

    def left(bound: SortKey) -> int:
        return bisect.bisect_left(entries, bound, key=_ordered)

    def right(bound: SortKey) -> int:
        return bisect.bisect_right(entries, bound, key=_ordered)

    if comparison in ("=", "EQ") and bounds:
        low, high = left(bounds[0]), right(bounds[0])
    elif comparison in ("<", "LT") and bounds:
        high = left(bounds[0])
    elif comparison in ("<=", "LE") and bounds:
        high = right(bounds[0])
    elif comparison in (">", "GT") and bounds:
        low = right(bounds[0])
    elif comparison in (">=", "GE") and bounds:
        low = left(bounds[0])
    elif comparison == "BETWEEN" and len(bounds) == 2:
        low, high = left(bounds[0]), right(bounds[1])
    elif comparison == "BEGINS_WITH" and bounds:
        low = left(bounds[0])
    return entries[low:high]


class SortedIndex:
    """One GSI of one table: per index partition, entries sorted by the index range key."""

    def __init__(self, hash_attr: str, range_attr: str | None) -> None:
        self.hash_attr = hash_attr
        self.range_attr = range_attr
        self._partitions: dict[DynamoType, list[Entry]] = {}
        self._filed: dict[Key, Entry] = {}

    def refile(self, key: Key, item: Item | None) -> None:
        filed = self._filed.pop(key, None)
        if filed is not None:
            entries = self._partitions[filed[4]]
            del entries[bisect.bisect_left(entries, filed)]
            if not entries:
                del self._partitions[filed[4]]
        if item is None:
            return
        hash_value = item.attrs.get(self.hash_attr)
        range_value = item.attrs.get(self.range_attr) if self.range_attr else None
        if hash_value is None or (self.range_attr and range_value is None):
            return  # not in the index: it is sparse
        # The item's own key objects: the entry holds no copies of them.
        entry = (*_sort_key(range_value), item.hash_key, item.range_key, hash_value)
        bisect.insort(self._partitions.setdefault(hash_value, []), entry)
        self._filed[(item.hash_key, item.range_key)] = entry

    def candidates(
        self, hash_value: DynamoType, comparison: str | None, values: list[Any]
    ) -> list[Key]:
        entries = self._partitions.get(hash_value, [])
        return [(entry[2], entry[3]) for entry in _selected(entries, comparison, values)]


class SortedPartitions:
    """The table's own partitions, each sorted by range key: a key never changes partition."""

    def __init__(self) -> None:
        self._partitions: dict[DynamoType, list[Place]] = {}

    def refile(self, key: Key, item: Item | None) -> None:
        if key[1] is None:
            return  # a request without the range key, which moto refuses: nothing to file
        # A new partition is keyed by the item's own hash key, not the request's copy of it.
        hash_value = key[0] if item is None else item.hash_key
        sort = _sort_key(key[1])
        entries = self._partitions.setdefault(hash_value, [])
        position = bisect.bisect_left(entries, sort, key=_ordered)
        filed = position < len(entries) and _ordered(entries[position]) == sort
        if item is None:
            if filed:
                del entries[position]
            if not entries:
                del self._partitions[hash_value]
        elif filed:
            entries[position] = (*sort, item.range_key)  # the item's own key, not an old one's
        else:
            entries.insert(position, (*sort, item.range_key))

    def candidates(
        self, hash_value: DynamoType, comparison: str | None, values: list[Any]
    ) -> list[Key]:
        entries = self._partitions.get(hash_value, [])
        return [(hash_value, entry[2]) for entry in _selected(entries, comparison, values)]


def _schemas(table: Table) -> dict[str, tuple[str, str | None]]:
    found: dict[str, tuple[str, str | None]] = {}
    if table.range_key_attr:
        found[PRIMARY] = (table.hash_key_attr, table.range_key_attr)
    for index in table.global_indexes:
        hash_attr = next(k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH")
        ranges = [k["AttributeName"] for k in index.schema if k["KeyType"] == "RANGE"]
        if len(index.schema) == 1 + len(ranges) and len(ranges) <= 1:
            found[index.name] = (hash_attr, ranges[0] if ranges else None)
    return found


def _indexes(table: Table) -> dict[str, SortedIndex | SortedPartitions]:
    """Built on first use from the table as it is, then kept current by the write hooks."""
    schemas = _schemas(table)
    built: tuple[int, dict[str, Any], dict[str, SortedIndex | SortedPartitions]] | None = getattr(
        table, _ATTRIBUTE, None
    )
    if built is not None and built[:2] == (_generation[0], schemas):
        return built[2]
    indexes: dict[str, SortedIndex | SortedPartitions] = {
        name: SortedPartitions() if name == PRIMARY else SortedIndex(*spec)
        for name, spec in schemas.items()
    }
    for item in _stored(table):
        for index in indexes.values():
            index.refile((item.hash_key, item.range_key), item)
    setattr(table, _ATTRIBUTE, (_generation[0], schemas, indexes))
    return indexes


def _stored(table: Table) -> Iterator[Item]:
    """Every item, unsorted: moto's `all_items` sorts them by comparing `DynamoType`s (5 s for
    3,500 items), and each index sorts its own entries anyway."""
    stored: Any
    for stored in table.items.values():
        if table.range_key_attr:
            yield from stored.values()
        else:
            yield stored


def refile(table: Table, key: Key) -> None:
    """After any write to `key`: move its index entries to where its attributes now put it."""
    built = getattr(table, _ATTRIBUTE, None)
    if built is None or built[0] != _generation[0]:
        return
    item = _item_at(table, key)
    for index in built[2].values():
        index.refile(key, item)


def _item_at(table: Table, key: Key) -> Item | None:
    stored: Any = table.items.get(key[0])
    if stored is None or not table.range_key_attr:
        return stored  # type: ignore[no-any-return]
    return stored.get(key[1])  # type: ignore[no-any-return]


def _table_partition(table: Table, hash_key: DynamoType) -> list[Item]:
    partition: Any = table.items.get(hash_key)
    if partition is None:
        return []
    return list(partition.values()) if table.range_key_attr else [partition]


def _first_page(keys: list[Key], arguments: dict[str, Any]) -> list[Key]:
    """The Limit + 1 keys a first page can reach, from the end the Query reads from."""
    limit = arguments.get("limit")
    if not limit or arguments.get("exclusive_start_key") is not None:
        return keys
    if set(arguments) - KNOWN_QUERY_ARGUMENTS:
        return keys  # a legacy QueryFilter counts only the items it keeps towards the Limit
    forward = arguments.get("scan_index_forward") is not False
    if not forward and arguments.get("range_comparison") == "BEGINS_WITH":
        return keys  # the slice runs past the prefix: its end is not the range's end
    return keys[: limit + 1] if forward else keys[-(limit + 1) :]


def _candidates(table: Table, hash_key: Any, arguments: dict[str, Any]) -> list[Item] | None:
    index_name = arguments.get("index_name")
    if index_name is None:
        if hash_key is None:
            return None
        primary = _indexes(table).get(PRIMARY)
        if primary is None:
            return _table_partition(table, hash_key)
        found = primary.candidates(
            hash_key, arguments.get("range_comparison"), arguments.get("range_objs") or []
        )
        items = [_item_at(table, key) for key in _first_page(found, arguments)]
        return [item for item in items if item is not None]
    index = _indexes(table).get(index_name)
    conditions = arguments.get("hash_key_conditions") or []
    ranges = arguments.get("range_key_conditions") or []
    if (
        not isinstance(index, SortedIndex)
        or len(conditions) != 1
        or conditions[0][0] != index.hash_attr
    ):
        return None
    if len(ranges) > 1:
        return None
    keys = index.candidates(
        conditions[0][1], arguments.get("range_comparison"), arguments.get("range_objs") or []
    )
    items = [_item_at(table, key) for key in keys]
    return [item for item in items if item is not None]


def _named(names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**dict(zip(names, args, strict=False)), **kwargs}


# `Table.query`'s parameters in moto's order: moto passes some of them by position.
QUERY_ARGUMENTS = (
    "hash_key",
    "range_comparison",
    "range_objs",
    "limit",
    "exclusive_start_key",
    "scan_index_forward",
    "projection_expressions",
    "index_name",
)
KNOWN_QUERY_ARGUMENTS = frozenset(
    (*QUERY_ARGUMENTS, "consistent_read", "filter_expression", "hash_key_conditions",
     "range_key_conditions")
)  # fmt: skip


def install(replacements: Replacements) -> None:
    _generation[0] = next(_installs)

    def query(self: Table, *args: Any, **kwargs: Any) -> Any:
        arguments = _named(QUERY_ARGUMENTS, args, kwargs)
        candidates = _candidates(self, arguments.get("hash_key"), arguments)
        if candidates is None:
            return original_query(self, *args, **kwargs)
        _query_candidates.value = (self, candidates)
        try:
            return original_query(self, *args, **kwargs)
        finally:
            _query_candidates.value = None

    def all_items(self: Table) -> list[Item]:
        override = getattr(_query_candidates, "value", None)
        if override is not None and override[0] is self:
            return list(override[1])
        return original_all_items(self)

    def put_item(self: Table, *args: Any, **kwargs: Any) -> Item:
        item = original_put(self, *args, **kwargs)
        refile(self, (item.hash_key, item.range_key))
        return item

    def delete_item(self: Table, hash_key: DynamoType, range_key: DynamoType | None = None) -> Any:
        try:
            return original_delete(self, hash_key, range_key)
        finally:
            refile(self, (hash_key, range_key))

    def update_item(
        self: DynamoDBBackend, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Item:
        try:
            return original_update(self, table_name, key, *args, **kwargs)
        finally:
            table = self.tables.get(table_name)
            if table is not None:
                range_value = key.get(table.range_key_attr) if table.range_key_attr else None
                refile(
                    table,
                    (
                        DynamoType(key[table.hash_key_attr]),
                        DynamoType(range_value) if range_value else None,
                    ),
                )

    original_query: Callable[..., Any] = replacements.replace(Table, "query", query)
    original_all_items: Callable[[Table], list[Item]] = replacements.replace(
        Table, "all_items", all_items
    )
    original_put: Callable[..., Item] = replacements.replace(Table, "put_item", put_item)
    original_delete: Callable[..., Any] = replacements.replace(Table, "delete_item", delete_item)
    original_update: Callable[..., Item] = replacements.replace(
        DynamoDBBackend, "update_item", update_item
    )
