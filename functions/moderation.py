"""Moderation routes: the review queue and decisions on held items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import endpoint, parse_body, parse_query, principal_of
from functions.observability import logger
from functions.schemas.moderation import (
    ModerationEntryOut,
    ModerationIn,
    ModerationOut,
    ModerationPageOut,
    ModerationQuery,
)
from youthvoice.domain.questions import Visibility

if TYPE_CHECKING:
    from youthvoice.services import moderation
else:
    moderation = Deferred("youthvoice.services.moderation")

moderation_routes = Blueprint(__name__)


@endpoint(
    moderation_routes,
    "/moderation/queue",
    summary="Held questions and answers in the caller's subtree, newest first",
    query=ModerationQuery,
    response=ModerationPageOut,
    authorizer=bearer_token,
)
def review_queue() -> ModerationPageOut:
    request = moderation_routes.current_request
    query = parse_query(request, ModerationQuery)
    page = moderation.queue(principal_of(request), query.platform_id, query.page)
    return ModerationPageOut.of(page, ModerationEntryOut.of)


@endpoint(
    moderation_routes,
    "/moderation/{item_id}",
    method="POST",
    summary="Approve or remove a held question or answer",
    body=ModerationIn,
    response=ModerationOut,
    authorizer=bearer_token,
)
def decide(item_id: str) -> ModerationOut:
    request = moderation_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, ModerationIn)
    visibility = moderation.decide(principal, item_id, moderation.Action(body.action))
    logger.info(
        "moderation decision",
        extra={
            "item_id": item_id,
            "action": body.action,
            "reason": body.reason,
            "by": principal.sub,
        },
    )
    return ModerationOut(item_id=item_id, visibility=Visibility(visibility))
