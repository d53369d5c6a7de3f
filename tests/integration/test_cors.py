"""CORS through the emulated gateway: preflight and actual requests from allowed and refused
origins, on a public route, an authenticated route, an error of the app's and the gateway's."""

from __future__ import annotations

import pytest

from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.domain.identity import Role

# The local stage admits localhost on any port; nothing else.
ALLOWED = "http://localhost:5173"
REFUSED = "https://elsewhere.example"


def preflight(stack: Stack, path: str, origin: str, method: str) -> dict[str, str]:
    response = stack.http.request(
        "OPTIONS",
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
        body=b"",
    )
    assert response.status_code == 204
    assert response.body == b""
    return dict(response.headers)


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/topics", "GET"),
        ("/questions", "POST"),
        ("/me", "GET"),
        ("/seasons/some-season/experts/some-expert", "DELETE"),
    ],
)
def test_preflight_from_an_allowed_origin_is_answered_on_public_and_secured_routes(
    bare_stack: Stack, path: str, method: str
) -> None:
    # Given a page on a local dev server, When its browser asks before calling the route
    headers = preflight(bare_stack, path, ALLOWED, method)
    # Then the route's methods and the headers clients send are allowed, for that origin only
    assert headers["Access-Control-Allow-Origin"] == ALLOWED
    assert method in headers["Access-Control-Allow-Methods"].split(", ")
    allowed_headers = headers["Access-Control-Allow-Headers"].split(", ")
    assert {"Authorization", "Content-Type", "Idempotency-Key", "If-None-Match"} <= set(
        allowed_headers
    )
    assert int(headers["Access-Control-Max-Age"]) > 0
    assert headers["Vary"] == "Origin"
    assert "Access-Control-Allow-Credentials" not in headers


def test_preflight_from_a_refused_origin_gets_no_allow_origin(bare_stack: Stack) -> None:
    # Given a page on an origin not in the settings, When its browser asks before posting
    headers = preflight(bare_stack, "/questions", REFUSED, "POST")
    # Then nothing allows it, so the browser stops there
    assert "Access-Control-Allow-Origin" not in headers


def origin_header(stack: Stack, path: str, origin: str, token: bool = False) -> tuple[int, str]:
    extra = bearer("u-cors", Role.YOUTH) if token else {}
    response = stack.http.get(path, headers={"Origin": origin, **extra})
    assert "Origin" in response.headers["Vary"]
    return response.status_code, response.headers.get("Access-Control-Allow-Origin", "")


@pytest.mark.parametrize(
    ("path", "token", "status"),
    [
        ("/topics", False, 200),
        ("/me", True, 200),
        ("/platforms/no-such-platform", False, 404),
        ("/platforms/" + "x" * 300, False, 400),
        ("/me", False, 401),
        ("/no-such-route", False, 404),
    ],
    ids=["public", "secured", "app-404", "app-400", "authorizer-401", "gateway-404"],
)
def test_every_answer_carries_cors_headers_for_an_allowed_origin_only(
    bare_stack: Stack, path: str, token: bool, status: int
) -> None:
    # Given the same request from an allowed and from a refused origin
    allowed = origin_header(bare_stack, path, ALLOWED, token)
    refused = origin_header(bare_stack, path, REFUSED, token)
    # Then both get the route's answer, but only the allowed origin may read it
    assert allowed == (status, ALLOWED)
    assert refused == (status, "")
