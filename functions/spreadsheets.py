"""Reports as files: CSV (`Accept: text/csv`) or an Excel workbook, beside the JSON.

Every cell either writer puts in a file passes through the domain's `inert_cell`, so no text a
person sent runs as a formula where the file is opened; Accept is negotiated by its q-values.

openpyxl takes ~0.4 s to import (measured on the 2-core development machine), and only workbook
requests need it: it is imported when the first one arrives, never by `import app`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chalice.app import Request, Response

from functions.cors import add_vary
from functions.http import json_response
from functions.negotiation import negotiate
from youthvoice.domain.errors import NotAcceptable
from youthvoice.domain.exports import Cell, inert_cell

JSON = "application/json"
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a report answers in besides JSON, and the OpenAPI schema of each: text, and bytes.
FILE_SCHEMAS: dict[str, dict[str, str]] = {
    CSV_TYPE: {"type": "string", "format": "binary"},
    XLSX_TYPE: {"type": "string", "format": "binary"},
}
REPORT_FILES = tuple(FILE_SCHEMAS)
# What a report answers in, its default first: a tie in Accept goes to the earlier.
REPORT_TYPES = (JSON, XLSX_TYPE, CSV_TYPE)


@dataclass(frozen=True)
class Sheet:
    """One table of a report; `plotted` names the columns its chart draws, by the first column."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    plotted: Sequence[str] = field(default_factory=tuple)
    line: bool = False


def wanted(request: Request, offered: Sequence[str] = REPORT_TYPES) -> str:
    """The offered type Accept rates highest (406 when it takes none of them)."""
    chosen = negotiate(request.headers.get("accept"), offered)
    if chosen is None:
        raise NotAcceptable(f"Accept: this route answers in {', '.join(offered)} only")
    return chosen


def report_response(
    request: Request,
    body: Any,
    sheets: Callable[[], list[Sheet]],
    offered: Sequence[str] = REPORT_TYPES,
) -> Response:
    """JSON, or its first sheet as CSV, or every sheet as a workbook; caches told it varies."""
    kind = wanted(request, offered)
    if kind == CSV_TYPE:
        response = Response(
            body=as_csv(sheets()[0]),
            status_code=200,
            headers={"Content-Type": f"{CSV_TYPE}; charset=utf-8"},
        )
    elif kind == XLSX_TYPE:
        response = Response(
            body=as_workbook(sheets()),
            status_code=200,
            headers={"Content-Type": XLSX_TYPE},
        )
    else:
        response = json_response(body)
    add_vary(response.headers, "Accept")
    return response


def as_csv(sheet: Sheet) -> str:
    """Text cells always quoted (OWASP's advice beside the prefix), numbers bare."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in _inert_rows(sheet):
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def _inert_rows(sheet: Sheet) -> list[list[Cell]]:
    """The header and rows, every cell through the one rule."""
    return [[inert_cell(cell) for cell in row] for row in [sheet.header, *sheet.rows]]


def as_workbook(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - only workbook requests pay for the import

    book = Workbook()
    del book[book.sheetnames[0]]
    for sheet in sheets:
        page = book.create_sheet(sheet.title)
        for row in _inert_rows(sheet):
            page.append(row)
        if sheet.plotted and sheet.rows:
            page.add_chart(_chart(page, sheet), f"{_column_letter(len(sheet.header) + 2)}2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _chart(page: Any, sheet: Sheet) -> Any:
    from openpyxl.chart import BarChart, LineChart, Reference  # noqa: PLC0415 - as above

    chart = LineChart() if sheet.line else BarChart()
    chart.title = sheet.title
    chart.width, chart.height = 24, 12
    last = len(sheet.rows) + 1
    for name in sheet.plotted:
        column = list(sheet.header).index(name) + 1
        data = Reference(page, min_col=column, min_row=1, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(page, min_col=1, min_row=2, max_row=last))
    return chart


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - as above

    letter: str = get_column_letter(index)
    return letter


# A page's rows, answered as JSON or CSV.
PAGE_TYPES = (JSON, CSV_TYPE)


def page_response(request: Request, listed: Any, name: str, columns: Sequence[str]) -> Response:
    """A page as JSON, or its rows' `columns` as CSV with the next page's cursor in
    X-Next-Cursor (a CSV has nowhere else to carry it)."""

    def sheets() -> list[Sheet]:
        rows = [row.model_dump(mode="json") for row in listed.items]
        return [Sheet(name, columns, [[row[column] for column in columns] for row in rows])]

    response = report_response(request, listed, sheets, PAGE_TYPES)
    if listed.next_cursor and wanted(request, PAGE_TYPES) == CSV_TYPE:
        response.headers["X-Next-Cursor"] = listed.next_cursor
    return response
