"""CORS: which browser pages on other origins may call the API, answered on every response.

Chalice's `cors=` takes one origin per route and leaves preflight to API Gateway's mock
integration; front ends on several origins need the request's own Origin echoed, so a
middleware sets the headers and every path gets an OPTIONS route that answers preflight.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from chalice.app import Chalice, Request, Response

from youthvoice.config import get_settings

ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-None-Match"
# What a page's script may read beyond the simple headers: a cache validator and a back-off.
EXPOSED_HEADERS = "ETag, Retry-After"
PREFLIGHT_MAX_AGE_SECONDS = 600


Headers = dict[str, str | list[str]]


def add_vary(headers: Headers, name: str) -> None:
    """A response that depends on a request header says so, for caches between us and browsers."""
    given = headers.get("Vary", "")
    joined = given if isinstance(given, str) else ",".join(given)
    named = [part.strip() for part in joined.split(",") if part.strip()]
    if name not in named:
        headers["Vary"] = ", ".join([*named, name])


def cors_headers(request_headers: Mapping[str, str]) -> Headers:
    """The headers every answer carries: the Origin echoed only when it is allowed."""
    headers: Headers = {}
    add_vary(headers, "Origin")
    origin = next((v for k, v in request_headers.items() if k.lower() == "origin"), None)
    if origin is not None and get_settings().cors_origins.allows(origin):
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return headers


def cross_origin(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Middleware: CORS headers on every response the app gives, errors included."""
    response = get_response(request)
    vary = response.headers.get("Vary")
    response.headers.update(cors_headers(request.headers))
    if vary:
        add_vary(response.headers, str(vary))
    return response


def add_preflight_routes(app: Chalice) -> None:
    """An OPTIONS route on every path (registered last, once the blueprints are in): preflight
    is answered by the app, with the path's own methods, rather than left unanswered."""

    def preflight(**_path_ids: str) -> Response:
        """Takes the path's ids, as every view on a path with ids must, and needs none of them."""
        request = app.current_request
        assert request is not None
        methods = sorted(app.routes[request.context["resourcePath"]])
        return Response(
            body="",
            status_code=204,
            headers={
                "Access-Control-Allow-Methods": ", ".join(methods),
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS),
            },
        )

    for path in list(app.routes):
        app.route(path, methods=["OPTIONS"], name="preflight")(preflight)
