"""HTTP caching: public reads are validated by ETag and kept briefly; nothing else is stored.

A public read (a GET route without an authorizer, asked without a token) is the same for every
reader, so browsers and shared caches may keep it for a short while and revalidate it for one
empty 304. Anything read with a token, and every error, is `private, no-store`: it may name the
caller, and a cache has no business keeping it.
"""

from __future__ import annotations

import hashlib

from chalice.app import Request, Response

from functions.cors import Headers, add_vary

PUBLIC_MAX_AGE_SECONDS = 30
STALE_WHILE_REVALIDATE_SECONDS = 60
PUBLIC = (
    f"public, max-age={PUBLIC_MAX_AGE_SECONDS}, "
    f"stale-while-revalidate={STALE_WHILE_REVALIDATE_SECONDS}"
)
NOT_STORED = "private, no-store"


def entity_tag(body: str | bytes) -> str:
    """A strong validator: the body's digest, so equal bodies share it on every instance."""
    raw = body.encode() if isinstance(body, str) else body
    return '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'


def matches(if_none_match: str, tag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110 13.1.2): a `W/` prefix does not matter."""
    given = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return "*" in given or tag in given


def _shared(request: Request, response: Response, public: bool) -> bool:
    """The same for every reader: a public route's success, asked without a token."""
    return public and "authorization" not in request.headers and response.status_code == 200


def _held(request: Request, tag: str) -> bool:
    return matches(request.headers.get("if-none-match", ""), tag)


def body_sent(request: Request, response: Response) -> bool:
    """Whether a public read's body reaches the reader: not for HEAD, nor for the empty 304
    that `cache_headers` makes of a copy the client already holds. Only such a read is a visit."""
    if request.method != "GET":
        return False
    return not (_shared(request, response, True) and _held(request, entity_tag(response.body)))


def cache_headers(request: Request, response: Response, public: bool) -> Response:
    """Mark the view's response for caches; a public read the client holds becomes a 304."""
    if not _shared(request, response, public):
        response.headers["Cache-Control"] = NOT_STORED
        return response
    tag = entity_tag(response.body)
    headers: Headers = {"ETag": tag, "Cache-Control": PUBLIC}
    if "Vary" in response.headers:
        headers["Vary"] = response.headers["Vary"]  # e.g. Accept, on reports
    add_vary(headers, "Authorization")
    if _held(request, tag):
        return Response(body="", status_code=304, headers=headers)
    response.headers.update(headers)
    return response
