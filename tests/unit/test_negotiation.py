"""Accept by its q-values: the highest wins, q=0 refuses, ties keep the route's default."""

from __future__ import annotations

import pytest

from functions.negotiation import media_ranges, negotiate

JSON, XLSX, CSV = "application/json", "application/vnd.ms-excel.x", "text/csv"
REPORT = (JSON, XLSX, CSV)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("text/csv", CSV),
        ("TEXT/CSV", CSV),
        ("application/json;q=1, text/csv;q=0", JSON),
        ("application/json;q=0.5, text/csv", CSV),
        ("text/csv;q=0.9, application/json;q=0.91", JSON),
        ("text/csv, application/json", JSON),
        (f"{CSV}, {XLSX}", XLSX),
        ("text/*, */*;q=0.1", CSV),
        ("text/*;q=0.2, text/csv;q=0.8, */*;q=0.5", CSV),
        ("text/csv;q=0, */*", JSON),
        ("text/csv; charset=utf-8", CSV),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        ("application/json;q=2, text/csv;q=0.1", CSV),
        ("garbage", JSON),
    ],
)
def test_the_highest_q_wins_and_a_tie_keeps_the_earlier_offered(
    accept: str | None, chosen: str
) -> None:
    # Given a route answering JSON (its default), a workbook and CSV
    # When a client sends this Accept
    # Then the type it rates highest is chosen, a tie going to the route's own order
    assert negotiate(accept, REPORT) == chosen


@pytest.mark.parametrize(
    "accept", ["text/csv;q=0", "text/html", "application/json;q=0, text/csv;q=0", "*/*;q=0"]
)
def test_nothing_acceptable_is_none(accept: str) -> None:
    # Given an Accept that rates every offered type 0, or names none of them
    # When it is negotiated against JSON and CSV
    # Then nothing is chosen (the route answers 406)
    assert negotiate(accept, (JSON, CSV)) is None


def test_a_more_specific_range_overrides_a_wildcard_in_either_order() -> None:
    # Given text/csv refused by name, but every type accepted by the wildcard
    ranges = media_ranges("*/*, text/csv;q=0")
    # When CSV and JSON are offered, CSV first
    # Then JSON is chosen: the named range's 0 outranks the wildcard's 1
    assert negotiate("*/*, text/csv;q=0", (CSV, JSON)) == JSON
    assert [r.quality for r in ranges] == [1.0, 0.0]


@pytest.mark.parametrize("accept", ["text/csv;q=abc", "text/csv;q=1.5", "*/csv", "text/", "/csv"])
def test_a_malformed_range_is_left_out(accept: str) -> None:
    # When a range has no subtype or type, or a q that is not a qvalue
    # Then it is not read at all
    assert media_ranges(accept) == []
