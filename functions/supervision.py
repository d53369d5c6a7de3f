"""Supervision (督办) routes: the records, staff actions on a case, and running the sweep."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import endpoint, parse_body, parse_query, principal_of
from functions.jobs import emit_sweep_metrics
from functions.schemas.questions import QuestionOut
from functions.schemas.supervision import (
    CloseIn,
    ExtendIn,
    ReassignIn,
    SupervisionPageOut,
    SupervisionQuery,
    SweepIn,
    SweepOut,
)
from youthvoice.domain.escalation import CloseReason

if TYPE_CHECKING:
    from youthvoice.services import supervision
else:
    supervision = Deferred("youthvoice.services.supervision")

supervision_routes = Blueprint(__name__)


@endpoint(
    supervision_routes,
    "/supervision",
    summary="Open (or closed) supervision records of a platform's subtree, most overdue first",
    query=SupervisionQuery,
    response=SupervisionPageOut,
    authorizer=bearer_token,
)
def records() -> SupervisionPageOut:
    request = supervision_routes.current_request
    query = parse_query(request, SupervisionQuery)
    desk = supervision.records(
        principal_of(request),
        query.platform_id,
        query.level,
        query.status,
        query.page,
    )
    return SupervisionPageOut.of_desk(desk)


@endpoint(
    supervision_routes,
    "/questions/{question_id}/reassign",
    method="POST",
    summary="Staff withdraw the open invitations and invite the experts they choose",
    body=ReassignIn,
    response=QuestionOut,
    authorizer=bearer_token,
)
def reassign(question_id: str) -> QuestionOut:
    request = supervision_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, ReassignIn)
    return QuestionOut.shown(
        supervision.reassign(principal, question_id, body.expert_ids), principal
    )


@endpoint(
    supervision_routes,
    "/questions/{question_id}/extend",
    method="POST",
    summary="Staff extend the deadline once, before it passes, with a reason (audited)",
    body=ExtendIn,
    response=QuestionOut,
    authorizer=bearer_token,
)
def extend(question_id: str) -> QuestionOut:
    request = supervision_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, ExtendIn)
    return QuestionOut.shown(
        supervision.extend(principal, question_id, body.until, body.reason), principal
    )


@endpoint(
    supervision_routes,
    "/questions/{question_id}/close",
    method="POST",
    summary="Staff close a question as out of scope, a duplicate or spam",
    body=CloseIn,
    response=QuestionOut,
    authorizer=bearer_token,
)
def close(question_id: str) -> QuestionOut:
    request = supervision_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, CloseIn)
    closed = supervision.close(principal, question_id, CloseReason(body.reason), body.duplicate_of)
    return QuestionOut.shown(closed, principal)


@endpoint(
    supervision_routes,
    "/admin/escalations/run",
    method="POST",
    summary="Admins run the escalation sweep now (as_of only outside production)",
    body=SweepIn,
    response=SweepOut,
    authorizer=bearer_token,
)
def run_sweep() -> SweepOut:
    request = supervision_routes.current_request
    body = parse_body(request, SweepIn)
    report = supervision.run_now(principal_of(request), body.as_of)
    emit_sweep_metrics(report)
    return SweepOut.of(report)
