"""The nesting check that runs before json.loads: brackets count only outside strings."""

from __future__ import annotations

import pytest

from functions.http import nested_deeper_than


@pytest.mark.parametrize(
    ("raw", "deeper"),
    [
        (b"[" * 3 + b"]" * 3, False),
        (b"[" * 4 + b"]" * 4, True),
        (b'{"a":{"b":{"c":1}}}', False),
        (b'{"a":{"b":{"c":[1]}}}', True),
        (b'[{"x":[1]},{"y":[2]},{"z":[3]}]', False),
        (b'{"text":"[[[[[[[[{{{{"}', False),
        (b'{"text":"\\"[[[[[[[[[[","n":[[1]]}', False),
        (b"[" * 50, False),
    ],
)
def test_only_brackets_outside_strings_count(raw: bytes, deeper: bool) -> None:
    # Given a document (brackets inside strings, or unbalanced ones, are not nesting)
    # When it is checked against three levels
    # Then only real nesting past three is deeper
    assert nested_deeper_than(raw, 3) is deeper
