"""Expert routes: register, read, list, update."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import endpoint, parse_body, parse_query, principal_of, viewer_of
from functions.schemas.experts import (
    ExpertIn,
    ExpertOut,
    ExpertPageOut,
    ExpertPatchIn,
    ExpertProfileOut,
    ExpertQuery,
    ExpertSummaryOut,
)
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.experts import Expert

if TYPE_CHECKING:
    from youthvoice.services import experts
else:
    experts = Deferred("youthvoice.services.experts")

expert_routes = Blueprint(__name__)


@endpoint(
    expert_routes,
    "/experts",
    method="POST",
    summary="Register an expert (staff of the platform or above, or admin)",
    body=ExpertIn,
    response=ExpertOut,
    status=201,
    authorizer=bearer_token,
)
def register() -> ExpertOut:
    request = expert_routes.current_request
    body = parse_body(request, ExpertIn)
    principal = principal_of(request)
    expert = experts.register(
        principal, body.user_id, body.name, body.topics, body.platform_id, body.bio
    )
    return ExpertOut.of(expert, principal)


@endpoint(
    expert_routes,
    "/experts",
    summary="A platform's experts, or with `topic` its routing order (least loaded first), "
    "or with `user_id` alone the expert profile a user holds; user ids only to the expert "
    "themself, staff in scope and admins",
    query=ExpertQuery,
    response=ExpertPageOut,
    authorizer=bearer_token,
)
def list_experts() -> ExpertPageOut:
    request = expert_routes.current_request
    query = parse_query(request, ExpertQuery)
    viewer = principal_of(request)

    def shown(expert: Expert) -> ExpertOut:
        return ExpertOut.of(expert, viewer)

    if query.user_id is not None and query.platform_id is None and query.topic is None:
        return ExpertPageOut.of(experts.of_user(query.user_id), shown)
    if query.user_id is not None or query.platform_id is None:
        raise ValidationFailed("query: give platform_id (and perhaps topic), or user_id alone")
    if query.topic:
        routed = experts.by_topic(query.platform_id, query.topic, query.page)
        lineage = experts.lineage_of(query.platform_id)
        return ExpertPageOut.of(routed, lambda c: ExpertSummaryOut.of(c, viewer, lineage))
    return ExpertPageOut.of(experts.on_platform(query.platform_id, query.page), shown)


@endpoint(
    expert_routes,
    "/experts/{expert_id}",
    summary="An expert's public profile with their record; the user id only to the expert and "
    "staff in scope",
    response=ExpertProfileOut,
    token_optional=True,
)
def get_expert(expert_id: str) -> ExpertProfileOut:
    viewer = viewer_of(expert_routes.current_request)
    return ExpertProfileOut.of(experts.profile(expert_id), viewer)


@endpoint(
    expert_routes,
    "/experts/{expert_id}",
    method="PATCH",
    summary="Pause or resume an expert, or change their topics",
    body=ExpertPatchIn,
    response=ExpertOut,
    authorizer=bearer_token,
)
def update_expert(expert_id: str) -> ExpertOut:
    request = expert_routes.current_request
    body = parse_body(request, ExpertPatchIn)
    principal = principal_of(request)
    return ExpertOut.of(experts.update(principal, expert_id, body.status, body.topics), principal)
