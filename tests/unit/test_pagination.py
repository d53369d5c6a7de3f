"""Opaque cursors."""

from __future__ import annotations

import pytest

from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.pagination import decode_cursor, encode_cursor

KEYS = frozenset({"pk", "sk", "gsi1pk", "gsi1sk"})
LAST = {"pk": "PLATFORM#sx-01", "sk": "META", "gsi1pk": "CHILDREN#sx", "gsi1sk": "city#sx-01"}


def test_a_cursor_round_trips() -> None:
    assert decode_cursor(encode_cursor(LAST), KEYS, {"gsi1pk": "CHILDREN#sx"}) == LAST
    assert decode_cursor(None, KEYS, {}) is None


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        encode_cursor({"pk": "x"}),
        encode_cursor({**LAST, "gsi1pk": "CHILDREN#sx-02"}),
        encode_cursor(LAST)[:-3],
        encode_cursor({**LAST, "gsi1sk": ""}),
        encode_cursor({**LAST, "sk": "s" * 1_025}),
        encode_cursor({**LAST, "pk": "长" * 342}),
        encode_cursor({**LAST, "sk": "\ud800"}),
    ],
)
def test_a_tampered_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(ValidationFailed, match="cursor"):
        decode_cursor(cursor, KEYS, {"gsi1pk": "CHILDREN#sx"})
