"""Pages of a Query: the cursor is the LastEvaluatedKey, checked against the query it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from youthvoice.domain.pagination import Page, PageRequest, decode_cursor, encode_cursor

T = TypeVar("T")
ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class KeyShape:
    """The attributes of a LastEvaluatedKey for one table or index, and which is its partition."""

    names: frozenset[str]
    partition: str


TABLE = KeyShape(frozenset({"pk", "sk"}), "pk")
OWNER_INDEX = KeyShape(frozenset({"pk", "sk", "gsi1pk", "gsi1sk"}), "gsi1pk")
ACROSS_INDEX = KeyShape(frozenset({"pk", "sk", "gsi2pk", "gsi2sk"}), "gsi2pk")


def _start_key(shape: KeyShape, partition: str, page: PageRequest) -> dict[str, Any] | None:
    """A cursor must name exactly this query's key attributes and this very partition."""
    key = decode_cursor(page.cursor, shape.names, {shape.partition: partition})
    return None if key is None else {name: {"S": value} for name, value in key.items()}


def _to_cursor(last_evaluated_key: dict[str, dict[str, Any]] | None) -> str | None:
    if not last_evaluated_key:
        return None
    return encode_cursor({name: value["S"] for name, value in last_evaluated_key.items()})


def query_page(
    query: Callable[..., Any],
    shape: KeyShape,
    partition: str,
    page: PageRequest,
    kind: type[ItemT],
    convert: Callable[[ItemT], T],
    **options: Any,
) -> Page[T]:
    """One Query of at most `page.limit` items from `partition`, and the cursor of the rest.

    Partitions hold one kind of item by design; `kind` makes that explicit to the types."""
    results = query(
        partition,
        limit=page.limit,
        last_evaluated_key=_start_key(shape, partition, page),
        **options,
    )
    items = [convert(item) for item in results if isinstance(item, kind)]
    return Page(items, _to_cursor(results.last_evaluated_key))
