"""Service alliance, activity and signup routes. Reads are public; writes are scoped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from functions import spreadsheets
from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import (
    endpoint,
    parse_body,
    parse_query,
    principal_of,
    require_given,
    viewer_of,
)
from functions.schemas.alliances import (
    ActivityCloseIn,
    ActivityIn,
    ActivityOut,
    ActivityPageOut,
    ActivityPatchIn,
    ActivityQuery,
    AllianceIn,
    AllianceOut,
    AlliancePageOut,
    AlliancePatchIn,
    AllianceQuery,
    CheckinIn,
    SignupIn,
    SignupOut,
    SignupPageOut,
)
from functions.schemas.common import PageQuery
from youthvoice.bootstrap import now
from youthvoice.domain.alliances import Activity, ActivityDraft, Member, Unit
from youthvoice.domain.errors import TooManyRequests, Unprocessable
from youthvoice.domain.timestamps import iso

if TYPE_CHECKING:
    from youthvoice.services import alliances, people
else:
    alliances = Deferred("youthvoice.services.alliances")
    people = Deferred("youthvoice.services.people")

alliance_routes = Blueprint(__name__)
# The signups answer as JSON or, for a sheet of names to tick off, as CSV.
SIGNUP_COLUMNS = ("user_id", "name", "state", "places", "party_size", "position", "note",
                  "created_at", "checked_in_at")  # fmt: skip


def _activity(activity: Activity) -> ActivityOut:
    return ActivityOut.of(activity, iso(now()))


def _moment(value: dt.datetime | None) -> str | None:
    return None if value is None else iso(value)


@endpoint(
    alliance_routes,
    "/alliances",
    method="POST",
    summary="Found a service alliance (staff of the platform or above, admins)",
    body=AllianceIn,
    response=AllianceOut,
    status=201,
    authorizer=bearer_token,
    refuses=(Unprocessable,),
)
def create_alliance() -> AllianceOut:
    request = alliance_routes.current_request
    body = parse_body(request, AllianceIn)
    draft = alliances.AllianceDraft(
        name=body.name,
        platform_id=body.platform_id,
        topics=tuple(body.topics),
        members=tuple(Member(m.org, m.contact) for m in body.members),
        member_user_ids=tuple(body.member_user_ids),
    )
    principal = principal_of(request)
    return AllianceOut.of(alliances.create_alliance(principal, draft), principal)


@endpoint(
    alliance_routes,
    "/alliances",
    summary="Alliances of a platform's subtree, newest first, of one topic if asked",
    query=AllianceQuery,
    response=AlliancePageOut,
    token_optional=True,
)
def list_alliances() -> AlliancePageOut:
    query = parse_query(alliance_routes.current_request, AllianceQuery)
    page = alliances.alliances(query.platform_id, query.topic, query.page)
    viewer = viewer_of(alliance_routes.current_request)
    return AlliancePageOut.of(page, lambda alliance: AllianceOut.of(alliance, viewer))


@endpoint(
    alliance_routes,
    "/alliances/{alliance_id}",
    summary="An alliance with what its held activities add up to",
    response=AllianceOut,
    token_optional=True,
)
def read_alliance(alliance_id: str) -> AllianceOut:
    found = alliances.alliance(alliance_id)
    viewer = viewer_of(alliance_routes.current_request)
    return AllianceOut.of(found, viewer, alliances.alliance_figures(alliance_id))


@endpoint(
    alliance_routes,
    "/alliances/{alliance_id}",
    method="PATCH",
    summary="Rename an alliance, change its topics or members",
    body=AlliancePatchIn,
    response=AllianceOut,
    authorizer=bearer_token,
    refuses=(Unprocessable,),
)
def update_alliance(alliance_id: str) -> AllianceOut:
    request = alliance_routes.current_request
    body = parse_body(request, AlliancePatchIn)
    require_given(body, body.model_fields_set)

    def apply(draft: alliances.AllianceDraft) -> alliances.AllianceDraft:
        return dataclasses.replace(
            draft,
            name=body.name or draft.name,
            topics=tuple(body.topics) if body.topics is not None else draft.topics,
            members=tuple(Member(m.org, m.contact) for m in body.members)
            if body.members is not None
            else draft.members,
            member_user_ids=tuple(body.member_user_ids)
            if body.member_user_ids is not None
            else draft.member_user_ids,
        )

    principal = principal_of(request)
    return AllianceOut.of(alliances.patch_alliance(principal, alliance_id, apply), principal)


@endpoint(
    alliance_routes,
    "/activities",
    method="POST",
    summary="Announce an offline activity (the alliance's members, staff in scope, admins)",
    body=ActivityIn,
    response=ActivityOut,
    status=201,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def create_activity() -> ActivityOut:
    request = alliance_routes.current_request
    body = parse_body(request, ActivityIn)
    draft = ActivityDraft(
        alliance_id=body.alliance_id,
        title=body.title,
        description=body.description,
        location=body.location,
        starts_at=iso(body.starts_at),
        ends_at=iso(body.ends_at),
        signup_opens_at=iso(body.signup_opens_at),
        signup_closes_at=iso(body.signup_closes_at),
        capacity=body.capacity,
        unit=Unit(body.unit),
        reserved=body.reserved,
        season_id=body.season_id,
        source_question_ids=tuple(body.source_question_ids),
    )
    return _activity(alliances.create_activity(principal_of(request), draft))


@endpoint(
    alliance_routes,
    "/activities",
    summary="Activities of a platform's subtree or a season, latest start first",
    query=ActivityQuery,
    response=ActivityPageOut,
)
def list_activities() -> ActivityPageOut:
    query = parse_query(alliance_routes.current_request, ActivityQuery)
    page = alliances.activities(
        query.platform_id, query.season_id, query.topic, query.status, query.page
    )
    return ActivityPageOut.of(page, _activity)


@endpoint(
    alliance_routes,
    "/activities/{activity_id}",
    summary="An activity with its places left and waitlist length",
    response=ActivityOut,
)
def read_activity(activity_id: str) -> ActivityOut:
    return _activity(alliances.activity(activity_id))


@endpoint(
    alliance_routes,
    "/activities/{activity_id}",
    method="PATCH",
    summary="Move an activity's time or place, or change its capacity",
    body=ActivityPatchIn,
    response=ActivityOut,
    authorizer=bearer_token,
    refuses=(Unprocessable,),
)
def update_activity(activity_id: str) -> ActivityOut:
    request = alliance_routes.current_request
    body = parse_body(request, ActivityPatchIn)
    require_given(body, body.model_fields_set)
    changes = alliances.ActivityChanges(
        title=body.title,
        description=body.description,
        location=body.location,
        starts_at=_moment(body.starts_at),
        ends_at=_moment(body.ends_at),
        signup_opens_at=_moment(body.signup_opens_at),
        signup_closes_at=_moment(body.signup_closes_at),
        capacity=body.capacity,
        reserved=body.reserved,
    )
    return _activity(alliances.patch_activity(principal_of(request), activity_id, changes))


@endpoint(
    alliance_routes,
    "/activities/{activity_id}/cancel",
    method="POST",
    summary="Cancel an activity; everyone signed up is notified",
    response=ActivityOut,
    authorizer=bearer_token,
)
def cancel_activity(activity_id: str) -> ActivityOut:
    principal = principal_of(alliance_routes.current_request)
    return _activity(alliances.cancel_activity(principal, activity_id))


@endpoint(
    alliance_routes,
    "/activities/{activity_id}/signups",
    method="POST",
    summary="Sign up: confirmed while places last, else waitlisted with a position",
    body=SignupIn,
    response=SignupOut,
    status=201,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def sign_up(activity_id: str) -> SignupOut:
    request = alliance_routes.current_request
    body = parse_body(request, SignupIn)
    principal = principal_of(request)
    signup = alliances.sign_up(principal, activity_id, body.party_size, body.note)
    return SignupOut.of(signup, people.callers_nicknames(principal), owner=True)


@endpoint(
    alliance_routes,
    "/activities/{activity_id}/signups/me",
    method="DELETE",
    summary="Withdraw my signup; freed places go to the head of the waitlist",
    response=None,
    status=204,
    authorizer=bearer_token,
)
def withdraw(activity_id: str) -> None:
    alliances.withdraw(principal_of(alliance_routes.current_request), activity_id)


@endpoint(
    alliance_routes,
    "/activities/{activity_id}/signups",
    summary="The signups (the alliance and staff); CSV with Accept: text/csv",
    query=PageQuery,
    response=SignupPageOut,
    authorizer=bearer_token,
    files=(spreadsheets.CSV_TYPE,),
)
def list_signups(activity_id: str) -> Response:
    request = alliance_routes.current_request
    query = parse_query(request, PageQuery)
    page = alliances.signups(principal_of(request), activity_id, query.page)
    names = people.signers_nicknames(s.user_id for s in page.items)
    listed = SignupPageOut.of(page, lambda s: SignupOut.of(s, names, owner=False))
    return spreadsheets.page_response(request, listed, "signups", SIGNUP_COLUMNS)


@endpoint(
    alliance_routes,
    "/me/signups",
    summary="My signups, latest activity first, with my check-in codes",
    query=PageQuery,
    response=SignupPageOut,
    authorizer=bearer_token,
)
def my_signups() -> SignupPageOut:
    request = alliance_routes.current_request
    query = parse_query(request, PageQuery)
    principal = principal_of(request)
    page = alliances.my_signups(principal, query.page)
    names = people.callers_nicknames(principal) if page.items else {}
    return SignupPageOut.of(page, lambda s: SignupOut.of(s, names, owner=True))


@endpoint(
    alliance_routes,
    "/activities/{activity_id}/checkins",
    method="POST",
    summary="Check a confirmed signup in by its code, once",
    body=CheckinIn,
    response=SignupOut,
    authorizer=bearer_token,
    refuses=(TooManyRequests,),
)
def check_in(activity_id: str) -> SignupOut:
    request = alliance_routes.current_request
    body = parse_body(request, CheckinIn)
    signup = alliances.check_in(principal_of(request), activity_id, body.code)
    return SignupOut.of(signup, people.signers_nicknames([signup.user_id]), owner=False)


@endpoint(
    alliance_routes,
    "/activities/{activity_id}/close",
    method="POST",
    summary="Close out a held activity: askers of its source questions are told",
    body=ActivityCloseIn,
    response=ActivityOut,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def close_activity(activity_id: str) -> ActivityOut:
    request = alliance_routes.current_request
    body = parse_body(request, ActivityCloseIn)
    return _activity(alliances.close(principal_of(request), activity_id, body.summary))
