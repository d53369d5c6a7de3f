"""Published figures: counters, rates and leaderboards, all read from the projections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from youthvoice.bootstrap import dependencies, settings
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import NotFound, ProblemCode, ValidationFailed
from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Viewer
from youthvoice.domain.pagination import Page, PageRequest, slice_page
from youthvoice.domain.people import Author, AuthorKind, Writer, author
from youthvoice.domain.platforms import Platform
from youthvoice.domain.projection import BoardEntry
from youthvoice.domain.projection_keys import Period, Scope
from youthvoice.domain.seasons import SeasonView, Standing
from youthvoice.domain.timestamps import MONTH_PATTERN
from youthvoice.services.catalog import children_of, experts_on
from youthvoice.services.runtime import reference

MONTH = re.compile(MONTH_PATTERN)


class Counters(Protocol):
    def counts(self, scopes: Sequence[Scope]) -> dict[Scope, dict[str, int]]:
        """Every metric of each scope's counter row (absent rows and metrics read as zero)."""


class Leaderboards(Protocol):
    def top(self, board: str, limit: int) -> list[Standing]: ...
    def page(self, board: str, page: PageRequest) -> Page[BoardEntry]: ...


class ExpertNames(Protocol):
    def of_users(self, user_ids: Sequence[str]) -> dict[str, Expert]:
        """The expert profiles the users hold, in one BatchGet per kind of item."""


class VisitTotals(Protocol):
    def total(self, scope: str, scope_id: str) -> int: ...


class SeasonViews(Protocol):
    """A closed season's frozen board is on the season itself."""

    def view(self, season_id: str) -> SeasonView | None: ...


def counters() -> Counters:
    return dependencies().stores.counters


def leaderboards() -> Leaderboards:
    return dependencies().stores.leaderboards


def _experts() -> ExpertNames:
    return dependencies().stores.experts


def _visits() -> VisitTotals:
    return dependencies().stores.visits


def _seasons() -> SeasonViews:
    return dependencies().stores.seasons


@dataclass(frozen=True)
class Stats:
    platform_id: str
    season_id: str | None
    questions: int
    answers: int
    peer_answers: int
    answered: int
    resolved: int
    on_time: int
    ratings: int
    visits: int | None
    experts: int
    answer_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    satisfaction: float | None
    from_date: str | None = None
    to_date: str | None = None
    activities: int = 0
    participants: int = 0
    signups: int = 0


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _scope(platform_id: str, season_id: str | None) -> Scope:
    return (
        projection_keys.platform_season(platform_id, season_id)
        if season_id
        else projection_keys.platform(platform_id)
    )


def figures(
    counts: dict[str, int],
    platform_id: str,
    season_id: str | None,
    visits: int | None,
    dates: tuple[str, str] | None = None,
) -> Stats:
    """Counts and the rates derived from them; `dates` names the range they were summed over."""
    questions = counts.get("questions", 0)
    ratings = counts.get("ratings", 0)
    return Stats(
        platform_id=platform_id,
        season_id=season_id,
        questions=questions,
        answers=counts.get("answers", 0),
        peer_answers=counts.get("peer_answers", 0),
        answered=counts.get("answered", 0),
        resolved=counts.get("resolved", 0),
        on_time=counts.get("on_time", 0),
        ratings=ratings,
        visits=visits,
        experts=counts.get("experts", 0),
        answer_rate=_rate(counts.get("answered", 0), questions),
        on_time_rate=_rate(counts.get("on_time", 0), questions),
        resolution_rate=_rate(counts.get("resolved", 0), questions),
        satisfaction=round(counts.get("rating_sum", 0) / ratings, 2) if ratings else None,
        from_date=dates[0] if dates else None,
        to_date=dates[1] if dates else None,
        activities=counts.get("activities", 0),
        participants=counts.get("participants", 0),
        signups=counts.get("signups", 0),
    )


def platform_stats(platform_id: str | None, season_id: str | None) -> Stats:
    """One GetItem for the counters, one Query for the visit shards."""
    platform = reference().find(platform_id or settings().root_platform)
    if platform is None:
        raise NotFound(f"platform {platform_id} does not exist")
    scope = _scope(platform.id, season_id)
    counts = counters().counts([scope])[scope]
    if season_id:
        counts["experts"] = experts_on(platform.id)
    visits = _visits().total(*scope)
    return figures(counts, platform.id, season_id, visits)


@dataclass(frozen=True)
class ExpertStanding:
    """A board's row with its member shown as the viewer may see them; `platform_id` is the
    expert's platform, None for a member without an expert profile."""

    rank: int
    points: int
    author: Author
    platform_id: str | None


def expert_board(
    viewer: Viewer,
    season_id: str | None,
    month: str | None,
    platform_id: str | None,
    page: PageRequest,
) -> Page[ExpertStanding]:
    """A page of the board, its members shown as people."""
    if season_id and month:
        raise ValidationFailed("give season_id or month, not both")
    if month and not MONTH.match(month):
        raise ValidationFailed.of("month", ProblemCode.INVALID_FORMAT, "must look like 2026-11")
    platform = reference().platform(platform_id or settings().root_platform)
    period = (
        projection_keys.season_period(season_id)
        if season_id
        else projection_keys.month(month)
        if month
        else Period.ALL_TIME
    )
    entries = _frozen(season_id, platform.id, page)
    if entries is None:
        entries = leaderboards().page(projection_keys.board(period, platform.id), page)
    return Page(standings(viewer, entries.items, platform), entries.next_cursor)


def standings(
    viewer: Viewer, entries: Sequence[BoardEntry], board: Platform
) -> list[ExpertStanding]:
    """Members' expert profiles in one BatchGet, never a read per row. A member without one
    answered as staff, shown as the desk of the platform they answered for (the score keeps
    it; a score from before it did shows the board's platform), their user id only to staff
    over that desk and admins."""
    experts = _experts().of_users([entry.member for entry in entries]) if entries else {}
    return [_standing(viewer, entry, experts.get(entry.member), board) for entry in entries]


def _standing(
    viewer: Viewer, entry: BoardEntry, expert: Expert | None, board: Platform
) -> ExpertStanding:
    if expert is None:
        platform = (reference().find(entry.desk) if entry.desk else None) or board
        desk = Writer(entry.member, AuthorKind.STAFF, platform_id=platform.id)
        shown = author(viewer, desk, platform.lineage, platform_name)
        return ExpertStanding(entry.rank, entry.points, shown, None)
    writer = Writer(entry.member, AuthorKind.EXPERT, expert.name, expert_id=expert.id)
    shown = author(viewer, writer, expert.lineage, platform_name)
    return ExpertStanding(entry.rank, entry.points, shown, expert.platform_id)


def platform_name(platform_id: str) -> str:
    return reference().platform(platform_id).name


def _frozen(season_id: str | None, platform_id: str, page: PageRequest) -> Page[BoardEntry] | None:
    """A closed season's board on its own scope is the one frozen when it ended."""
    if season_id is None:
        return None
    view = _seasons().view(season_id)
    if view is None:
        raise NotFound(f"season {season_id} does not exist")
    season = view.season
    if not season.closed or season.platform_id != platform_id:
        return None
    ranked = slice_page(season.final_board, page, f"final:{season.id}")
    return Page(
        [BoardEntry(rank, s.user_id, s.points, s.desk) for rank, s in ranked.items],
        ranked.next_cursor,
    )


@dataclass(frozen=True)
class PlatformStanding:
    rank: int
    platform: Platform
    stats: Stats


def platform_board(parent_id: str | None, season_id: str | None) -> list[PlatformStanding]:
    """Siblings ranked by on-time rate (then answer rate): the children's counters in a BatchGet."""
    parent = reference().platform(parent_id or settings().root_platform)
    children = children_of(parent.id)
    scopes = [_scope(child.id, season_id) for child in children]
    counts = counters().counts(scopes)
    stats = [
        figures(counts[scope], child.id, season_id, 0)
        for child, scope in zip(children, scopes, strict=True)
    ]
    return ranked(children, stats)


def ranked(platforms: Sequence[Platform], stats: Sequence[Stats]) -> list[PlatformStanding]:
    """By on-time rate, then answer rate, then id: the order officials compare siblings in."""
    pairs = sorted(
        zip(platforms, stats, strict=True),
        key=lambda pair: (-(pair[1].on_time_rate or 0), -(pair[1].answer_rate or 0), pair[0].id),
    )
    return [PlatformStanding(rank, p, s) for rank, (p, s) in enumerate(pairs, 1)]
