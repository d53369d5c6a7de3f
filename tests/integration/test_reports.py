"""Reports over Shanghai dates: figures, series and children, as JSON, CSV and workbooks, read
from counter rows in a bounded number of requests."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.client import BaseClient
from openpyxl import load_workbook

from functions.spreadsheets import XLSX_TYPE
from tests.integration.api import as_user
from tests.integration.conftest import Stack
from youthvoice.bootstrap import clock_set_to
from youthvoice.domain.identity import Role
from youthvoice.domain.worktime import SHANGHAI

COUNTY, OTHER_COUNTY = "sx-04-11", "sx-05-01"
# (Shanghai moment asked, county, answered): the last is 23:30 on 31 March in Shanghai, which is
# still March there though it is 15:30 UTC.
ASKED = [
    (dt.datetime(2016, 1, 15, 10, tzinfo=SHANGHAI), COUNTY, True),
    (dt.datetime(2016, 1, 20, 10, tzinfo=SHANGHAI), OTHER_COUNTY, False),
    (dt.datetime(2016, 2, 15, 10, tzinfo=SHANGHAI), COUNTY, True),
    (dt.datetime(2016, 3, 31, 23, 30, tzinfo=SHANGHAI), COUNTY, False),
]
YEAR = "from=2016-01-01&to=2016-12-31"


def at(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


def charts(sheet: Any) -> int:
    """openpyxl keeps a sheet's charts in `_charts`; there is no public accessor."""
    return len(sheet._charts)


@pytest.fixture(scope="module")
def year(bare_stack: Stack) -> Stack:
    """Given an expert on 沁县 and four questions over the first quarter of 2016, two answered."""
    admin = as_user(bare_stack, "report-admin", Role.ADMIN)
    expert = {"user_id": "report-expert", "name": "孙老师", "topics": ["rights"]}
    assert admin.post("/experts", {**expert, "platform_id": COUNTY}).status == 201
    asker = as_user(bare_stack, "report-youth", Role.YOUTH)
    answerer = as_user(bare_stack, "report-expert", Role.EXPERT, COUNTY)
    for moment, county, answered in ASKED:
        with clock_set_to(at(moment)):
            body = {"title": "劳动合同问题", "body": "公司不签合同怎么办", "topic": "rights"}
            asked = asker.post("/questions", {**body, "platform_id": county})
            assert asked.status == 201
        if answered:
            with clock_set_to(at(moment + dt.timedelta(hours=1))):
                reply = answerer.post(f"/questions/{asked.body['id']}/answers", {"body": "仲裁"})
                assert reply.status == 201
    bare_stack.pump.drain()
    return bare_stack


@pytest.fixture
def calls() -> Iterator[Counter[str]]:
    """DynamoDB requests by operation while the test runs."""
    counted: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation: str, params: Any) -> Any:
        if self.meta.service_model.service_name == "dynamodb":
            counted[operation] += 1
        return original(self, operation, params)

    BaseClient._make_api_call = counting
    try:
        yield counted
    finally:
        BaseClient._make_api_call = original


def figures(stack: Stack, path: str, accept: str = "application/json") -> Any:
    response = stack.http.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.body
    return response.json_body if accept == "application/json" else response


def test_a_range_holds_what_was_asked_in_it(year: Stack) -> None:
    # When the province's figures are read for the year, for March, and for 1 April on
    whole = figures(year, f"/platforms/sx/stats?{YEAR}")
    march = figures(year, "/platforms/sx/stats?from=2016-03-01&to=2016-03-31")
    after = figures(year, "/platforms/sx/stats?from=2016-04-01&to=2016-12-31")
    # Then the year holds every question, March the one asked late on its last Shanghai day
    assert (whole["questions"], whole["answered"], whole["answer_rate"]) == (4, 2, 0.5)
    assert (whole["from_date"], whole["to_date"], whole["visits"]) == (
        "2016-01-01",
        "2016-12-31",
        None,
    )
    # And it says whose dates those are, so a browser in another zone labels them right
    assert whole["time_zone"] == "Asia/Shanghai"
    assert (march["questions"], march["answered"]) == (1, 0)
    assert after["questions"] == 0
    # And the year's figures are the all-time ones, since nothing was asked outside it
    all_time = figures(year, "/platforms/sx/stats")
    for name in ("questions", "answers", "answered", "on_time", "resolved", "experts"):
        assert whole[name] == all_time[name], name


def test_a_years_monthly_series_is_one_batch_get(year: Stack, calls: Counter[str]) -> None:
    # When the province's monthly series for 2016 is read
    series = figures(year, f"/platforms/sx/stats/series?{YEAR}&interval=month")
    # Then it has twelve months in order with what was asked in each
    assert [p["from_date"] for p in series["items"]] == [f"2016-{m:02d}-01" for m in range(1, 13)]
    assert [p["questions"] for p in series["items"]] == [2, 1, 1] + [0] * 9
    assert [p["answered"] for p in series["items"]][:3] == [1, 1, 0]
    # And it cost one BatchGetItem (twelve month rows) and one GetItem (the platform)
    assert calls["BatchGetItem"] == 1
    assert sum(calls.values()) <= 2, calls


def test_weekly_and_daily_series_split_at_mondays_and_days(year: Stack) -> None:
    # When January's first fortnight and 15-16 January are read by week and by day
    weekly = figures(
        year, "/platforms/sx-04/stats/series?from=2016-01-01&to=2016-01-17&interval=week"
    )
    daily = figures(
        year, "/platforms/sx-04/stats/series?from=2016-01-15&to=2016-01-16&interval=day"
    )
    # Then weeks start on Mondays (4 and 11 January 2016), cut at the range's ends
    assert [(p["from_date"], p["to_date"]) for p in weekly["items"]] == [
        ("2016-01-01", "2016-01-03"),
        ("2016-01-04", "2016-01-10"),
        ("2016-01-11", "2016-01-17"),
    ]
    assert [p["questions"] for p in weekly["items"]] == [0, 0, 1]
    assert (weekly["from_date"], weekly["to_date"], weekly["time_zone"]) == (
        "2016-01-01",
        "2016-01-17",
        "Asia/Shanghai",
    )
    assert [p["questions"] for p in daily["items"]] == [1, 0]


def test_children_are_one_row_each_ranked(year: Stack) -> None:
    # When the province's cities are read for the year
    children = figures(year, f"/platforms/sx/stats/children?{YEAR}")
    rows = {row["platform_id"]: row for row in children["items"]}
    # Then each child platform has its row, the answering city first
    listed = year.http.get("/platforms/sx").json_body["children"]
    assert set(rows) == {child["id"] for child in listed}
    assert (rows["sx-04"]["questions"], rows["sx-04"]["answered"]) == (3, 2)
    assert rows["sx-05"]["questions"] == 1
    assert children["items"][0]["platform_id"] == "sx-04"
    assert [row["rank"] for row in children["items"]] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize(
    "path",
    [
        f"/platforms/sx/stats?{YEAR}",
        f"/platforms/sx/stats/series?{YEAR}&interval=month",
        f"/platforms/sx/stats/children?{YEAR}",
    ],
)
def test_csv_holds_the_json(year: Stack, path: str) -> None:
    # When a report is asked for as CSV
    response = figures(year, path, "text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body.decode())))
    json_body = figures(year, path)
    # Then it is CSV, says it varies by Accept, and holds the JSON's numbers
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "Accept" in response.headers["Vary"]
    if "items" in json_body:
        assert [int(row["questions"]) for row in rows] == [
            item["questions"] for item in json_body["items"]
        ]
    else:
        by_figure = {row["figure"]: row["value"] for row in rows}
        assert by_figure["questions"] == str(json_body["questions"])
        assert by_figure["answer_rate"] == str(json_body["answer_rate"])


def test_the_workbook_holds_figures_children_and_a_chart(year: Stack) -> None:
    # When the province's year is asked for as a workbook
    response = figures(year, f"/platforms/sx/stats?{YEAR}", XLSX_TYPE)
    book = load_workbook(io.BytesIO(response.body))
    json_body = figures(year, f"/platforms/sx/stats?{YEAR}")
    children = figures(year, f"/platforms/sx/stats/children?{YEAR}")
    # Then it has a sheet of figures equal to the JSON's
    assert response.headers["Content-Type"] == XLSX_TYPE
    assert book.sheetnames == ["figures", "children"]
    values = {row[0]: row[1] for row in book["figures"].iter_rows(min_row=2, values_only=True)}
    assert values["questions"] == json_body["questions"] == 4
    assert values["answer_rate"] == json_body["answer_rate"]
    # And a sheet of children equal to the children report, with a chart of them
    sheet = book["children"]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert [(r["name"], r["questions"]) for r in rows] == [
        (item["name"], item["questions"]) for item in children["items"]
    ]
    assert charts(sheet) == 1


def test_the_series_workbook_charts_its_periods(year: Stack) -> None:
    response = figures(year, f"/platforms/sx/stats/series?{YEAR}", XLSX_TYPE)
    sheet = load_workbook(io.BytesIO(response.body))["series"]
    questions = [cell.value for cell in sheet["A"][1:]]
    assert questions[:3] == ["2016-01-01", "2016-02-01", "2016-03-01"]
    assert charts(sheet) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2016-02-01&to=2016-01-01", "to: must not be before from"),
        ("from=2016-01-01&to=2017-01-01", "at most 366 days"),
        ("from=2016-01-01", "from and to go together"),
        ("from=2016-02-30&to=2016-03-01", "from"),
        ("season_id=s1&from=2016-01-01&to=2016-01-02", "not both"),
    ],
)
def test_bad_ranges_are_400s(year: Stack, query: str, message: str) -> None:
    response = year.http.get(f"/platforms/sx/stats?{query}")
    assert response.status_code == 400
    assert message in response.json_body["error"]["detail"]


def test_a_series_needs_its_range_and_a_known_interval(year: Stack) -> None:
    assert year.http.get("/platforms/sx/stats/series").status_code == 400
    bad = year.http.get(f"/platforms/sx/stats/series?{YEAR}&interval=year")
    assert bad.status_code == 400
    assert year.http.get(f"/platforms/nowhere/stats/series?{YEAR}").status_code == 404
