"""Routes about the signed-in caller."""

from __future__ import annotations

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.http import endpoint, principal_of
from functions.schemas.me import MeOut

me_routes = Blueprint(__name__)


@endpoint(
    me_routes, "/me", summary="Who the token says I am", response=MeOut, authorizer=bearer_token
)
def whoami() -> MeOut:
    return MeOut.of(principal_of(me_routes.current_request))
