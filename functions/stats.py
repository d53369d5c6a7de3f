"""Published figures and leaderboards: public, read from the projections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response
from pydantic import BaseModel

from functions.deferred import Deferred
from functions.http import endpoint, parse_query, viewer_of
from functions.schemas.stats import (
    ChildrenOut,
    ExpertBoardOut,
    ExpertBoardQuery,
    ExpertStandingOut,
    PlatformBoardOut,
    PlatformBoardQuery,
    RangeQuery,
    SeriesOut,
    SeriesQuery,
    StatsOut,
    StatsQuery,
)
from functions.spreadsheets import REPORT_FILES, XLSX_TYPE, Sheet, report_response, wanted

if TYPE_CHECKING:
    from youthvoice.services import reports, stats
else:
    reports = Deferred("youthvoice.services.reports")
    stats = Deferred("youthvoice.services.stats")

stats_routes = Blueprint(__name__)
FILES = "; also text/csv and an Excel workbook by Accept"
CHILD_CHART = ("questions", "answered", "on_time")
SERIES_CHART = ("questions", "answered", "on_time", "resolved")


def _table(
    title: str, items: Sequence[BaseModel], plotted: Sequence[str] = (), line: bool = False
) -> Sheet:
    """Rows of a report's items, the first column (a name or a date) labelling the chart."""
    dumped = [item.model_dump(mode="json") for item in items]
    header = list(dumped[0]) if dumped else []
    label = "name" if "name" in header else "from_date"
    if label in header:
        header.remove(label)
        header.insert(0, label)
    return Sheet(title, header, [[row[h] for h in header] for row in dumped], plotted, line)


def _children_sheet(children: ChildrenOut) -> Sheet:
    return _table("children", children.items, CHILD_CHART)


def _stats(platform_id: str | None) -> Response:
    request = stats_routes.current_request
    query = parse_query(request, StatsQuery)
    period = query.period
    if period is None:
        found = stats.platform_stats(platform_id, query.season_id)
    else:
        found = reports.range_stats(platform_id, period)
    figures = StatsOut.of(found)

    def sheets() -> list[Sheet]:
        rows = list(figures.model_dump(mode="json").items())
        table = Sheet("figures", ["figure", "value"], [list(row) for row in rows])
        if wanted(request) != XLSX_TYPE:
            return [table]
        if query.season_id:
            standings = stats.platform_board(found.platform_id, query.season_id)
        else:
            standings = reports.children(found.platform_id, period)
        return [table, _children_sheet(ChildrenOut.of(found.platform_id, period, standings))]

    return report_response(request, figures, sheets)


@endpoint(
    stats_routes,
    "/stats",
    summary="The province's figures, over a date range if given" + FILES,
    files=REPORT_FILES,
    query=StatsQuery,
    response=StatsOut,
)
def root_stats() -> Response:
    return _stats(None)


@endpoint(
    stats_routes,
    "/platforms/{platform_id}/stats",
    summary="A platform's figures, its whole subtree included, over a date range if given" + FILES,
    files=REPORT_FILES,
    query=StatsQuery,
    response=StatsOut,
)
def platform_stats(platform_id: str) -> Response:
    return _stats(platform_id)


@endpoint(
    stats_routes,
    "/platforms/{platform_id}/stats/series",
    summary="A platform's figures per day, ISO week or month of a date range" + FILES,
    files=REPORT_FILES,
    query=SeriesQuery,
    response=SeriesOut,
)
def stats_series(platform_id: str) -> Response:
    request = stats_routes.current_request
    query = parse_query(request, SeriesQuery)
    series = SeriesOut.of(reports.series(platform_id, query.period, query.interval))

    return report_response(
        request, series, lambda: [_table("series", series.items, SERIES_CHART, line=True)]
    )


@endpoint(
    stats_routes,
    "/platforms/{platform_id}/stats/children",
    summary="One row per child platform, ranked, over a date range if given" + FILES,
    files=REPORT_FILES,
    query=RangeQuery,
    response=ChildrenOut,
)
def stats_children(platform_id: str) -> Response:
    request = stats_routes.current_request
    period = parse_query(request, RangeQuery).period
    children = ChildrenOut.of(platform_id, period, reports.children(platform_id, period))
    return report_response(request, children, lambda: [_children_sheet(children)])


@endpoint(
    stats_routes,
    "/leaderboards/experts",
    summary="Experts by points, shown as people (a user id only to staff in scope and admins): "
    "all time, a month or a season, on a platform's subtree; paginated",
    query=ExpertBoardQuery,
    response=ExpertBoardOut,
    token_optional=True,
)
def expert_board() -> ExpertBoardOut:
    query = parse_query(stats_routes.current_request, ExpertBoardQuery)
    viewer = viewer_of(stats_routes.current_request)
    page = stats.expert_board(viewer, query.season_id, query.month, query.platform_id, query.page)
    return ExpertBoardOut.of(page, ExpertStandingOut.of)


@endpoint(
    stats_routes,
    "/leaderboards/platforms",
    summary="Sibling platforms ranked by on-time rate",
    query=PlatformBoardQuery,
    response=PlatformBoardOut,
)
def platform_board() -> PlatformBoardOut:
    query = parse_query(stats_routes.current_request, PlatformBoardQuery)
    return PlatformBoardOut.of(stats.platform_board(query.parent_id, query.season_id))
