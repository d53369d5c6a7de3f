"""Security headers on every answer: the app's successes and errors, a preflight, a CSV export
and the gateway's own answers, through the emulated gateway."""

from __future__ import annotations

import pytest

from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.domain.identity import Role

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
PREFLIGHT = {"Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"}


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/topics", {}, 200),
        ("HEAD", "/topics", {}, 200),
        ("GET", "/me", bearer("u-headers", Role.YOUTH), 200),
        ("GET", "/platforms/sx/stats", {"Accept": "text/csv"}, 200),
        ("GET", "/platforms/sx/stats", {"Accept": "text/csv;q=0"}, 406),
        ("GET", "/platforms/no-such-platform", {}, 404),
        ("GET", "/platforms/" + "x" * 300, {}, 400),
        ("GET", "/me", {}, 401),
        ("GET", "/no-such-route", {}, 404),
        ("PUT", "/topics", {}, 405),
        ("OPTIONS", "/questions", PREFLIGHT, 204),
    ],
    ids=[
        "public-read",
        "head",
        "secured-read",
        "csv-export",
        "app-406",
        "app-404",
        "app-400",
        "gateway-401",
        "gateway-404",
        "framework-405",
        "preflight",
    ],
)
def test_every_answer_carries_the_security_headers(
    bare_stack: Stack, method: str, path: str, headers: dict[str, str], status: int
) -> None:
    # When a client calls the route
    response = bare_stack.http.request(method, path, headers=headers, body=b"")
    # Then whatever the answer, it carries every security header
    assert response.status_code == status, response.body
    assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED


def test_the_security_headers_leave_each_routes_cache_control_alone(bare_stack: Stack) -> None:
    # When a public read and a secured read are answered
    public = bare_stack.http.get("/topics")
    secured = bare_stack.http.get("/me", headers=bearer("u-headers", Role.YOUTH))
    # Then each keeps the Cache-Control its route sets: shared caching for one, none for the other
    assert "public" in public.headers["Cache-Control"]
    assert "public" not in secured.headers.get("Cache-Control", "private")
