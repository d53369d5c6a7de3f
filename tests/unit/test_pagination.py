"""Opaque cursors."""

from __future__ import annotations

import pytest

from youthvoice.data.projections import board_cursor, board_places
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.pagination import (
    CURSOR_MAX,
    PageRequest,
    decode_cursor,
    encode_cursor,
    slice_page,
)
from youthvoice.domain.text import ID_MAX

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


def test_a_list_in_memory_pages_with_positions_and_a_pinned_cursor() -> None:
    # Given five items read two at a time
    items = ["a", "b", "c", "d", "e"]
    first = slice_page(items, PageRequest(2), "final:s1")
    second = slice_page(items, PageRequest(2, first.next_cursor), "final:s1")
    last = slice_page(items, PageRequest(2, second.next_cursor), "final:s1")
    # Then each item comes once with its position, and the last page has no cursor
    assert [first.items, second.items, last.items] == [
        [(1, "a"), (2, "b")],
        [(3, "c"), (4, "d")],
        [(5, "e")],
    ]
    assert last.next_cursor is None
    # And the cursor is refused on another list, or with a forged position
    for cursor, list_id in (
        (first.next_cursor, "final:s2"),
        (encode_cursor({"list": "final:s1", "after": "-1"}), "final:s1"),
        (encode_cursor({"list": "final:s1", "after": "9" * 10}), "final:s1"),
    ):
        with pytest.raises(ValidationFailed, match="cursor"):
            slice_page(items, PageRequest(2, cursor), list_id)


def test_the_longest_board_cursor_fits_the_cursor_bound() -> None:
    # Given a board of the longest ids and every shard placed at a member of the longest id
    board = projection_keys.board(projection_keys.season_period("s" * ID_MAX), "p" * ID_MAX)
    shards = projection_keys.MAX_LEADERBOARD_SHARDS
    places = {shard: f"{-(10**17)}:{'m' * ID_MAX}" for shard in range(shards)}
    # When it is encoded
    cursor = board_cursor(board, 10**8, places)
    # Then a query accepts it, and reads back the same places
    assert len(cursor) <= CURSOR_MAX
    assert board_places(cursor, board, shards) == (10**8, places)
