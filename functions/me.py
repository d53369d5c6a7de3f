"""Routes about the signed-in caller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import endpoint, parse_body, principal_of
from functions.schemas.me import ErasureOut, MeExportOut, MeIn, MeOut
from youthvoice.domain.errors import Conflict, Forbidden, TooManyRequests, Unprocessable

if TYPE_CHECKING:
    from youthvoice.services import people, privacy
else:
    people = Deferred("youthvoice.services.people")
    privacy = Deferred("youthvoice.services.privacy")

me_routes = Blueprint(__name__)


@endpoint(
    me_routes, "/me", summary="Who the token says I am", response=MeOut, authorizer=bearer_token
)
def whoami() -> MeOut:
    principal = principal_of(me_routes.current_request)
    return MeOut.of(principal, people.nickname(principal))


@endpoint(
    me_routes,
    "/me",
    method="PATCH",
    summary="A young person chooses the nickname others see them by (5 changes a day)",
    body=MeIn,
    response=MeOut,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def set_nickname() -> MeOut:
    request = me_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, MeIn)
    return MeOut.of(principal, people.set_nickname(principal, body.nickname))


@endpoint(
    me_routes,
    "/me/export",
    summary="A copy of everything the service holds about me, as JSON (5 a day)",
    response=MeExportOut,
    authorizer=bearer_token,
    refuses=(TooManyRequests,),
)
def export_me() -> MeExportOut:
    return MeExportOut.of(privacy.export(principal_of(me_routes.current_request)))


@endpoint(
    me_routes,
    "/me",
    method="DELETE",
    summary="Erase me: my texts stay anonymised, everything else that names me goes (3 a day)",
    response=ErasureOut,
    authorizer=bearer_token,
    refuses=(Forbidden, Conflict, TooManyRequests),
)
def erase_me() -> ErasureOut:
    return ErasureOut.of(privacy.erase(principal_of(me_routes.current_request)))
