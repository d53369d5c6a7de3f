"""The web console on the local stack: its built files at /console/ (a deployed stage serves
them from a bucket, docs/operations.md) and a development sign-in that hands out tokens from the
local signer.

The sign-in route lives here, in the local package only: app.py never registers it, so no
deployed template has it, and its view refuses any stage but local besides."""

from __future__ import annotations

import mimetypes
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Literal

from chalice.app import Blueprint
from pydantic import BaseModel, Field

from functions.http import endpoint, parse_body
from youthvoice.config import get_settings
from youthvoice.domain.errors import Forbidden, Unauthenticated, ValidationFailed
from youthvoice.domain.identity import Principal
from youthvoice.services.identity import issue_local_token

CONSOLE_PREFIX = "/console"
SIGN_IN_PATH = "/local/sign-in"
SIGN_IN_TTL_SECONDS = 12 * 60 * 60
INDEX = "index.html"
# The page loads its own script and style and calls the API on the same origin, nothing else.
PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
}
TEXT_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


class ConsoleSite:
    """The built console (web/dist): a file when one matches the path, else index.html, since
    the page routes its own paths (/console/q/<id>) in the browser."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    @property
    def built(self) -> bool:
        return (self.root / INDEX).is_file()

    def serves(self, path: str) -> bool:
        route = path.split("?", 1)[0]
        return route == CONSOLE_PREFIX or route.startswith(f"{CONSOLE_PREFIX}/")

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        route = handler.path.split("?", 1)[0][len(CONSOLE_PREFIX) :].lstrip("/")
        if not self.built:
            self._send(handler, 404, "text/plain", b"the console is not built: run `make web`\n")
            return
        file = (self.root / route).resolve()
        if not (file.is_file() and file.is_relative_to(self.root)):
            file = self.root / INDEX
        suffix = file.suffix
        content_type = TEXT_TYPES.get(suffix) or mimetypes.guess_type(file.name)[0]
        self._send(handler, 200, content_type or "application/octet-stream", file.read_bytes())

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes) -> None:
        text = content_type.startswith("text/") or content_type.endswith("json")
        handler.send_response(status)
        charset = "; charset=utf-8" if text else ""
        handler.send_header("Content-Type", f"{content_type}{charset}")
        handler.send_header("Content-Length", str(len(body)))
        # The page and its files change with every build; a browser asks again each time.
        handler.send_header("Cache-Control", "no-cache")
        for name, value in PAGE_HEADERS.items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)


class SignInIn(BaseModel):
    sub: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")
    role: Literal["youth", "expert", "staff", "admin"]
    platform: str | None = Field(default=None, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")


class SignInOut(BaseModel):
    token: str
    expires_in: int


def sign_in_routes() -> Blueprint:
    """The development sign-in, for the local stack to register on its app: any user, any role."""
    routes = Blueprint(__name__)

    @endpoint(
        routes,
        SIGN_IN_PATH,
        method="POST",
        summary="A token from the local signer for the user, role and platform asked (local only)",
        body=SignInIn,
        response=SignInOut,
    )
    def sign_in() -> SignInOut:
        settings = get_settings()
        if not settings.is_local:
            raise Forbidden("the development sign-in exists on the local stack only")
        body = parse_body(routes.current_request, SignInIn)
        try:
            principal = Principal.from_claims(body.model_dump())
        except Unauthenticated as refused:
            raise ValidationFailed(refused.message) from None
        token = issue_local_token(principal, SIGN_IN_TTL_SECONDS, settings)
        return SignInOut(token=token, expires_in=SIGN_IN_TTL_SECONDS)

    return routes
