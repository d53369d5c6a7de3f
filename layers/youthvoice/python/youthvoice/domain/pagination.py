"""Opaque list cursors. A cursor that does not decode to the expected key shape is a 400."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass

from youthvoice.domain.errors import ValidationFailed

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class PageRequest:
    limit: int
    start_key: dict[str, str] | None


def parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise ValidationFailed("limit must be an integer") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


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


def page_request(
    limit: str | None, cursor: str | None, key_names: frozenset[str], pinned: Mapping[str, str]
) -> PageRequest:
    return PageRequest(parse_limit(limit), decode_cursor(cursor, key_names, pinned))
