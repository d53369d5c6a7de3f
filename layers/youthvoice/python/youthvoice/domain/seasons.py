"""Question seasons (问题季): a window, a scope and topics in the spotlight, a duty rotation.

Times are stored in UTC; a time given without a zone, or a bare date, is Asia/Shanghai. A question
belongs to a season when it is asked on the season's scope platform or below, on one of its
topics, at or after `starts_at` and before `ends_at`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from youthvoice.domain.errors import Conflict, ProblemCode, Problems, ValidationFailed
from youthvoice.domain.identity import check_user_id
from youthvoice.domain.timestamps import iso, parse_iso
from youthvoice.domain.worktime import SHANGHAI, in_shanghai_if_naive

NAME_MIN, NAME_MAX = 2, 50
DESCRIPTION_MAX = 2_000
TOPICS_MAX = 5
LONGEST = dt.timedelta(days=180)
SLA_HOURS_MAX = 200
DEPARTMENT_MAX = 50
STAFF_PER_SLOT_MAX = 20
INVITES_MAX = 50


class SeasonStatus(StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True)
class DutySlot:
    """One department on duty (轮值) from `starts_at` until `ends_at`."""

    department: str
    staff_ids: tuple[str, ...]
    starts_at: str
    ends_at: str


@dataclass(frozen=True)
class Standing:
    """A member's points on a board; `desk` as on `projection.BoardEntry`."""

    user_id: str
    points: int
    desk: str | None = None


@dataclass(frozen=True)
class Season:
    id: str
    name: str
    topics: tuple[str, ...]
    platform_id: str
    lineage: tuple[str, ...]
    starts_at: str
    ends_at: str
    description: str
    created_by: str
    created_at: str
    sla_hours: int | None = None
    roster: tuple[DutySlot, ...] = ()
    invited_users: tuple[str, ...] = ()
    opened: bool = False
    closed: bool = False
    final_board: tuple[Standing, ...] = ()
    version: int = 0

    def status(self, at: str) -> SeasonStatus:
        if at < self.starts_at:
            return SeasonStatus.UPCOMING
        return SeasonStatus.ACTIVE if at < self.ends_at else SeasonStatus.ENDED

    def covers(self, lineage: Sequence[str], topic: str, at: str) -> bool:
        """Inclusive start, exclusive end."""
        return (
            self.platform_id in lineage
            and topic in self.topics
            and self.starts_at <= at < self.ends_at
        )

    def on_duty(self, at: str) -> DutySlot | None:
        return next((s for s in self.roster if s.starts_at <= at < s.ends_at), None)

    def tighter(self, target: dt.timedelta) -> dt.timedelta:
        if self.sla_hours is None:
            return target
        return min(target, dt.timedelta(hours=self.sla_hours))


@dataclass(frozen=True)
class SeasonView:
    season: Season
    invited: Mapping[str, str] = field(default_factory=dict)
    """Invited expert ids, each with their user id."""

    @property
    def expert_ids(self) -> tuple[str, ...]:
        return tuple(self.invited)


def parse_moment(value: str, name: str) -> str:
    """ISO 8601; without a zone (or a bare date, at midnight) it is Asia/Shanghai time."""
    try:
        moment = parse_iso(value)
    except ValueError:
        raise ValidationFailed.of(
            name, ProblemCode.INVALID_FORMAT, f"not an ISO 8601 date or time: {value}"
        ) from None
    return iso(in_shanghai_if_naive(moment))


def check(season: Season) -> None:
    """The rules every version of a season must meet (on create and on every change) beyond the
    lengths and counts the HTTP edge already bounds; every broken rule at once."""
    problems = Problems()
    if len(set(season.topics)) != len(season.topics):
        problems.add("topics", ProblemCode.DUPLICATE, "give each topic once")
    if season.starts_at >= season.ends_at:
        problems.add("ends_at", ProblemCode.NOT_AFTER, "must be after starts_at", after="starts_at")
    elif parse_iso(season.ends_at) - parse_iso(season.starts_at) > LONGEST:
        problems.add(
            "ends_at",
            ProblemCode.SPAN_TOO_LONG,
            "a season lasts at most 180 days",
            max_days=LONGEST.days,
        )
    problems.raise_any()


def require_future_end(ends_at: str, at: str) -> None:
    if ends_at <= at:
        raise ValidationFailed.of(
            "ends_at", ProblemCode.NOT_AFTER, "must be in the future", after="now"
        )


def overlapping(season: Season, others: Iterable[Season]) -> None:
    """Two seasons of one scope may not share a topic at the same time: a question would not
    know which it belongs to."""
    for other in others:
        if other.id == season.id or other.platform_id != season.platform_id:
            continue
        shared = set(other.topics) & set(season.topics)
        if shared and other.starts_at < season.ends_at and season.starts_at < other.ends_at:
            raise Conflict(
                f"season {other.id} ({other.name}) already covers {', '.join(sorted(shared))} "
                f"on {season.platform_id} from {other.starts_at} to {other.ends_at}"
            )


@dataclass(frozen=True)
class SeasonChanges:
    name: str | None = None
    description: str | None = None
    topics: tuple[str, ...] | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    sla_hours: int | None = None
    fields: frozenset[str] = field(default_factory=frozenset)


def change(season: Season, changes: SeasonChanges, at: str) -> Season:
    """Only before the season ends; its topics and start only before it starts."""
    status = season.status(at)
    if status is SeasonStatus.ENDED:
        raise Conflict("the season has ended: it can no longer be changed")
    if status is SeasonStatus.ACTIVE and changes.fields & {"topics", "starts_at"}:
        raise Conflict("the season has started: its topics and start are fixed")
    if changes.ends_at is not None:
        require_future_end(changes.ends_at, at)
    updated = dataclasses.replace(
        season, **{name: getattr(changes, name) for name in changes.fields}
    )
    check(updated)
    if not season.roster:
        return updated
    # The departments on duty at either end stay on duty to the season's new edges.
    slots = list(season.roster)
    slots[0] = dataclasses.replace(slots[0], starts_at=updated.starts_at)
    slots[-1] = dataclasses.replace(slots[-1], ends_at=updated.ends_at)
    try:
        roster = check_roster(updated, slots)
    except ValidationFailed as error:
        raise ValidationFailed(
            f"the new window does not fit the roster ({error.message}): change the roster first"
        ) from None
    return dataclasses.replace(updated, roster=roster)


def check_roster(season: Season, slots: Sequence[DutySlot]) -> tuple[DutySlot, ...]:
    """Slots must cover the season exactly: no gap, no overlap, each named with its dates."""
    for slot in slots:
        for staff_id in slot.staff_ids:
            check_user_id(staff_id, "roster: staff_ids")
        if slot.starts_at >= slot.ends_at:
            raise ValidationFailed(f"roster: {slot.department} ends before it starts")
    ordered = sorted(slots, key=lambda s: (s.starts_at, s.ends_at))
    if ordered[0].starts_at != season.starts_at:
        raise ValidationFailed(
            f"roster: the first slot starts at {ordered[0].starts_at}, "
            f"the season at {season.starts_at}"
        )
    if ordered[-1].ends_at != season.ends_at:
        raise ValidationFailed(
            f"roster: the last slot ends at {ordered[-1].ends_at}, the season at {season.ends_at}"
        )
    for before, after in itertools.pairwise(ordered):
        if after.starts_at > before.ends_at:
            raise ValidationFailed(
                f"roster: nobody is on duty from {before.ends_at} to {after.starts_at}"
            )
        if after.starts_at < before.ends_at:
            raise ValidationFailed(
                f"roster: {before.department} and {after.department} are both on duty from "
                f"{after.starts_at} to {min(before.ends_at, after.ends_at)}"
            )
    return tuple(ordered)


def season_for(
    seasons: Iterable[Season], lineage: Sequence[str], topic: str, at: str
) -> Season | None:
    """The nearest scope wins when a platform's season and its ancestor's both cover a question."""
    covering = [s for s in seasons if s.covers(lineage, topic, at)]
    return min(covering, key=lambda s: lineage.index(s.platform_id), default=None)


def local_days(starts_at: str, ends_at: str) -> list[str]:
    """The Shanghai calendar days a window touches, as YYYY-MM-DD."""
    first = parse_iso(starts_at).astimezone(SHANGHAI).date()
    last = (parse_iso(ends_at) - dt.timedelta(microseconds=1)).astimezone(SHANGHAI).date()
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def days_before(days: Sequence[str]) -> list[str]:
    """The equal number of days just before `days` (the comparison period of a report)."""
    first = dt.date.fromisoformat(days[0])
    return [(first - dt.timedelta(days=n)).isoformat() for n in range(len(days), 0, -1)]


def local_day(moment: str) -> str:
    return parse_iso(moment).astimezone(SHANGHAI).date().isoformat()
