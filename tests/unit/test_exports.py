"""Cells of exported files: text a spreadsheet would run as a formula is kept as text, by one
rule that both writers (CSV and the workbook) apply to every cell."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from functions.spreadsheets import Sheet, as_csv, as_workbook
from youthvoice.domain.exports import inert_cell

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_a_leading_quote(text: str) -> None:
    # Given text beginning with =, +, -, @, a tab or a carriage return
    # When it becomes a cell
    # Then it is the same text behind a single quote, which a spreadsheet shows as text
    assert inert_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["第0位", "a=b", " =1", "'=1", "", 3, -1, -2.5, 0.0, None])
def test_other_text_numbers_and_blanks_are_kept_as_they_are(
    value: str | int | float | None,
) -> None:
    # Given text that starts otherwise, a negative number (a number, not text) and a blank
    # When it becomes a cell
    # Then it is unchanged
    assert inert_cell(value) == value


def hostile_sheet() -> Sheet:
    return Sheet(
        "signups", ["user_id", "note", "places"], [["-youth", text, -1] for text in HOSTILE]
    )


def test_csv_cells_are_quoted_text_behind_a_quote_and_bare_numbers() -> None:
    # When a sheet with hostile text is written as CSV
    written = as_csv(hostile_sheet())
    rows = list(csv.reader(io.StringIO(written, newline="")))
    # Then every text cell is escaped, one cell each however many quotes and commas it holds
    assert [row[1] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    assert {row[0] for row in rows[1:]} == {"'-youth"}
    # And text is quoted while a number is written bare
    assert written.splitlines()[1].startswith('"\'-youth","\'=HYPERLINK(""http://x"",""y"")",-1')


def test_workbook_cells_are_text_behind_a_quote_never_formulas() -> None:
    # When a sheet with hostile text is written as a workbook
    book = load_workbook(io.BytesIO(as_workbook([hostile_sheet()])))
    cells = [cell for row in book["signups"].iter_rows(min_row=2) for cell in row]
    # Then no cell is a formula, every text cell is escaped, and the number stays a number
    assert all(cell.data_type != "f" for cell in cells)
    notes = [c.value for c in cells if c.column == 2]
    assert len(notes) == len(HOSTILE)
    assert all(isinstance(note, str) and note.startswith("'") for note in notes)
    assert notes[0] == "'" + HOSTILE[0]
    assert {c.value for c in cells if c.column == 3} == {-1}
