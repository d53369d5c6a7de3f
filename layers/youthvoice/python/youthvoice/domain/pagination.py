"""Pages of lists. The cursor is opaque here: only the repository that made it can read it."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from youthvoice.domain.errors import ValidationFailed

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
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
        raise ValidationFailed("cursor is not valid") from None
    if (
        not isinstance(key, dict)
        or set(key) != key_names
        or not all(isinstance(v, str) for v in key.values())
        or any(key.get(name) != value for name, value in pinned.items())
    ):
        raise ValidationFailed("cursor is not valid")
    return key
