"""Published figures and leaderboards: public, read from the projections."""

from __future__ import annotations

from chalice.app import Blueprint

from functions.http import endpoint, parse_query
from functions.schemas.stats import (
    ExpertBoardEntryOut,
    ExpertBoardOut,
    ExpertBoardQuery,
    PlatformBoardOut,
    PlatformBoardQuery,
    StatsOut,
    StatsQuery,
)
from youthvoice.services import stats

stats_routes = Blueprint(__name__)


def _stats(platform_id: str | None) -> StatsOut:
    query = parse_query(stats_routes.current_request, StatsQuery)
    return StatsOut.of(stats.platform_stats(platform_id, query.season_id))


@endpoint(
    stats_routes, "/stats", summary="The province's figures", query=StatsQuery, response=StatsOut
)
def root_stats() -> StatsOut:
    return _stats(None)


@endpoint(
    stats_routes,
    "/platforms/{platform_id}/stats",
    summary="A platform's figures, its whole subtree included",
    query=StatsQuery,
    response=StatsOut,
)
def platform_stats(platform_id: str) -> StatsOut:
    return _stats(platform_id)


@endpoint(
    stats_routes,
    "/leaderboards/experts",
    summary="Experts by points, with their names: all time, a month or a season, on a "
    "platform's subtree; paginated",
    query=ExpertBoardQuery,
    response=ExpertBoardOut,
)
def expert_board() -> ExpertBoardOut:
    query = parse_query(stats_routes.current_request, ExpertBoardQuery)
    page = stats.expert_board(query.season_id, query.month, query.platform_id, query.page)
    return ExpertBoardOut.of(page, ExpertBoardEntryOut.of_standing)


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
