"""Service alliances (服务联盟) and their offline activities: who may act for them, which questions
and season an activity may answer to, the places a signup takes, and what an activity's status is
at a given moment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from youthvoice.domain.access import is_supervisor_of
from youthvoice.domain.errors import (
    Conflict,
    Forbidden,
    NotFound,
    ProblemCode,
    Problems,
    Unprocessable,
    ValidationFailed,
)
from youthvoice.domain.escalation import withdrawn
from youthvoice.domain.identity import Principal
from youthvoice.domain.questions import Question, Visibility
from youthvoice.domain.seasons import Season

NAME_MIN, NAME_MAX = 2, 50
ORG_MAX, CONTACT_MAX = 100, 100
MEMBERS_MAX = 50
TOPICS_MAX = 5
TITLE_MIN, TITLE_MAX = 2, 100
DESCRIPTION_MAX = 5_000
LOCATION_MAX = 200
NOTE_MAX = 200
SUMMARY_MAX = 2_000
CAPACITY_MAX = 100_000
PARTY_MAX = 50
SOURCE_QUESTIONS_MAX = 20
CODE_LENGTH = 8
# No 0/O, 1/I/L: a code is read aloud at the door.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Member:
    org: str
    contact: str


@dataclass(frozen=True)
class Alliance:
    id: str
    name: str
    platform_id: str
    lineage: tuple[str, ...]
    topics: tuple[str, ...]
    members: tuple[Member, ...]
    member_user_ids: tuple[str, ...]
    created_by: str
    created_at: str


def may_act_for(principal: Principal, alliance: Alliance) -> bool:
    """Staff of the alliance's platform or above, admins, and the users it lists as members: a
    member of one alliance acts on that alliance's activities only, whatever else they are."""
    return (
        is_supervisor_of(principal, alliance.lineage) or principal.sub in alliance.member_user_ids
    )


def require_acting_for(principal: Principal, alliance: Alliance, action: str) -> None:
    if not may_act_for(principal, alliance):
        raise Forbidden(f"only the alliance's members or staff in scope may {action}")


def may_link(platform_id: str, question: Question) -> bool:
    """An activity of an alliance on `platform_id` answers questions anyone may read, asked in
    that platform's subtree and not taken back: closing it out writes to each asker's inbox and
    the question's timeline."""
    return (
        question.visibility is Visibility.VISIBLE
        and not withdrawn(question)
        and platform_id in question.lineage
    )


def require_linkable(alliance: Alliance, question_id: str, question: Question | None) -> None:
    """An unknown id and one the alliance may not link get the same 404, word for word, so the
    answer never tells which hidden questions exist."""
    if question is None or not may_link(alliance.platform_id, question):
        raise NotFound(
            f"source_question_ids: no question {question_id} is open to this alliance's platform"
        )


def require_season_over(alliance: Alliance, season: Season) -> None:
    """A held activity counts in its season's figures: only a season whose scope is the
    alliance's platform or above it may take it."""
    if season.platform_id not in alliance.lineage:
        raise Unprocessable(
            f"season_id: season {season.id} is for {season.platform_id}, which does not cover "
            f"the alliance's platform {alliance.platform_id}",
            code="season_out_of_scope",
        )


class Unit(StrEnum):
    """What one signup is for: a person, a couple (two places) or a team (its party size)."""

    PERSON = "person"
    COUPLE = "couple"
    TEAM = "team"


def places(unit: Unit, party_size: int | None) -> int:
    if unit is Unit.PERSON:
        if party_size not in (None, 1):
            raise ValidationFailed.of(
                "party_size",
                ProblemCode.NOT_ALLOWED,
                "this activity takes one person per signup",
                allowed=(1,),
            )
        return 1
    if unit is Unit.COUPLE:
        if party_size not in (None, 2):
            raise ValidationFailed.of(
                "party_size",
                ProblemCode.NOT_ALLOWED,
                "this activity takes couples (2)",
                allowed=(2,),
            )
        return 2
    if party_size is None:
        raise ValidationFailed.of(
            "party_size", ProblemCode.REQUIRED, "a team activity needs the team's size"
        )
    return party_size


class Stage(StrEnum):
    """What is stored: scheduled until it is closed out (held, with a summary) or cancelled."""

    SCHEDULED = "scheduled"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ActivityStatus(StrEnum):
    """What a reader sees, from the stage, the clock and the places."""

    UPCOMING = "upcoming"
    OPEN = "open"
    FULL = "full"
    HELD = "held"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ActivityDraft:
    """What an announcer decides; the activity adds what its alliance and the store give."""

    alliance_id: str
    title: str
    description: str
    location: str
    starts_at: str
    ends_at: str
    signup_opens_at: str
    signup_closes_at: str
    capacity: int
    unit: Unit
    reserved: int
    season_id: str | None
    source_question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Activity(ActivityDraft):
    id: str
    platform_id: str
    lineage: tuple[str, ...]
    topics: tuple[str, ...]
    created_by: str
    created_at: str
    stage: Stage = Stage.SCHEDULED
    free: int = 0
    waiting: int = 0
    confirmed: int = 0
    checked_in: int = 0
    participants: int = 0
    summary: str = ""
    closed_at: str | None = None

    def status(self, at: str) -> ActivityStatus:
        if self.stage is Stage.CANCELLED:
            return ActivityStatus.CANCELLED
        if self.stage is Stage.CLOSED:
            return ActivityStatus.CLOSED
        if self.ends_at <= at:
            return ActivityStatus.HELD
        if self.signup_opens_at <= at < self.signup_closes_at:
            return ActivityStatus.FULL if self.free <= 0 or self.waiting else ActivityStatus.OPEN
        return ActivityStatus.UPCOMING

    @property
    def places_left(self) -> int:
        """A capacity cut may leave `free` below zero: nobody is un-confirmed, nobody promoted."""
        return max(self.free, 0)

    def require_signups_open(self, at: str) -> None:
        if self.stage is not Stage.SCHEDULED:
            raise Conflict(f"the activity is {self.stage}")
        if not self.signup_opens_at <= at < self.signup_closes_at:
            raise Conflict(
                f"signups are taken from {self.signup_opens_at} until {self.signup_closes_at}",
                code="outside_signup_window",
            )


def check_times(activity: Activity, problems: Problems) -> None:
    if activity.ends_at <= activity.starts_at:
        problems.add("ends_at", ProblemCode.NOT_AFTER, "must be after starts_at", after="starts_at")
    if activity.signup_closes_at <= activity.signup_opens_at:
        problems.add(
            "signup_closes_at",
            ProblemCode.NOT_AFTER,
            "must be after signup_opens_at",
            after="signup_opens_at",
        )
    if activity.signup_closes_at > activity.ends_at:
        problems.add(
            "signup_closes_at",
            ProblemCode.TOO_LATE,
            "must be no later than ends_at",
            latest="ends_at",
        )
    if activity.reserved > activity.capacity:
        problems.add(
            "reserved", ProblemCode.OUT_OF_RANGE, "must be at most capacity", max=activity.capacity
        )


class SignupState(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    """The activity was cancelled: the signup is kept so its owner sees why."""


@dataclass(frozen=True)
class Signup:
    activity_id: str
    user_id: str
    state: SignupState
    places: int
    party_size: int
    note: str
    created_at: str
    title: str
    starts_at: str
    code: str | None = None
    sequence: int | None = None
    checked_in_at: str | None = None
    position: int | None = None
    """A waitlisted signup's rank among those waiting, 1 first: counted when read, or as the
    write that put it in line established it (the reply to the signup)."""


def distinct(values: Sequence[str], name: str) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise ValidationFailed.of(name, ProblemCode.DUPLICATE, "must not repeat")
    return tuple(values)
