"""Alliances, activities, signups, the waitlist and check-in codes.

Places are never over-given: a signup or a promotion takes them with a conditional ADD on the
activity's `free`, in the one transaction that writes the signup; nothing is read and then
written back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any, cast

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition

from youthvoice.data import keys
from youthvoice.data.models import (
    ActivityItem,
    AllianceItem,
    CheckinCodeItem,
    ContentItem,
    MembershipItem,
    SignupItem,
    WaitItem,
)
from youthvoice.data.pages import OWNER_INDEX, TABLE, query_page
from youthvoice.data.platforms import of_kind
from youthvoice.data.transactions import Transaction
from youthvoice.domain.alliances import (
    Activity,
    Alliance,
    Member,
    Signup,
    SignupState,
    Stage,
    Unit,
)
from youthvoice.domain.errors import ConcurrentChange, Conflict, DomainError, NoPlaceLeft
from youthvoice.domain.pagination import Page, PageRequest

BATCH_GET_MAX = 100
CONDITION_FAILED_EXCEPTION = "ConditionalCheckFailedException"
ALREADY = Conflict("you have already signed up for this activity", code="already_signed_up")
CHANGED = ConcurrentChange("the activity changed meanwhile")


def to_alliance(item: AllianceItem) -> Alliance:
    return Alliance(
        id=item.alliance_id,
        name=item.name,
        platform_id=item.platform_id,
        lineage=tuple(item.lineage),
        topics=tuple(item.topics),
        members=tuple(Member(m["org"], m["contact"]) for m in item.members or []),
        member_user_ids=tuple(item.member_user_ids),
        created_by=item.created_by,
        created_at=item.created_at,
    )


def _alliance_item(alliance: Alliance) -> AllianceItem:
    return AllianceItem(
        keys.alliance_pk(alliance.id),
        keys.META,
        alliance_id=alliance.id,
        name=alliance.name,
        platform_id=alliance.platform_id,
        lineage=list(alliance.lineage),
        topics=list(alliance.topics),
        members=[{"org": m.org, "contact": m.contact} for m in alliance.members],
        member_user_ids=list(alliance.member_user_ids),
        created_by=alliance.created_by,
        created_at=alliance.created_at,
        gsi1pk=keys.platform_alliances_pk(alliance.platform_id),
        gsi1sk=alliance.id,
    )


def to_activity(item: ActivityItem) -> Activity:
    return Activity(
        id=item.activity_id,
        alliance_id=item.alliance_id,
        platform_id=item.platform_id,
        lineage=tuple(item.lineage),
        topics=tuple(item.topics),
        title=item.title,
        description=item.description,
        location=item.location,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        signup_opens_at=item.signup_opens_at,
        signup_closes_at=item.signup_closes_at,
        capacity=int(item.capacity),
        unit=Unit(item.unit),
        reserved=int(item.reserved),
        season_id=item.season_id,
        source_question_ids=tuple(item.source_question_ids),
        created_by=item.created_by,
        created_at=item.created_at,
        stage=Stage(item.stage),
        free=int(item.free),
        waiting=int(item.waiting),
        confirmed=int(item.confirmed),
        checked_in=int(item.checked_in),
        participants=int(item.participants),
        summary=item.summary,
        closed_at=item.closed_at,
    )


def to_signup(item: SignupItem) -> Signup:
    return Signup(
        activity_id=item.activity_id,
        user_id=item.user_id,
        state=SignupState(item.state),
        places=int(item.places),
        party_size=int(item.party_size),
        note=item.note,
        created_at=item.created_at,
        title=item.title,
        starts_at=item.starts_at,
        code=item.code,
        sequence=None if item.sequence is None else int(item.sequence),
        checked_in_at=item.checked_in_at,
    )


def _meta(activity_id: str) -> ActivityItem:
    return ActivityItem(keys.activity_pk(activity_id), keys.META)


def _scheduled() -> Condition:
    return cast(Condition, ActivityItem.stage == Stage.SCHEDULED.value)


def _window_open(at: str) -> Condition:
    opened = ActivityItem.signup_opens_at <= at
    return cast(Condition, _scheduled() & opened & (ActivityItem.signup_closes_at > at))


def _signup_item(signup: Signup) -> SignupItem:
    return SignupItem(
        keys.activity_pk(signup.activity_id),
        keys.signup_sk(signup.user_id),
        activity_id=signup.activity_id,
        user_id=signup.user_id,
        state=signup.state.value,
        places=signup.places,
        party_size=signup.party_size,
        note=signup.note,
        created_at=signup.created_at,
        title=signup.title,
        starts_at=signup.starts_at,
        code=signup.code,
        sequence=signup.sequence,
        gsi1pk=keys.user_signups_pk(signup.user_id),
        gsi1sk=f"{signup.starts_at}#{signup.activity_id}",
    )


def _code_item(activity_id: str, code: str, user_id: str) -> CheckinCodeItem:
    return CheckinCodeItem(keys.activity_pk(activity_id), keys.code_sk(code), user_id=user_id)


class AllianceRepository:
    def get(self, alliance_id: str) -> Alliance | None:
        try:
            item = ContentItem.get(keys.alliance_pk(alliance_id), keys.META)
        except ContentItem.DoesNotExist:
            return None
        return to_alliance(item) if isinstance(item, AllianceItem) else None

    def many(self, alliance_ids: Sequence[str]) -> dict[str, Alliance]:
        found = ContentItem.batch_get([(keys.alliance_pk(a), keys.META) for a in alliance_ids])
        return {i.alliance_id: to_alliance(i) for i in found if isinstance(i, AllianceItem)}

    def save(self, alliance: Alliance, before: Alliance | None) -> None:
        """The alliance, and a membership item per member user added or removed since `before`
        (None for a new alliance)."""
        transaction = Transaction()
        if before is None:
            transaction.insert(_alliance_item(alliance), refused=CHANGED)
        else:
            transaction.save(_alliance_item(alliance), condition=ContentItem.pk.exists())
        pk = keys.alliance_pk(alliance.id)
        kept = set(before.member_user_ids) if before else set()
        for user in set(alliance.member_user_ids) - kept:
            transaction.save(
                MembershipItem(
                    pk,
                    keys.membership_sk(user),
                    alliance_id=alliance.id,
                    user_id=user,
                    gsi1pk=keys.memberships_pk(user),
                    gsi1sk=alliance.id,
                )
            )
        for user in kept - set(alliance.member_user_ids):
            transaction.delete(MembershipItem(pk, keys.membership_sk(user)))
        transaction.commit()

    def memberships_of(self, user_id: str) -> list[str]:
        """The alliances a user acts for: one Query."""
        found = ContentItem.by_owner.query(keys.memberships_pk(user_id))
        return [item.alliance_id for item in of_kind(found, MembershipItem)]


class ActivityRepository:
    def hosted_on(self, platform_id: str) -> Iterator[Activity]:
        """A platform's own activities (not its subtree's), for recounts: a Query, never a Scan."""
        query = ContentItem.by_owner.query(keys.platform_activities_pk(platform_id))
        for item in of_kind(query, ActivityItem):
            yield to_activity(item)

    def get(self, activity_id: str) -> Activity | None:
        try:
            item = ContentItem.get(keys.activity_pk(activity_id), keys.META, consistent_read=True)
        except ContentItem.DoesNotExist:
            return None
        return to_activity(item) if isinstance(item, ActivityItem) else None

    def many(self, activity_ids: Sequence[str]) -> dict[str, Activity]:
        found = ContentItem.batch_get([(keys.activity_pk(a), keys.META) for a in activity_ids])
        return {i.activity_id: to_activity(i) for i in found if isinstance(i, ActivityItem)}

    def create(self, activity: Activity) -> None:
        item = ActivityItem(
            keys.activity_pk(activity.id),
            keys.META,
            activity_id=activity.id,
            alliance_id=activity.alliance_id,
            platform_id=activity.platform_id,
            lineage=list(activity.lineage),
            topics=list(activity.topics),
            title=activity.title,
            description=activity.description,
            location=activity.location,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            signup_opens_at=activity.signup_opens_at,
            signup_closes_at=activity.signup_closes_at,
            capacity=activity.capacity,
            unit=activity.unit.value,
            reserved=activity.reserved,
            season_id=activity.season_id,
            source_question_ids=list(activity.source_question_ids),
            created_by=activity.created_by,
            created_at=activity.created_at,
            stage=activity.stage.value,
            free=activity.free,
            gsi1pk=keys.platform_activities_pk(activity.platform_id),
            gsi1sk=f"{activity.starts_at}#{activity.id}",
        )
        transaction = Transaction()
        transaction.insert(item, refused=CHANGED)
        transaction.commit()

    def revise(self, before: Activity, after: Activity) -> None:
        """Times, place, texts and places, conditional on the places as read: a capacity change
        moves `free` by the difference, so confirmed places are never given back."""
        moved = (after.capacity - after.reserved) - (before.capacity - before.reserved)
        actions: list[Any] = [
            ActivityItem.title.set(after.title),
            ActivityItem.description.set(after.description),
            ActivityItem.location.set(after.location),
            ActivityItem.starts_at.set(after.starts_at),
            ActivityItem.ends_at.set(after.ends_at),
            ActivityItem.signup_opens_at.set(after.signup_opens_at),
            ActivityItem.signup_closes_at.set(after.signup_closes_at),
            ActivityItem.capacity.set(after.capacity),
            ActivityItem.reserved.set(after.reserved),
            ActivityItem.gsi1sk.set(f"{after.starts_at}#{after.id}"),
        ]
        if moved:
            actions.append(ActivityItem.free.add(moved))
        condition = (
            _scheduled()
            & (ActivityItem.capacity == before.capacity)
            & (ActivityItem.reserved == before.reserved)
        )
        transaction = Transaction()
        transaction.update(_meta(before.id), actions, condition=condition, refused=CHANGED)
        transaction.commit()

    def confirm(self, signup: Signup, at: str) -> None:
        """Take the places now, if they are free and nobody waits: NoPlaceLeft otherwise."""
        assert signup.code is not None
        transaction = Transaction()
        transaction.update(
            _meta(signup.activity_id),
            [
                ActivityItem.free.add(-signup.places),
                ActivityItem.confirmed.add(1),
            ],
            condition=_window_open(at)
            & (ActivityItem.free >= signup.places)
            & (ActivityItem.waiting == 0),
            refused=NoPlaceLeft("no place left"),
        )
        transaction.insert(_signup_item(signup), refused=ALREADY)
        transaction.insert(_code_item(signup.activity_id, signup.code, signup.user_id), CHANGED)
        transaction.commit()

    def wait(self, signup: Signup, at: str) -> Signup:
        """Join the end of the line. One atomic ADD takes the sequence number and counts the
        signup among those waiting, and its result is the signup's true position: writers never
        race for the line, and no position is skipped or shared. Then the signup and its place
        in line are written; if they are refused, the count is given back."""
        meta = _meta(signup.activity_id)
        try:
            meta.update(
                actions=[ActivityItem.waiting.add(1), ActivityItem.waitlist_sequence.add(1)],
                condition=_window_open(at),
            )
        except UpdateError as error:
            if error.cause_response_code == CONDITION_FAILED_EXCEPTION:
                raise CHANGED from None
            raise
        placed = dataclasses.replace(
            signup, sequence=int(meta.waitlist_sequence), position=int(meta.waiting)
        )
        transaction = Transaction()
        transaction.insert(_signup_item(placed), refused=ALREADY)
        transaction.insert(
            WaitItem(
                keys.activity_pk(signup.activity_id),
                keys.wait_sk(int(meta.waitlist_sequence)),
                user_id=signup.user_id,
                places=signup.places,
            ),
            refused=CHANGED,
        )
        try:
            transaction.commit()
        except DomainError:
            _meta(signup.activity_id).update(actions=[ActivityItem.waiting.add(-1)])
            raise
        return placed

    def signup(self, activity_id: str, user_id: str) -> Signup | None:
        try:
            item = ContentItem.get(
                keys.activity_pk(activity_id), keys.signup_sk(user_id), consistent_read=True
            )
        except ContentItem.DoesNotExist:
            return None
        return to_signup(item) if isinstance(item, SignupItem) else None

    def position(self, activity_id: str, sequence: int) -> int:
        """1 + how many wait ahead: a strongly consistent count on the activity's partition."""
        ahead = ContentItem.count(
            keys.activity_pk(activity_id),
            ContentItem.sk.between(keys.WAIT_PREFIX, keys.wait_sk(sequence - 1)),
            consistent_read=True,
        )
        return ahead + 1

    def waitlist(self, activity_id: str) -> list[int]:
        """Every waiting sequence number, in order (the keys only)."""
        return [
            int(item.sk.removeprefix(keys.WAIT_PREFIX))
            for item in ContentItem.query(
                keys.activity_pk(activity_id),
                ContentItem.sk.startswith(keys.WAIT_PREFIX),
                consistent_read=True,
                attributes_to_get=["pk", "sk"],
            )
        ]

    def head(self, activity_id: str) -> tuple[int, str] | None:
        """The first waiting signup: its sequence number and user."""
        for item in ContentItem.query(
            keys.activity_pk(activity_id),
            ContentItem.sk.startswith(keys.WAIT_PREFIX),
            consistent_read=True,
            limit=1,
        ):
            if isinstance(item, WaitItem):
                return int(item.sk.removeprefix(keys.WAIT_PREFIX)), item.user_id
        return None

    def promote(
        self, activity_id: str, sequence: int, user_id: str, places: int, code: str
    ) -> None:
        """The head of the waitlist takes its places: NoPlaceLeft when they are not free,
        ConcurrentChange when someone else promoted or withdrew it first."""
        transaction = Transaction()
        transaction.update(
            _meta(activity_id),
            [
                ActivityItem.free.add(-places),
                ActivityItem.waiting.add(-1),
                ActivityItem.confirmed.add(1),
            ],
            condition=_scheduled() & (ActivityItem.free >= places),
            refused=NoPlaceLeft("no place left"),
        )
        transaction.delete(
            WaitItem(keys.activity_pk(activity_id), keys.wait_sk(sequence)),
            condition=ContentItem.pk.exists(),
            refused=CHANGED,
        )
        transaction.update(
            SignupItem(keys.activity_pk(activity_id), keys.signup_sk(user_id)),
            [
                SignupItem.state.set(SignupState.CONFIRMED.value),
                SignupItem.code.set(code),
                SignupItem.sequence.remove(),
            ],
            condition=(SignupItem.state == SignupState.WAITLISTED.value)
            & (SignupItem.sequence == sequence),
            refused=CHANGED,
        )
        transaction.insert(_code_item(activity_id, code, user_id), refused=CHANGED)
        transaction.commit()

    def withdraw(self, signup: Signup) -> None:
        """The owner's cancellation: a confirmed signup gives its places back, a waiting one
        leaves the line."""
        transaction = Transaction()
        pk = keys.activity_pk(signup.activity_id)
        item = SignupItem(pk, keys.signup_sk(signup.user_id))
        condition = SignupItem.state == signup.state.value
        if signup.state is SignupState.CONFIRMED:
            assert signup.code is not None
            transaction.delete(
                item,
                condition=condition & SignupItem.checked_in_at.does_not_exist(),
                refused=CHANGED,
            )
            transaction.delete(CheckinCodeItem(pk, keys.code_sk(signup.code)))
            actions = [ActivityItem.free.add(signup.places), ActivityItem.confirmed.add(-1)]
        else:
            assert signup.sequence is not None
            transaction.delete(item, condition=condition, refused=CHANGED)
            transaction.delete(WaitItem(pk, keys.wait_sk(signup.sequence)))
            actions = [ActivityItem.waiting.add(-1)]
        transaction.update(
            _meta(signup.activity_id), actions, condition=_scheduled(), refused=CHANGED
        )
        transaction.commit()

    def forget(self, signup: Signup) -> None:
        """The items that name the person, and nothing else: the activity's counts stay (it was
        held, cancelled, or the person checked in)."""
        transaction = Transaction()
        pk = keys.activity_pk(signup.activity_id)
        transaction.delete(
            SignupItem(pk, keys.signup_sk(signup.user_id)),
            condition=SignupItem.state == signup.state.value,
            refused=CHANGED,
        )
        if signup.code is not None:
            transaction.delete(CheckinCodeItem(pk, keys.code_sk(signup.code)))
        if signup.sequence is not None:
            transaction.delete(WaitItem(pk, keys.wait_sk(signup.sequence)))
        transaction.commit()

    def code_owner(self, activity_id: str, code: str) -> str | None:
        try:
            item = ContentItem.get(keys.activity_pk(activity_id), keys.code_sk(code))
        except ContentItem.DoesNotExist:
            return None
        return item.user_id if isinstance(item, CheckinCodeItem) else None

    def check_in(self, signup: Signup, at: str) -> None:
        transaction = Transaction()
        transaction.update(
            SignupItem(keys.activity_pk(signup.activity_id), keys.signup_sk(signup.user_id)),
            [SignupItem.checked_in_at.set(at)],
            condition=(SignupItem.state == SignupState.CONFIRMED.value)
            & SignupItem.checked_in_at.does_not_exist(),
            refused=Conflict("this signup has already checked in", code="already_checked_in"),
        )
        transaction.update(
            _meta(signup.activity_id),
            [ActivityItem.checked_in.add(1), ActivityItem.participants.add(signup.places)],
            condition=_scheduled(),
            refused=Conflict("the activity is closed or cancelled"),
        )
        transaction.commit()

    def end(self, activity_id: str, stage: Stage, at: str, summary: str) -> None:
        """Closed out or cancelled, once: every signup write is conditional on the stage, so the
        activity's counts are final from here."""
        transaction = Transaction()
        transaction.update(
            _meta(activity_id),
            [
                ActivityItem.stage.set(stage.value),
                ActivityItem.closed_at.set(at),
                ActivityItem.summary.set(summary),
            ],
            condition=_scheduled(),
            refused=Conflict("the activity is already closed or cancelled"),
        )
        transaction.commit()

    def signups(self, activity_id: str, page: PageRequest) -> Page[Signup]:
        return query_page(
            ContentItem.query,
            TABLE,
            keys.activity_pk(activity_id),
            page,
            SignupItem,
            to_signup,
            range_key_condition=ContentItem.sk.startswith(keys.SIGNUP_PREFIX),
        )

    def all_signups(self, activity_id: str) -> list[Signup]:
        return [
            to_signup(item)
            for item in ContentItem.query(
                keys.activity_pk(activity_id), ContentItem.sk.startswith(keys.SIGNUP_PREFIX)
            )
            if isinstance(item, SignupItem)
        ]

    def mark_cancelled(self, signup: Signup) -> None:
        """Tell the owner through the stream; a signup withdrawn meanwhile is left alone."""
        transaction = Transaction()
        transaction.update(
            SignupItem(keys.activity_pk(signup.activity_id), keys.signup_sk(signup.user_id)),
            [SignupItem.state.set(SignupState.CANCELLED.value)],
            condition=SignupItem.state == signup.state.value,
            refused=CHANGED,
        )
        transaction.commit()

    def of_user(self, user_id: str, page: PageRequest) -> Page[Signup]:
        return query_page(
            ContentItem.by_owner.query,
            OWNER_INDEX,
            keys.user_signups_pk(user_id),
            page,
            SignupItem,
            to_signup,
            scan_index_forward=False,
        )
