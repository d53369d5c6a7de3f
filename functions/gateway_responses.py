"""API Gateway's own answers (no token, denied, unknown route) in the project's error shape.

The merge template turns this table into AWS::ApiGateway::GatewayResponse resources, and the
local stack's gateway emulation answers from it, so both stages speak the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GatewayAnswer:
    status: int
    code: str
    message: str


GATEWAY_RESPONSES: dict[str, GatewayAnswer] = {
    "UNAUTHORIZED": GatewayAnswer(401, "unauthenticated", "a valid bearer token is required"),
    "ACCESS_DENIED": GatewayAnswer(403, "forbidden", "this token may not call this route"),
    "MISSING_AUTHENTICATION_TOKEN": GatewayAnswer(404, "not_found", "no such route"),
    "AUTHORIZER_FAILURE": GatewayAnswer(500, "internal", "the authorizer failed"),
    "AUTHORIZER_CONFIGURATION_ERROR": GatewayAnswer(500, "internal", "the authorizer failed"),
    "THROTTLED": GatewayAnswer(429, "too_many_requests", "slow down and retry"),
    "REQUEST_TOO_LARGE": GatewayAnswer(413, "payload_too_large", "the request is too large"),
    "DEFAULT_4XX": GatewayAnswer(400, "bad_request", "the request was refused"),
    "DEFAULT_5XX": GatewayAnswer(500, "internal", "an internal error occurred"),
}
