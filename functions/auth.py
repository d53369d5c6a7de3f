"""The API Gateway TOKEN authorizer: verify the bearer JWT, pass its claims to the views."""

from __future__ import annotations

from chalice.app import AuthRequest, AuthResponse, Blueprint

from functions.observability import logger
from youthvoice.domain.errors import Unauthenticated

auth_routes = Blueprint(__name__)


class ApiGatewayUnauthorized(Exception):
    """API Gateway answers 401 only when an authorizer fails with exactly this message."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


@auth_routes.authorizer(ttl_seconds=300)
def bearer_token(auth_request: AuthRequest) -> AuthResponse:
    # Imported here: every function loads app.py, and only this one verifies tokens (PyJWT and
    # cryptography cost the API's cold start about 0.1 s).
    from youthvoice.services.identity import token_verifier  # noqa: PLC0415

    try:
        principal = token_verifier().verify(auth_request.token)
    except Unauthenticated as error:
        logger.info("token refused", extra={"reason": error.message})
        raise ApiGatewayUnauthorized() from None
    return AuthResponse(
        routes=["*"],
        principal_id=principal.sub,
        context={"role": str(principal.role), "platform": principal.platform or ""},
    )
