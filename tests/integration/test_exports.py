"""Exports that cannot run: every file the API writes (the signups' CSV, the reports' CSV and
workbooks) keeps text that a spreadsheet would evaluate as text, and Accept is negotiated by its
q-values, through the app as a client calls it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from functions.spreadsheets import XLSX_TYPE
from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import CITY, announce, found_alliance
from tests.tokens import bearer
from youthvoice.domain.identity import Role

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOTES = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=1+1 普通"]
# Ids may begin with - and @: a token's subject reaches the signups' user_id column as is.
SIGNERS = ["-youth", "@youth", "youth-plain"]
REPORTS = [
    "/stats",
    "/platforms/sx-04/stats",
    "/platforms/sx/stats/children",
    "/platforms/sx-04/stats/series?from=2026-01-01&to=2026-03-31&interval=month",
]


def unescaped(cells: list[Any]) -> list[str]:
    return [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]


def csv_cells(body: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.decode(), newline="")) for cell in row]


def workbook_cells(body: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(body))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    return [cell.value for cell in cells]


@pytest.fixture
def signups(stack: Stack) -> str:
    """Given an activity whose signers have ids and notes that begin like formulas."""
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(staff, alliance["id"], capacity=50)
    path = f"/activities/{activity['id']}/signups"
    for signer in SIGNERS:
        for note in NOTES:
            reply = as_user(stack, f"{signer}-{len(note)}-{ord(note[0])}", Role.YOUTH).post(
                path, {"note": note}
            )
            assert reply.status == 201, reply.body
    return path


def test_the_signups_csv_escapes_every_cell_a_spreadsheet_would_run(
    stack: Stack, signups: str
) -> None:
    # When staff read the signups as CSV
    response = stack.http.get(
        signups, headers={**bearer("league-4", Role.STAFF, CITY), "Accept": "text/csv"}
    )
    # Then it is CSV in which no cell begins with a formula character unescaped
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"].startswith("text/csv")
    cells = csv_cells(response.body)
    assert unescaped(cells) == []
    # And the hostile texts are there, behind a single quote, one cell each
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert {"'+1", "'-1", "'@SUM(A1)"} <= set(cells)
    assert any(cell.startswith("'-youth-") for cell in cells)
    assert any(cell.startswith("'@youth-") for cell in cells)
    assert any(cell.startswith("youth-plain-") for cell in cells)


def test_the_signups_as_json_keep_the_texts_as_sent(stack: Stack, signups: str) -> None:
    # When staff read the signups as JSON (the escaping is for files only)
    response = stack.http.get(signups, headers=bearer("league-4", Role.STAFF, CITY))
    # Then the notes are the texts as stored
    assert response.status_code == 200
    notes = {item["note"] for item in response.json_body["items"]}
    assert '=HYPERLINK("http://x","y")' in notes


@pytest.mark.parametrize("path", REPORTS)
@pytest.mark.parametrize("accept", ["text/csv", XLSX_TYPE])
def test_every_report_file_holds_no_cell_that_runs(stack: Stack, path: str, accept: str) -> None:
    # When a report is read as a file
    response = stack.http.get(path, headers={"Accept": accept})
    # Then it is that file, and no cell begins with a formula character unescaped
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"].startswith(accept)
    cells = csv_cells(response.body) if accept == "text/csv" else workbook_cells(response.body)
    assert cells
    assert unescaped(cells) == []


@pytest.mark.parametrize("path", [REPORTS[1], "signups"])
def test_accept_is_negotiated_by_q_values(stack: Stack, signups: str, path: str) -> None:
    # Given a report and the signups, each answering JSON by default or CSV
    target = signups if path == "signups" else path
    headers = bearer("league-4", Role.STAFF, CITY)

    def asked(accept: str) -> tuple[int, str]:
        response = stack.http.get(target, headers={**headers, "Accept": accept})
        return response.status_code, response.headers["Content-Type"].split(";")[0]

    # When JSON is wanted and CSV refused with q=0, Then it is JSON
    assert asked("application/json;q=1, text/csv;q=0") == (200, "application/json")
    # When CSV is rated above JSON, Then it is CSV
    assert asked("application/json;q=0.5, text/csv") == (200, "text/csv")
    # When both tie, Then it is the route's default, JSON
    assert asked("text/csv, application/json") == (200, "application/json")
    # When neither is acceptable, Then it is a 406 in the one error shape
    refused = stack.http.get(target, headers={**headers, "Accept": "text/csv;q=0, text/html"})
    assert refused.status_code == 406
    assert refused.json_body["error"]["code"] == "not_acceptable"
