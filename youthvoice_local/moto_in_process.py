"""The local stack's own AWS calls reach its moto without HTTP.

The app, the stream pumps and the scheduler once sent each of their calls to moto's server over
loopback HTTP: a new TCP connection (moto's server speaks HTTP/1.0), a request thread in the
server, and the bytes back. Under a simulated year that was a third of the stack's time. The
stack's botocore requests bound for the local moto's URL now reach the store process
(`youthvoice_local.store`) as their parts, and there `InProcess` hands each to moto in the
answering thread, so it is answered and serialised exactly as over the wire. DynamoDB
and DynamoDB Streams requests, nearly all of them, go straight to moto's handler for their
`X-Amz-Target` (moto's server dispatcher and Flask, which find that handler again for every
request from the URL and the signature, were a sixth of a simulated year's time); any other
service goes through the dispatcher. Clients outside the stack (the CLI, the tests) still use
the server.
"""

from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.request import normalize_request
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.exceptions import HTTPException
from werkzeug.test import EnvironBuilder, run_wsgi_app

# X-Amz-Target prefixes, longest first: "DynamoDBStreams_..." also starts with "DynamoDB".
DYNAMODB_HANDLERS = (("DynamoDBStreams_", DynamoDBStreamsHandler), ("DynamoDB_", DynamoHandler))


class InProcess:
    def __init__(self, moto_url: str) -> None:
        self.moto_url = moto_url.rstrip("/")
        self.app = DomainDispatcherApplication(create_backend_app)

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        if not request.url.startswith(self.moto_url + "/"):
            return None
        if hasattr(request.body, "read"):
            request.body = request.body.read()
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else target
        handler = next((h for prefix, h in DYNAMODB_HANDLERS if target.startswith(prefix)), None)
        if handler is None:
            return self._through_wsgi(request)
        normalized = normalize_request(request)
        try:
            status, headers, body = handler.dispatch(
                normalized, normalized.raw_url, normalized.headers
            )
        except HTTPException as error:
            status, headers, body = error.code, error.get_headers(), error.get_body()
        return AWSResponse(request.url, status, dict(headers), MockRawResponse(body))

    def _through_wsgi(self, request: AWSPreparedRequest) -> AWSResponse:
        """Any other service (the SQS failure queue) through moto's server dispatcher."""
        environ = EnvironBuilder(
            base_url=self.moto_url,
            path=request.url[len(self.moto_url) :],
            method=request.method,
            headers={
                name: value.decode() if isinstance(value, bytes) else value
                for name, value in request.headers.items()
            },
            data=request.body or b"",
        ).get_environ()
        chunks, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        code = int(status.split(" ", 1)[0])
        return AWSResponse(request.url, code, dict(headers), MockRawResponse(b"".join(chunks)))
