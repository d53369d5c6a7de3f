"""Pages of lists. The cursor is opaque here: only the repository that made it can read it."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from youthvoice.domain.errors import ProblemCode, ValidationFailed

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A cursor holds one key of at most four attributes built from bounded ids: far below this.
CURSOR_MAX = 2_048
# DynamoDB refuses an empty key attribute and a sort key over 1,024 bytes (partition keys may
# have 2,048): a cursor is a key given back, so it is held to the smaller bound.
KEY_PART_MAX_BYTES = 1_024
# A rank or position a cursor carries: far beyond any list's length.
POSITION_DIGITS = 9
T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """How many items, and where the previous page stopped (its `next_cursor`)."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def invalid_cursor() -> ValidationFailed:
    """A cursor this listing did not give out, or one altered since."""
    return ValidationFailed.of("cursor", ProblemCode.INVALID_FORMAT, "cursor is not valid")


def encode_cursor(last_key: Mapping[str, str]) -> str:
    raw = json.dumps(dict(last_key), separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    cursor: str | None, key_names: frozenset[str], pinned: Mapping[str, str]
) -> dict[str, str] | None:
    """Reject anything but a key of this very query: a cursor cannot move a reader elsewhere."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_cursor() from None
    if (
        not isinstance(key, dict)
        or set(key) != key_names
        or not all(isinstance(v, str) and _storable(v) for v in key.values())
        or any(key.get(name) != value for name, value in pinned.items())
    ):
        raise invalid_cursor()
    return key


def _storable(key_part: str) -> bool:
    try:
        return 0 < len(key_part.encode()) <= KEY_PART_MAX_BYTES
    except UnicodeEncodeError:
        return False


def slice_page(items: Sequence[T], page: PageRequest, list_id: str) -> Page[tuple[int, T]]:
    """A page of a list held in memory, each item with its 1-based position; the cursor is the
    position reached, pinned to this list."""
    key = decode_cursor(page.cursor, frozenset({"list", "after"}), {"list": list_id})
    after = cursor_position(key["after"]) if key else 0
    chosen = list(enumerate(items[after : after + page.limit], after + 1))
    reached = after + len(chosen)
    more = reached < len(items)
    return Page(chosen, encode_cursor({"list": list_id, "after": str(reached)}) if more else None)


def cursor_position(value: str) -> int:
    """A count a cursor carries, checked: a forged one is refused, never trusted."""
    if not (value.isascii() and value.isdigit() and len(value) <= POSITION_DIGITS):
        raise invalid_cursor()
    return int(value)


def every(read: Callable[[PageRequest], Page[T]]) -> Iterator[T]:
    """Every item of a list, a page of the largest size at a time, for a person's own lists
    (their export, their erasure), which no one else's growth can make endless."""
    cursor: str | None = None
    while True:
        page = read(PageRequest(MAX_LIMIT, cursor))
        yield from page.items
        cursor = page.next_cursor
        if cursor is None:
            return
