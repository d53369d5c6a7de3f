"""The security headers every answer carries: the app's (a middleware), the preflights' and the
gateway's own (the template's gateway responses and the local gateway read this table).

The API answers JSON, CSV and workbooks, never a page: nothing it sends may be sniffed into
HTML, framed, or load anything, and browsers reach it over HTTPS only. Cache-Control is each
route's own (functions/caching.py).
"""

from __future__ import annotations

from collections.abc import Callable

from chalice.app import Request, Response

# Two years, subdomains included: the preload list's minimum, without asking to be preloaded.
HSTS_MAX_AGE_SECONDS = 63_072_000
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": f"max-age={HSTS_MAX_AGE_SECONDS}; includeSubDomains",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def secure_headers(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Middleware: the security headers on every response the app gives, errors included."""
    response = get_response(request)
    response.headers.update(SECURITY_HEADERS)
    return response
