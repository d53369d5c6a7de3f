"""Question season (问题季) routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

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
from functions.schemas.seasons import (
    RosterIn,
    SeasonExpertsIn,
    SeasonIn,
    SeasonOut,
    SeasonPageOut,
    SeasonPatchIn,
    SeasonQuery,
    SeasonReportOut,
)
from youthvoice.domain.errors import Unprocessable
from youthvoice.domain.seasons import DutySlot, SeasonChanges

if TYPE_CHECKING:
    from youthvoice.services import seasons
else:
    seasons = Deferred("youthvoice.services.seasons")

season_routes = Blueprint(__name__)


@endpoint(
    season_routes,
    "/seasons",
    method="POST",
    summary="Define a question season (staff of the scope platform or above, admins)",
    body=SeasonIn,
    response=SeasonOut,
    status=201,
    authorizer=bearer_token,
    refuses=(Unprocessable,),
)
def create_season() -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, SeasonIn)
    season = seasons.create(
        principal_of(request),
        seasons.SeasonDraft(
            name=body.name,
            topics=tuple(body.topics),
            platform_id=body.platform_id,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            description=body.description,
            sla_hours=body.sla.first_response_hours if body.sla else None,
        ),
    )
    return SeasonOut.of(season, principal_of(request))


@endpoint(
    season_routes,
    "/seasons",
    summary="Seasons, newest first; of one scope platform and by status if asked (public; "
    "staff in scope see rosters)",
    query=SeasonQuery,
    response=SeasonPageOut,
    token_optional=True,
)
def list_seasons() -> SeasonPageOut:
    request = season_routes.current_request
    viewer = viewer_of(request)
    query = parse_query(request, SeasonQuery)
    page = seasons.listing(query.platform_id, query.status, query.page)
    return SeasonPageOut.of(page, lambda season: SeasonOut.of(season, viewer))


@endpoint(
    season_routes,
    "/seasons/{season_id}",
    summary="A season with its invited experts (public; staff in scope see the roster)",
    response=SeasonOut,
    token_optional=True,
)
def read_season(season_id: str) -> SeasonOut:
    view = seasons.get(season_id)
    return SeasonOut.of(view.season, viewer_of(season_routes.current_request), view.expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}",
    method="PATCH",
    summary="Change a season before it ends (topics and start only before it starts)",
    body=SeasonPatchIn,
    response=SeasonOut,
    authorizer=bearer_token,
    refuses=(Unprocessable,),
)
def update_season(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, SeasonPatchIn)
    given = body.model_fields_set
    require_given(body, given - {"sla"})  # only sla may be null, to drop it
    changes = SeasonChanges(
        name=body.name,
        description=body.description,
        topics=tuple(body.topics) if body.topics is not None else None,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        sla_hours=body.sla.first_response_hours if body.sla else None,
        fields=frozenset({"sla_hours" if name == "sla" else name for name in given}),
    )
    principal = principal_of(request)
    return SeasonOut.of(seasons.patch(principal, season_id, changes), principal)


@endpoint(
    season_routes,
    "/seasons/{season_id}/roster",
    method="PUT",
    summary="The duty rotation (轮值): departments on duty, covering the season exactly",
    body=RosterIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def set_roster(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, RosterIn, list_field="slots")
    slots = [DutySlot(s.department, tuple(s.staff_ids), s.starts_at, s.ends_at) for s in body.slots]
    principal = principal_of(request)
    return SeasonOut.of(seasons.set_roster(principal, season_id, slots), principal)


@endpoint(
    season_routes,
    "/seasons/{season_id}/experts",
    method="POST",
    summary="Invite experts: routing offers them the season's questions first",
    body=SeasonExpertsIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def invite_experts(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, SeasonExpertsIn)
    principal = principal_of(request)
    view = seasons.invite(principal, season_id, body.expert_ids)
    return SeasonOut.of(view.season, principal, view.expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}/experts",
    method="DELETE",
    summary="Withdraw season invitations",
    body=SeasonExpertsIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def uninvite_experts(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    return _uninvited(season_id, parse_body(request, SeasonExpertsIn).expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}/experts/{expert_id}",
    method="DELETE",
    summary="Withdraw one expert's season invitation",
    response=SeasonOut,
    authorizer=bearer_token,
)
def uninvite_expert(season_id: str, expert_id: str) -> SeasonOut:
    return _uninvited(season_id, [expert_id])


def _uninvited(season_id: str, expert_ids: list[str]) -> SeasonOut:
    principal = principal_of(season_routes.current_request)
    view = seasons.uninvite(principal, season_id, expert_ids)
    return SeasonOut.of(view.season, principal, view.expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}/report",
    summary="What the season did, against the same scope just before it (from projections)",
    response=SeasonReportOut,
    authorizer=bearer_token,
)
def season_report(season_id: str) -> SeasonReportOut:
    principal = principal_of(season_routes.current_request)
    return SeasonReportOut.of(seasons.report(season_id, principal), principal)
