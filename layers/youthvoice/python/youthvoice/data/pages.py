"""Translate between DynamoDB's LastEvaluatedKey and the domain's flat cursor keys."""

from __future__ import annotations

from typing import Any

from youthvoice.domain.pagination import encode_cursor

# The attributes of a LastEvaluatedKey, by what was queried: a cursor must carry exactly these.
TABLE_KEYS = frozenset({"pk", "sk"})
OWNER_INDEX_KEYS = frozenset({"pk", "sk", "gsi1pk", "gsi1sk"})
ACROSS_INDEX_KEYS = frozenset({"pk", "sk", "gsi2pk", "gsi2sk"})


def to_cursor(last_evaluated_key: dict[str, dict[str, Any]] | None) -> str | None:
    if not last_evaluated_key:
        return None
    return encode_cursor({name: value["S"] for name, value in last_evaluated_key.items()})


def to_start_key(key: dict[str, str] | None) -> dict[str, dict[str, str]] | None:
    if key is None:
        return None
    return {name: {"S": value} for name, value in key.items()}
