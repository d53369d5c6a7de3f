"""Question seasons: defining them, their duty roster and invited experts, reports, lifecycle."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now
from youthvoice.domain import projection_keys
from youthvoice.domain import seasons as rules
from youthvoice.domain.access import require_experts_in_reach, require_supervisor
from youthvoice.domain.errors import (
    ConcurrentChange,
    Conflict,
    NotFound,
    ProblemCode,
    Problems,
    ValidationFailed,
)
from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Principal, Viewer
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.projection import BoardEntry
from youthvoice.domain.seasons import (
    INVITES_MAX,
    DutySlot,
    Season,
    SeasonChanges,
    SeasonStatus,
    SeasonView,
    Standing,
)
from youthvoice.domain.timestamps import iso
from youthvoice.services import audit
from youthvoice.services.catalog import children_of
from youthvoice.services.experts import active_experts, check_expert_ids
from youthvoice.services.questions import screen
from youthvoice.services.retries import retry_on_race
from youthvoice.services.runtime import reference, season_cache
from youthvoice.services.stats import (
    ExpertStanding,
    SeasonViews,
    counters,
    leaderboards,
    standings,
)

logger = logging.getLogger(__name__)
TOP_EXPERTS = 10
TOP_PLATFORMS = 5
FINAL_BOARD_SIZE = 100


@dataclass(frozen=True)
class SeasonDraft:
    name: str
    topics: tuple[str, ...]
    platform_id: str
    starts_at: str
    ends_at: str
    description: str
    sla_hours: int | None


class SeasonBook(SeasonViews, Protocol):
    """Seasons with their invited experts, and the per-scope lock that keeps them apart."""

    def of_scope(self, platform_id: str) -> list[Season]: ...
    def page(
        self, platform_id: str | None, status: SeasonStatus | None, at: str, page: PageRequest
    ) -> Page[Season]: ...
    def lock_writes(self, platform_id: str) -> int: ...
    def save(
        self,
        season: Season,
        lock_writes: int | None = None,
        invited: Sequence[Expert] = (),
        uninvited: Sequence[str] = (),
    ) -> None:
        """ConcurrentChange when the season, or its scope's lock, changed since it was read."""


def _repository() -> SeasonBook:
    return dependencies().stores.seasons


def _view(season_id: str) -> SeasonView:
    view = _repository().view(season_id)
    if view is None:
        raise NotFound(f"season {season_id} does not exist")
    return view


def _save_checked(season: Season) -> None:
    """Overlaps are checked against the scope's seasons as of the lock read before them."""
    repository = _repository()
    lock = repository.lock_writes(season.platform_id)
    rules.overlapping(season, repository.of_scope(season.platform_id))
    repository.save(season, lock_writes=lock)
    season_cache().forget()


def create(principal: Principal, draft: SeasonDraft) -> Season:
    problems = Problems()
    known = problems.check(lambda: reference().platform(draft.platform_id))
    if known is not None:
        require_supervisor(principal, known.lineage, "define a season for this platform")
    reference().check_topics(draft.topics, problems)
    problems.check(lambda: rules.parse_moment(draft.starts_at, "starts_at"))
    problems.check(lambda: rules.parse_moment(draft.ends_at, "ends_at"))
    problems.raise_any()
    platform = reference().platform(draft.platform_id)
    # Staff write seasons: a hard word refuses, a soft one passes.
    screen(name=draft.name, description=draft.description)
    created = now()
    season = Season(
        id=str(ULID.from_datetime(created)),
        name=draft.name,
        topics=draft.topics,
        platform_id=platform.id,
        lineage=platform.lineage,
        starts_at=rules.parse_moment(draft.starts_at, "starts_at"),
        ends_at=rules.parse_moment(draft.ends_at, "ends_at"),
        description=draft.description,
        created_by=principal.sub,
        created_at=iso(created),
        sla_hours=draft.sla_hours,
    )
    rules.check(season)
    rules.require_future_end(season.ends_at, season.created_at)
    with audit.recorded(principal, "season.create", "season", season.id, platform.lineage):
        retry_on_race(lambda: _save_checked(season))
    logger.info("season created", extra={"season_id": season.id, "by": principal.sub})
    return season


def get(season_id: str) -> SeasonView:
    return _view(season_id)


def listing(platform_id: str | None, status: str | None, page: PageRequest) -> Page[Season]:
    if status is not None and status not in set(SeasonStatus):
        raise ValidationFailed.of(
            "status",
            ProblemCode.NOT_ALLOWED,
            "must be upcoming, active or ended",
            allowed=tuple(SeasonStatus),
        )
    if platform_id is not None:
        reference().platform(platform_id)
    wanted = SeasonStatus(status) if status else None
    return _repository().page(platform_id, wanted, iso(now()), page)


def _changed(
    principal: Principal,
    season_id: str,
    action: str,
    name: str,
    apply: Callable[[SeasonView], Season],
) -> Season:
    """Re-read and re-check when a concurrent change to the season or its scope won; the change
    (its invitations too) is seen at once by this container's asks, and is recorded in the
    audit trail as `season.{name}`."""

    def attempt() -> Season:
        view = _view(season_id)
        lineage = view.season.lineage
        require_supervisor(principal, lineage, action)
        with audit.recorded(principal, f"season.{name}", "season", season_id, lineage):
            return apply(view)

    changed = retry_on_race(attempt)
    season_cache().forget()
    return changed


def patch(principal: Principal, season_id: str, changes: SeasonChanges) -> Season:
    def apply(view: SeasonView) -> Season:
        screen(name=changes.name or "", description=changes.description or "")
        parsed = dataclasses.replace(
            changes,
            starts_at=rules.parse_moment(changes.starts_at, "starts_at")
            if changes.starts_at
            else None,
            ends_at=rules.parse_moment(changes.ends_at, "ends_at") if changes.ends_at else None,
        )
        problems = Problems()
        reference().check_topics(parsed.topics or (), problems)
        problems.raise_any()
        updated = rules.change(view.season, parsed, iso(now()))
        _save_checked(updated)
        return updated

    return _changed(principal, season_id, "change this season", "patch", apply)


def set_roster(principal: Principal, season_id: str, slots: Sequence[DutySlot]) -> Season:
    def apply(view: SeasonView) -> Season:
        if view.season.status(iso(now())) is SeasonStatus.ENDED:
            raise Conflict("the season has ended: its roster is history")
        parsed = [
            dataclasses.replace(
                slot,
                starts_at=rules.parse_moment(slot.starts_at, "from"),
                ends_at=rules.parse_moment(slot.ends_at, "to"),
            )
            for slot in slots
        ]
        roster = rules.check_roster(view.season, parsed)
        updated = dataclasses.replace(view.season, roster=roster)
        _repository().save(updated)
        return updated

    return _changed(principal, season_id, "set this season's roster", "roster", apply)


def invite(principal: Principal, season_id: str, expert_ids: Sequence[str]) -> SeasonView:
    experts = active_experts(expert_ids, INVITES_MAX)

    def apply(view: SeasonView) -> Season:
        if view.season.status(iso(now())) is SeasonStatus.ENDED:
            raise Conflict("the season has ended")
        require_experts_in_reach(principal, view.season.lineage, experts)
        users = dict.fromkeys([*view.season.invited_users, *(e.user_id for e in experts)])
        updated = dataclasses.replace(view.season, invited_users=tuple(users))
        _repository().save(updated, invited=experts)
        return updated

    _changed(principal, season_id, "invite experts to this season", "invite", apply)
    return _view(season_id)


def uninvite(principal: Principal, season_id: str, expert_ids: Sequence[str]) -> SeasonView:
    """Withdraw season invitations; an id that is not invited is a 404 and nothing changes."""
    check_expert_ids(expert_ids, INVITES_MAX)

    def apply(view: SeasonView) -> Season:
        missing = [e for e in expert_ids if e not in view.invited]
        if missing:
            raise NotFound(f"not invited to this season: {', '.join(missing)}")
        gone = {view.invited[expert_id] for expert_id in expert_ids}
        users = tuple(u for u in view.season.invited_users if u not in gone)
        updated = dataclasses.replace(view.season, invited_users=users)
        _repository().save(updated, uninvited=expert_ids)
        return updated

    _changed(principal, season_id, "change this season's experts", "uninvite", apply)
    return _view(season_id)


@dataclass(frozen=True)
class Figures:
    questions: int
    answered: int
    on_time: int
    resolved: int
    ratings: int
    satisfaction: float | None


@dataclass(frozen=True)
class PlatformFigure:
    platform_id: str
    name: str
    questions: int
    answered: int


@dataclass(frozen=True)
class SeasonReport:
    season: Season
    status: SeasonStatus
    figures: Figures
    before: Figures
    before_from: str
    before_to: str
    top_experts: list[ExpertStanding]
    top_platforms: list[PlatformFigure]
    busiest_day: str | None
    busiest_day_questions: int
    activities: int = 0
    participants: int = 0
    signups: int = 0


def _figures(counts: dict[str, int]) -> Figures:
    ratings = counts.get("ratings", 0)
    return Figures(
        questions=counts.get("questions", 0),
        answered=counts.get("answered", 0),
        on_time=counts.get("on_time", 0),
        resolved=counts.get("resolved", 0),
        ratings=ratings,
        satisfaction=round(counts.get("rating_sum", 0) / ratings, 2) if ratings else None,
    )


def _summed(rows: Sequence[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for row in rows:
        for metric, value in row.items():
            total[metric] = total.get(metric, 0) + value
    return total


def report(season_id: str, viewer: Viewer) -> SeasonReport:
    """From the projections only: the season's counters, its days, the same scope and topics on
    the equal number of days before it, its board and its scope's children. The reads depend on
    the season's length, topics and scope, never on how many questions it had; its top experts are
    shown as the viewer may see them."""
    season = _view(season_id).season
    days = rules.local_days(season.starts_at, season.ends_at)
    before = rules.days_before(days)
    children = children_of(season.platform_id)
    season_days = {day: projection_keys.season_day(season.id, day) for day in days}
    days_before = [
        projection_keys.platform_topic_day(season.platform_id, topic, day)
        for topic in season.topics
        for day in before
    ]
    child_seasons = {
        child.id: projection_keys.platform_season(child.id, season.id) for child in children
    }
    whole = projection_keys.season(season.id)
    counts = counters().counts(
        [whole, *season_days.values(), *days_before, *child_seasons.values()]
    )
    top = season.final_board[:TOP_EXPERTS] if season.closed else board(season, TOP_EXPERTS)
    per_day = {day: counts[scope].get("questions", 0) for day, scope in season_days.items()}
    busiest = max(per_day, key=lambda day: (per_day[day], day)) if any(per_day.values()) else None
    platforms = sorted(
        (
            PlatformFigure(
                child.id,
                child.name,
                counts[child_seasons[child.id]].get("questions", 0),
                counts[child_seasons[child.id]].get("answered", 0),
            )
            for child in children
        ),
        key=lambda p: (-p.answered, -p.questions, p.platform_id),
    )
    return SeasonReport(
        season=season,
        status=season.status(iso(now())),
        figures=_figures(counts[whole]),
        before=_figures(_summed([counts[scope] for scope in days_before])),
        before_from=before[0],
        before_to=before[-1],
        top_experts=standings(
            viewer,
            [BoardEntry(rank, s.user_id, s.points, s.desk) for rank, s in enumerate(top, 1)],
            reference().platform(season.platform_id),
        ),
        top_platforms=[p for p in platforms if p.questions][:TOP_PLATFORMS],
        busiest_day=busiest,
        busiest_day_questions=per_day[busiest] if busiest else 0,
        activities=counts[whole].get("activities", 0),
        participants=counts[whole].get("participants", 0),
        signups=counts[whole].get("signups", 0),
    )


def board(season: Season, size: int) -> list[Standing]:
    """The live season board of the scope; a closed season's is frozen on the season."""
    return leaderboards().top(
        projection_keys.board(projection_keys.season_period(season.id), season.platform_id), size
    )


@dataclass
class Lifecycle:
    opened: list[str]
    closed: list[str]


def run_lifecycle() -> Lifecycle:
    """Open seasons whose start has come (their invited experts are notified through the
    stream) and close those that ended, freezing their board. Conditional on the version: a
    second run does nothing."""
    at = iso(now())
    done = Lifecycle([], [])
    for season in season_cache().load_now():
        opening = not season.opened and season.starts_at <= at
        closing = not season.closed and season.ends_at <= at
        if not (opening or closing):
            continue
        updated = dataclasses.replace(
            season,
            opened=season.opened or opening,
            closed=season.closed or closing,
            final_board=tuple(board(season, FINAL_BOARD_SIZE)) if closing else season.final_board,
        )
        try:
            _repository().save(updated)
        except ConcurrentChange:
            logger.info("season %s changed meanwhile: next run", season.id)
            continue
        if opening:
            done.opened.append(season.id)
        if closing:
            done.closed.append(season.id)
        logger.info(
            "season lifecycle", extra={"season_id": season.id, "opened": opening, "closed": closing}
        )
    season_cache().forget()
    return done
