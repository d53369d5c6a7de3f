"""Chalice's LocalGateway, made to answer like API Gateway with the project's gateway responses,
serving many requests at once as Lambda does: each with its own current request."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    ForbiddenError,
    InvalidAuthorizerError,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    LocalGatewayException,
    NotAuthorizedError,
    ThreadedHTTPServer,
)
from chalice.test import TestHTTPClient

from functions.cors import cors_headers
from functions.gateway_responses import GATEWAY_RESPONSES
from functions.security_headers import SECURITY_HEADERS

if TYPE_CHECKING:
    from youthvoice_local.web_console import ConsoleSite

API_GATEWAY_UNAUTHORIZED = "Unauthorized"
# Told of every request served: method, path, status, milliseconds.
RequestLog = Callable[[str, str, int, float], None]


def _response_type(error: LocalGatewayException) -> str:
    if isinstance(error, NotAuthorizedError):
        return "UNAUTHORIZED"
    if isinstance(error, InvalidAuthorizerError):
        return "AUTHORIZER_CONFIGURATION_ERROR"
    if isinstance(error, ForbiddenError) and b"Missing Authentication Token" in (error.body or b""):
        return "MISSING_AUTHENTICATION_TOKEN"
    if isinstance(error, ForbiddenError) and b"Authorization header requires" in (
        error.body or b""
    ):
        return "MISSING_AUTHENTICATION_TOKEN"
    if isinstance(error, ForbiddenError):
        return "ACCESS_DENIED"
    return "DEFAULT_4XX"


def gateway_response(
    response_type: str, request_headers: dict[str, str], request_id: str = ""
) -> dict[str, Any]:
    """The gateway's own answer, with the CORS and security headers the template gives it; here
    the allowed Origin is echoed, where a deployed gateway answers with the stage's first listed
    origin."""
    answer = GATEWAY_RESPONSES[response_type]
    body = {"error": {"code": answer.code, "message": answer.message}}
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": request_id}
    return {
        "statusCode": answer.status,
        "headers": headers | cors_headers(request_headers) | SECURITY_HEADERS,
        "multiValueHeaders": {},
        "body": json.dumps(body),
    }


class EmulatedGateway(LocalGateway):
    def handle_request(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None
    ) -> dict[str, Any]:
        try:
            return super().handle_request(method, path, headers, body)
        except LocalGatewayException as error:
            return gateway_response(
                _response_type(error), headers, error.headers.get("x-amzn-RequestId", "")
            )
        except Exception as error:
            # API Gateway reads an authorizer failure's message: "Unauthorized" means 401.
            if str(error) == API_GATEWAY_UNAUTHORIZED:
                return gateway_response("UNAUTHORIZED", headers)
            raise


class EmulatedRequestHandler(ChaliceRequestHandler):
    # A response goes out as two writes (headers, body): with Nagle's algorithm the body waits
    # for the client's delayed ACK of the headers, 40 ms per request on a kept-alive connection.
    disable_nagle_algorithm = True

    def __init__(
        self,
        request: Any,
        client_address: Any,
        server: Any,
        app_object: Chalice,
        config: Config,
        request_log: RequestLog,
        site: ConsoleSite | None = None,
    ) -> None:
        # The base handler serves the request inside __init__: the gateway must exist first.
        self.local_gateway = EmulatedGateway(app_object, config)
        self._request_log = request_log
        self._site = site
        self._started = time.perf_counter()
        BaseHTTPRequestHandler.__init__(self, request, client_address, server)

    def parse_request(self) -> bool:
        """Each request on a kept-alive connection is timed from its own request line."""
        self._started = time.perf_counter()
        parsed: bool = super().parse_request()
        return parsed

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request in place of http.server's access log on stderr."""
        elapsed = (time.perf_counter() - self._started) * 1000
        # A request line too malformed to parse has no method or path yet.
        self._request_log(self.command or "-", getattr(self, "path", "-"), int(code), elapsed)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        """The console's files (a bucket's, in a deployed stage) beside the API."""
        if self._site is not None and self._site.serves(self.path):
            self._site.answer(self)
        else:
            self._generic_handle()

    do_HEAD = do_GET  # noqa: N815 (http.server's name)

    def __getattr__(self, name: str) -> Any:
        """Methods no route takes (TRACE, QUERY...) are the app's to refuse with a 405 in the
        error shape, not http.server's HTML 501."""
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)


class EmulatedHTTPServer(ThreadedHTTPServer):
    """API Gateway takes many connections at once; socketserver's backlog of 5 resets the sixth
    client that connects while the others are being accepted."""

    request_queue_size = 128


def local_server(
    app: Chalice,
    config: Config,
    host: str,
    port: int,
    request_log: RequestLog,
    site: ConsoleSite | None = None,
) -> LocalDevServer:
    """The app served on a thread per request. Chalice keeps the request being served in one
    attribute of the app, which every view reads; Lambda runs one request per process, but here
    a request arriving meanwhile overwrote it, and a view acted as another caller, with another
    body. `chalice local` makes that attribute per thread by changing the app's class; so does
    this, with a class of its own rather than chalice's shared one."""
    if not isinstance(app, LocalChalice):
        app.__class__ = type("ThreadedChalice", (LocalChalice, app.__class__), {})
    return LocalDevServer(
        app,
        config,
        host,
        port,
        handler_cls=functools.partial(EmulatedRequestHandler, request_log=request_log, site=site),
        server_cls=EmulatedHTTPServer,
    )


class EmulatedHTTPClient(TestHTTPClient):
    """chalice.test's HTTP client, answering through the emulated gateway."""

    def __init__(self, app: Chalice, config: Config) -> None:
        super().__init__(app, config)
        self._local_gateway = EmulatedGateway(app, config)
