"""Service alliances and their offline activities: defining them, signing up, the waitlist,
check-in and close-out.

Places are taken by conditional writes only (see `data/alliances.py`). A waitlisted signup's
position is its rank among those waiting: the signup's reply states the one its conditional
write established, later reads count it; promotion takes the head of the
waitlist, in order, as long as its places fit (a party that does not fit is not overtaken)."""

from __future__ import annotations

import dataclasses
import functools
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain import projection_keys
from youthvoice.domain.access import require_supervisor
from youthvoice.domain.alliances import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Activity,
    ActivityDraft,
    ActivityStatus,
    Alliance,
    Member,
    Signup,
    SignupState,
    Stage,
    check_times,
    distinct,
    may_link,
    places,
    require_acting_for,
    require_linkable,
    require_season_over,
)
from youthvoice.domain.case_records import EventKind, TimelineEvent
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import (
    ConcurrentChange,
    Conflict,
    NoPlaceLeft,
    NotFound,
    Problems,
    indexed,
)
from youthvoice.domain.identity import Principal
from youthvoice.domain.pagination import Page, PageRequest, every
from youthvoice.domain.people import acting
from youthvoice.domain.projection_keys import DocumentKey
from youthvoice.domain.questions import Question
from youthvoice.domain.quotas import Action
from youthvoice.domain.timestamps import iso
from youthvoice.services import audit, cases, quotas
from youthvoice.services.questions import lists, screen
from youthvoice.services.retries import retry_on_race
from youthvoice.services.runtime import reference
from youthvoice.services.seasons import get as season_view
from youthvoice.services.stats import counters

logger = logging.getLogger(__name__)
# A promotion loop ends when the head does not fit or nobody waits; each lost race means another
# promoter moved the line, so this bound is never reached by a working store.
PROMOTION_STEPS_MAX = 10_000


class AllianceBook(Protocol):
    def get(self, alliance_id: str) -> Alliance | None: ...
    def many(self, alliance_ids: Sequence[str]) -> dict[str, Alliance]: ...
    def save(self, alliance: Alliance, before: Alliance | None) -> None: ...
    def memberships_of(self, user_id: str) -> list[str]: ...


class ActivityBook(Protocol):
    def get(self, activity_id: str) -> Activity | None: ...
    def many(self, activity_ids: Sequence[str]) -> dict[str, Activity]: ...
    def create(self, activity: Activity) -> None: ...
    def revise(self, before: Activity, after: Activity) -> None: ...
    def confirm(self, signup: Signup, at: str) -> None: ...
    def wait(self, signup: Signup, at: str) -> Signup: ...
    def signup(self, activity_id: str, user_id: str) -> Signup | None: ...
    def position(self, activity_id: str, sequence: int) -> int: ...
    def waitlist(self, activity_id: str) -> list[int]: ...
    def head(self, activity_id: str) -> tuple[int, str] | None: ...
    def promote(
        self, activity_id: str, sequence: int, user_id: str, places: int, code: str
    ) -> None: ...
    def withdraw(self, signup: Signup) -> None: ...
    def forget(self, signup: Signup) -> None: ...
    def code_owner(self, activity_id: str, code: str) -> str | None: ...
    def check_in(self, signup: Signup, at: str) -> None: ...
    def end(self, activity_id: str, stage: Stage, at: str, summary: str) -> None: ...
    def signups(self, activity_id: str, page: PageRequest) -> Page[Signup]: ...
    def all_signups(self, activity_id: str) -> list[Signup]: ...
    def mark_cancelled(self, signup: Signup) -> None: ...
    def of_user(self, user_id: str, page: PageRequest) -> Page[Signup]: ...


def _alliances() -> AllianceBook:
    return dependencies().stores.alliances


def _activities() -> ActivityBook:
    return dependencies().stores.activities


def _new_id() -> str:
    return str(ULID.from_datetime(now()))


# --- alliances ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AllianceDraft:
    name: str
    platform_id: str
    topics: tuple[str, ...]
    members: tuple[Member, ...]
    member_user_ids: tuple[str, ...]


@dataclass(frozen=True)
class Figures:
    """What an alliance's (or any scope's) held activities add up to, from the projections."""

    activities: int
    participants: int
    signups: int


def figures_of(counts: dict[str, int]) -> Figures:
    return Figures(
        counts.get("activities", 0), counts.get("participants", 0), counts.get("signups", 0)
    )


def _checked(alliance: AllianceDraft, problems: Problems) -> None:
    """Every unknown or repeated entry of its lists, then the word screen on its texts."""
    reference().check_topics(alliance.topics, problems)
    problems.check(lambda: distinct(alliance.topics, "topics"))
    problems.check(lambda: distinct(alliance.member_user_ids, "member_user_ids"))
    problems.raise_any()
    members = indexed("members", [f"{m.org} {m.contact}" for m in alliance.members])
    screen(name=alliance.name, **members)


def create_alliance(principal: Principal, draft: AllianceDraft) -> Alliance:
    problems = Problems()
    known = problems.check(lambda: reference().platform(draft.platform_id))
    if known is not None:
        require_supervisor(principal, known.lineage, "found an alliance on this platform")
    _checked(draft, problems)
    platform = reference().platform(draft.platform_id)
    alliance = Alliance(
        id=_new_id(),
        name=draft.name,
        platform_id=platform.id,
        lineage=platform.lineage,
        topics=distinct(draft.topics, "topics"),
        members=draft.members,
        member_user_ids=distinct(draft.member_user_ids, "member_user_ids"),
        created_by=principal.sub,
        created_at=iso(now()),
    )
    with audit.recorded(principal, "alliance.create", "alliance", alliance.id, alliance.lineage):
        _alliances().save(alliance, None)
    logger.info("alliance founded", extra={"alliance_id": alliance.id, "by": principal.sub})
    return alliance


def alliance(alliance_id: str) -> Alliance:
    found = _alliances().get(alliance_id)
    if found is None:
        raise NotFound(f"alliance {alliance_id} does not exist")
    return found


def alliance_figures(alliance_id: str) -> Figures:
    scope = projection_keys.alliance(alliance_id)
    return figures_of(counters().counts([scope])[scope])


def patch_alliance(
    principal: Principal, alliance_id: str, apply: Callable[[AllianceDraft], AllianceDraft]
) -> Alliance:
    """Name, topics, members and member users; the platform stays."""
    current = alliance(alliance_id)
    require_supervisor(principal, current.lineage, "change this alliance")
    draft = apply(
        AllianceDraft(
            current.name,
            current.platform_id,
            current.topics,
            current.members,
            current.member_user_ids,
        )
    )
    _checked(draft, Problems())
    updated = dataclasses.replace(
        current,
        name=draft.name,
        topics=distinct(draft.topics, "topics"),
        members=draft.members,
        member_user_ids=distinct(draft.member_user_ids, "member_user_ids"),
    )
    with audit.recorded(principal, "alliance.patch", "alliance", alliance_id, updated.lineage):
        _alliances().save(updated, current)
    return updated


def _listed(key: DocumentKey, page: PageRequest) -> tuple[list[str], str | None]:
    listed = lists().page(key, page, None)
    return [entry.item_id for entry in listed.items], listed.next_cursor


def alliances(platform_id: str | None, topic: str | None, page: PageRequest) -> Page[Alliance]:
    """A platform's subtree (the province by default): one Query of the projected list, one
    BatchGet of the alliances."""
    owner = reference().platform(platform_id or settings().root_platform).id
    ids, cursor = _listed(projection_keys.alliance_list(owner, topic), page)
    found = _alliances().many(ids)
    return Page([found[i] for i in ids if i in found], cursor)


# --- activities ----------------------------------------------------------------------------


def activity(activity_id: str) -> Activity:
    found = _activities().get(activity_id)
    if found is None:
        raise NotFound(f"activity {activity_id} does not exist")
    return found


def _acting(principal: Principal, activity_id: str, action: str) -> Activity:
    found = activity(activity_id)
    require_acting_for(principal, alliance(found.alliance_id), action)
    return found


def _question(question_id: str) -> Question | None:
    found = cases.store().view(question_id)
    return found.question if found is not None else None


def create_activity(principal: Principal, draft: ActivityDraft) -> Activity:
    """Its source questions and season are checked against the alliance, whoever announces it."""
    quotas.spend(principal, Action.CREATE_ACTIVITY)
    host = alliance(draft.alliance_id)
    require_acting_for(principal, host, "announce an activity")
    screen(title=draft.title, description=draft.description, location=draft.location)
    created = Activity(
        **{field.name: getattr(draft, field.name) for field in dataclasses.fields(ActivityDraft)},
        id=_new_id(),
        platform_id=host.platform_id,
        lineage=host.lineage,
        topics=host.topics,
        created_by=principal.sub,
        created_at=iso(now()),
        free=draft.capacity - draft.reserved,
    )
    problems = Problems()
    problems.check(lambda: distinct(draft.source_question_ids, "source_question_ids"))
    check_times(created, problems)
    problems.raise_any()
    for question_id in draft.source_question_ids:
        require_linkable(host, question_id, _question(question_id))
    if draft.season_id is not None:
        require_season_over(host, season_view(draft.season_id).season)
    with audit.recorded(principal, "activity.create", "activity", created.id, created.lineage):
        _activities().create(created)
    logger.info("activity announced", extra={"activity_id": created.id, "by": principal.sub})
    return created


def activities(
    platform_id: str | None,
    season_id: str | None,
    topic: str | None,
    status: ActivityStatus | None,
    page: PageRequest,
) -> Page[Activity]:
    """A platform's subtree or a season, newest start first; the status is read live, so a page
    filtered by it may hold fewer items than asked (follow next_cursor)."""
    owner = (
        projection_keys.season_feed(season_id)
        if season_id
        else reference().platform(platform_id or settings().root_platform).id
    )
    ids, cursor = _listed(projection_keys.activity_list(owner, topic), page)
    found = _activities().many(ids)
    at = iso(now())
    listed = [found[i] for i in ids if i in found]
    if platform_id and season_id:
        listed = [a for a in listed if platform_id in a.lineage]
    if status is not None:
        listed = [a for a in listed if a.status(at) is status]
    return Page(listed, cursor)


@dataclass(frozen=True)
class ActivityChanges:
    title: str | None = None
    description: str | None = None
    location: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    signup_opens_at: str | None = None
    signup_closes_at: str | None = None
    capacity: int | None = None
    reserved: int | None = None


def patch_activity(principal: Principal, activity_id: str, changes: ActivityChanges) -> Activity:
    """A capacity cut never un-confirms anyone: `free` goes below zero and promotion waits."""

    def attempt() -> None:
        before = _acting(principal, activity_id, "change this activity")
        if before.stage is not Stage.SCHEDULED:
            raise Conflict(f"the activity is {before.stage}")
        given = {k: v for k, v in dataclasses.asdict(changes).items() if v is not None}
        after = dataclasses.replace(before, **given)
        screen(title=after.title, description=after.description, location=after.location)
        problems = Problems()
        check_times(after, problems)
        problems.raise_any()
        _activities().revise(before, after)

    lineage = activity(activity_id).lineage
    with audit.recorded(principal, "activity.patch", "activity", activity_id, lineage):
        retry_on_race(attempt)
    promote(activity_id)
    return activity(activity_id)


def cancel_activity(principal: Principal, activity_id: str) -> Activity:
    """Everyone signed up is told (each signup turns `cancelled`, notified through the stream).
    Calling it again on a cancelled activity finishes telling them."""
    current = _acting(principal, activity_id, "cancel this activity")
    if current.stage is Stage.CLOSED:
        raise Conflict("the activity is already closed")
    with audit.recorded(principal, "activity.cancel", "activity", activity_id, current.lineage):
        if current.stage is Stage.SCHEDULED:
            _activities().end(activity_id, Stage.CANCELLED, iso(now()), "")
        for signup in _activities().all_signups(activity_id):
            if signup.state is not SignupState.CANCELLED:
                try:
                    _activities().mark_cancelled(signup)
                except ConcurrentChange:
                    logger.info("signup withdrawn meanwhile", extra={"user": signup.user_id})
    return activity(activity_id)


# --- signups -------------------------------------------------------------------------------


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def sign_up(principal: Principal, activity_id: str, party_size: int | None, note: str) -> Signup:
    """Confirmed while places are free and nobody waits; else waitlisted, then the line is
    moved in case places freed meanwhile. One signup per user per activity (409)."""
    quotas.spend(principal, Action.SIGNUP)
    screen(note=note)

    def attempt() -> Signup:
        found = activity(activity_id)
        at = iso(now())
        found.require_signups_open(at)
        taken = places(found.unit, party_size)
        if taken > found.capacity:
            raise Conflict(f"the activity has {found.capacity} places in all")
        signup = Signup(
            activity_id=found.id,
            user_id=principal.sub,
            state=SignupState.CONFIRMED,
            places=taken,
            party_size=party_size or taken,
            note=note,
            created_at=at,
            title=found.title,
            starts_at=found.starts_at,
        )
        if found.free >= taken and not found.waiting:
            confirmed = dataclasses.replace(signup, code=_code())
            try:
                _activities().confirm(confirmed, at)
                return confirmed
            except NoPlaceLeft:
                pass
        return _activities().wait(dataclasses.replace(signup, state=SignupState.WAITLISTED), at)

    signed = retry_on_race(attempt)
    if signed.state is SignupState.CONFIRMED or activity(activity_id).free <= 0:
        return signed
    promoted = promote(activity_id)
    mine = _activities().signup(activity_id, principal.sub)
    if mine is not None and mine.state is not SignupState.WAITLISTED:
        return mine
    # Still waiting: everyone promoted was ahead of this signup (the head goes first).
    return dataclasses.replace(signed, position=(signed.position or 1) - promoted)


def my_signup(principal: Principal, activity_id: str) -> Signup:
    found = _activities().signup(activity_id, principal.sub)
    if found is None:
        raise NotFound("you have not signed up for this activity")
    return _placed(found)


def _placed(signup: Signup) -> Signup:
    if signup.sequence is None or signup.state is not SignupState.WAITLISTED:
        return signup
    return dataclasses.replace(
        signup, position=_activities().position(signup.activity_id, signup.sequence)
    )


def promote(activity_id: str) -> int:
    """From the head of the waitlist, in order, as many as now fit; each in one transaction.
    A lost race (another promoter, a withdrawal) reads the head again. Returns how many."""
    promoted = 0
    book = _activities()
    for _ in range(PROMOTION_STEPS_MAX):
        head = book.head(activity_id)
        if head is None:
            return promoted
        sequence, user_id = head
        waiting = book.signup(activity_id, user_id)
        if waiting is None or waiting.sequence != sequence:
            continue
        try:
            book.promote(activity_id, sequence, user_id, waiting.places, _code())
        except NoPlaceLeft:
            return promoted
        except ConcurrentChange:
            logger.info("concurrent change, trying again: promotion of %s", user_id)
            continue
        promoted += 1
        logger.info("promoted from the waitlist", extra={"activity_id": activity_id})
    return promoted


def withdraw(principal: Principal, activity_id: str) -> None:
    """The owner's cancellation; freed places go to the head of the waitlist."""

    def attempt() -> None:
        found = _activities().signup(activity_id, principal.sub)
        if found is None:
            raise NotFound("you have not signed up for this activity")
        if found.state is SignupState.CANCELLED:
            raise Conflict("the activity was cancelled")
        if found.checked_in_at is not None:
            raise Conflict("you have already checked in")
        _activities().withdraw(found)

    retry_on_race(attempt)
    promote(activity_id)


@dataclass(frozen=True)
class ErasedSignups:
    withdrawn: int  # places given back, the waitlist promoted
    forgotten: int  # the activity's counts kept: it was held or cancelled, or they checked in


def erase_signups(user_id: str) -> ErasedSignups:
    """Every signup of an erased person leaves: one still open is withdrawn as its owner would;
    any other only loses the items that name them, so a held activity's figures stay."""
    book = _activities()
    listed = [s.activity_id for s in every(lambda page: book.of_user(user_id, page))]
    withdrawn = sum(
        retry_on_race(functools.partial(_erase_signup, user_id, activity_id))
        for activity_id in listed
    )
    return ErasedSignups(withdrawn, len(listed) - withdrawn)


def leave_alliances(user_id: str) -> int:
    """An erased person no longer acts for any alliance; returns how many they left."""
    left = _alliances().memberships_of(user_id)
    for alliance_id in left:
        retry_on_race(functools.partial(_leave, alliance_id, user_id))
    return len(left)


def _leave(alliance_id: str, user_id: str) -> None:
    current = alliance(alliance_id)
    remaining = tuple(u for u in current.member_user_ids if u != user_id)
    _alliances().save(dataclasses.replace(current, member_user_ids=remaining), current)


def _erase_signup(user_id: str, activity_id: str) -> bool:
    """On a fresh read (a promotion may have changed the signup): True when withdrawn."""
    book = _activities()
    signup = book.signup(activity_id, user_id)
    if signup is None:
        return False
    activity = book.get(activity_id)
    if (
        activity is not None
        and activity.stage is Stage.SCHEDULED
        and signup.state is not SignupState.CANCELLED
        and signup.checked_in_at is None
    ):
        book.withdraw(signup)
        promote(activity_id)
        return True
    book.forget(signup)
    return False


def my_signups(principal: Principal, page: PageRequest) -> Page[Signup]:
    listed = _activities().of_user(principal.sub, page)
    return Page([_placed(s) for s in listed.items], listed.next_cursor)


def signups(principal: Principal, activity_id: str, page: PageRequest) -> Page[Signup]:
    """For the alliance and staff: positions from one read of the waitlist's keys. Each page
    read (as JSON or exported as CSV) discloses people's signups: it is recorded."""
    held = _acting(principal, activity_id, "read the signups")
    with audit.recorded(principal, "activity.signups_read", "activity", activity_id, held.lineage):
        listed = _activities().signups(activity_id, page)
    if not any(s.state is SignupState.WAITLISTED for s in listed.items):
        return listed
    line = {sequence: rank for rank, sequence in enumerate(_activities().waitlist(activity_id), 1)}
    return Page(
        [
            dataclasses.replace(s, position=line.get(s.sequence)) if s.sequence is not None else s
            for s in listed.items
        ],
        listed.next_cursor,
    )


def check_in(principal: Principal, activity_id: str, code: str) -> Signup:
    held = _acting(principal, activity_id, "check people in")
    quotas.require_room(principal, Action.WRONG_CHECKIN_CODE, scope=activity_id)
    owner = _activities().code_owner(activity_id, code.upper())
    signup = _activities().signup(activity_id, owner) if owner else None
    if signup is None:
        quotas.spend(principal, Action.WRONG_CHECKIN_CODE, scope=activity_id)
        raise NotFound("no confirmed signup has this check-in code")
    at = iso(now())
    with audit.recorded(
        principal, "activity.check_in", "signup", f"{activity_id}/{owner}", held.lineage
    ):
        _activities().check_in(signup, at)
    return dataclasses.replace(signup, checked_in_at=at)


def close(principal: Principal, activity_id: str, summary: str) -> Activity:
    """After it ends: attendance is frozen, and each source question's asker is told, with the
    summary, on the question's timeline ("answered offline"); a question held or withdrawn since
    it was linked is left alone."""
    quotas.spend(principal, Action.CLOSE_ACTIVITY)
    current = _acting(principal, activity_id, "close this activity")
    screen(summary=summary)
    at = iso(now())
    if current.ends_at > at:
        raise Conflict(f"the activity ends at {current.ends_at}: close it after that")
    with audit.recorded(principal, "activity.close", "activity", activity_id, current.lineage):
        _activities().end(activity_id, Stage.CLOSED, at, summary)
    for question_id in current.source_question_ids:
        cases.change(question_id, _answered_offline(principal, current, summary))
    logger.info("activity closed", extra={"activity_id": activity_id, "by": principal.sub})
    return activity(activity_id)


def _answered_offline(principal: Principal, held: Activity, summary: str) -> Callable[[Case], None]:
    def apply(case: Case) -> None:
        question = case.question
        if not may_link(held.platform_id, question):
            return
        case.events.append(
            TimelineEvent(
                id=_new_id(),
                question_id=question.id,
                at=case.at,
                kind=EventKind.ANSWERED_OFFLINE,
                actor=principal.sub,
                detail=f"{held.title}: {summary}",
                recipients=(question.asker,),
                title=question.title,
            ).by(acting(principal))
        )

    return apply
