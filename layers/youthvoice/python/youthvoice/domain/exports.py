"""Cells of the files people open in a spreadsheet program (CSV, workbooks): text never runs.

A cell whose text begins with `=`, `+`, `-` or `@` is read as a formula by Excel, LibreOffice
and Google Sheets, and a leading tab or carriage return hides such a start from a naive check.
OWASP's "CSV Injection" guidance: prefix a single quote, so the cell shows its text as text.
Every writer of a file passes every cell through `inert_cell`.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def inert_cell(value: Cell) -> Cell:
    """Text a spreadsheet would evaluate gets a leading `'`; numbers and blanks are kept as
    they are (a negative number is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
