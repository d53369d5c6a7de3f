"""The local stack's moto in a process of its own, so that the stack uses two cores.

moto holds the tables and the stream, and most of the stack's work per request is moto's: parsing
each DynamoDB call, checking and applying its expressions, building items and stream records. The
rest is the app's, the stream projector's and the scheduler's. In one process the two took turns
on one core under the GIL. Here the stack starts moto in a child process (`python -m
youthvoice_local.store`), and botocore's `before-send` hands each of the stack's requests for the
local moto's URL to that child over a Unix socket, as the request's parts (method, URL, headers,
body), and builds the response from the parts that come back; no HTTP on either side. The child
hands each to moto's handler through `moto_in_process.InProcess`, so it is answered and
serialised as over the wire, and also serves moto's HTTP server on MOTO_PORT for clients outside
the stack (the CLI, the tests). It exits when the stack closes its stdin, or dies.

Stream records age on the stack's clock (a simulated clock moves in jumps): every request carries
the stack's time, and the child's stream clock reads the time the last request brought.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from multiprocessing import Pipe
from multiprocessing.connection import Client, Connection, Listener, wait
from pathlib import Path
from typing import Any

from botocore.auth import AUTH_TYPE_MAPS, SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSPreparedRequest, AWSRequest, AWSResponse
from botocore.compat import HTTPHeaders, get_current_datetime
from botocore.exceptions import NoCredentialsError
from botocore.handlers import BUILTIN_HANDLERS
from moto.core.botocore_stubber import MockRawResponse

from youthvoice.domain.errors import DomainError

READY = "ready"
STOP_SECONDS = 10.0
# Allocations between the store's young garbage collections (Python's default is 700).
YOUNG_COLLECTION_EVERY = 50_000
# (method, URL, headers, body, the stack's time)
Request = tuple[str, str, list[tuple[str, Any]], bytes | None, dt.datetime]


class StoreFailed(RuntimeError):
    """moto raised while answering a request, as it would have raised in the stack's process."""


class Store:
    """The child process, from the stack's side."""

    def __init__(self, host: str, moto_port: int) -> None:
        # The child removes it when it exits, which it does even when this process is killed.
        directory = tempfile.mkdtemp(prefix="youthvoice-store-")
        self.address = str(Path(directory) / "moto.sock")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "youthvoice_local.store", host, str(moto_port), self.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        if self._process.stdout.readline().strip() != READY:
            self._process.wait(STOP_SECONDS)
            shutil.rmtree(directory, ignore_errors=True)
            raise DomainError(
                f"the local stack's moto did not start (exit status {self._process.returncode})"
            )

    def stop(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            shutil.rmtree(Path(self.address).parent, ignore_errors=True)


class _ToStore:
    """botocore's `before-send`: requests for the local moto's URL go to the store process."""

    def __init__(self, moto_url: str, address: str, clock: Callable[[], dt.datetime]) -> None:
        self.moto_url = moto_url.rstrip("/")
        self._address = address
        self._clock = clock
        self._idle: queue.SimpleQueue[Connection] = queue.SimpleQueue()

    def _connection(self) -> Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return Client(self._address, family="AF_UNIX")

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        if not request.url.startswith(self.moto_url + "/"):
            return None
        body = request.body.read() if hasattr(request.body, "read") else request.body
        message: Request = (
            request.method,
            request.url,
            list(request.headers.items()),
            body,
            self._clock(),
        )
        # A connection that failed mid-request is dropped, not used again.
        connection = self._connection()
        connection.send(message)
        outcome, *answer = connection.recv()
        self._idle.put(connection)
        if outcome != "answered":
            raise StoreFailed(answer[0])
        status, headers, content = answer
        return AWSResponse(request.url, status, headers, MockRawResponse(content))


class _ScopeOnly(SigV4Auth):  # type: ignore[misc]
    """SigV4, except that a request for the stack's moto carries only the credential scope.

    moto reads the access key and the region from a request's Authorization header and never
    checks its signature; signing was 9% of the stack process's time under a simulated year."""

    moto_url = ""

    def add_auth(self, request: AWSRequest) -> None:
        if not request.url.startswith(self.moto_url + "/"):
            super().add_auth(request)
            return
        if self.credentials is None:
            raise NoCredentialsError()
        request.context["timestamp"] = get_current_datetime().strftime(SIGV4_TIMESTAMP)
        self._modify_request_before_signing(request)
        request.headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={self.scope(request)}, SignedHeaders=host, "
            f"Signature=unchecked"
        )


def install_client(moto_url: str, store: Store, clock: Callable[[], dt.datetime]) -> None:
    """Send this process's botocore requests for `moto_url` to `store` (before any client)."""
    if not any(isinstance(entry[1], _ToStore) for entry in BUILTIN_HANDLERS):
        BUILTIN_HANDLERS.append(("before-send", _ToStore(moto_url, store.address, clock)))
    _ScopeOnly.moto_url = moto_url.rstrip("/")
    AUTH_TYPE_MAPS["v4"] = _ScopeOnly


# The child process.

_stack_time: list[dt.datetime] = [dt.datetime.now(dt.UTC)]


def _reply(request: Request, answer: Callable[[AWSPreparedRequest], Any]) -> tuple[Any, ...]:
    method, url, header_items, body, stack_time = request
    _stack_time[0] = stack_time
    headers = HTTPHeaders()
    for name, value in header_items:
        headers[name] = value
    try:
        response = answer(AWSPreparedRequest(method, url, headers, body, False))
    except Exception:
        return ("failed", traceback.format_exc())
    return ("answered", response.status_code, dict(response.headers), response.content)


class _Connections:
    """The stack's connections, answered one request at a time by one thread.

    moto answers one DynamoDB request at a time anyway (`moto_patches.isolation`); with a thread
    per connection, each request's end handed the lock and the GIL to the next thread, and on a
    busy machine the thread releasing the lock was often descheduled while still holding the GIL
    (10% of the store's time at scale 0.1 was in that release)."""

    def __init__(self, listener: Listener) -> None:
        self._listener = listener
        self._open: list[Connection] = []
        self._accepted: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        self._wake_reader, self._wake_writer = Pipe(duplex=False)

    def _accept(self) -> None:
        while True:
            self._accepted.put(self._listener.accept())
            self._wake_writer.send(None)

    def answer(self, answer: Callable[[AWSPreparedRequest], Any]) -> None:
        threading.Thread(target=self._accept, daemon=True).start()
        while True:
            for ready in wait([self._wake_reader, *self._open]):
                if ready is self._wake_reader:
                    self._wake_reader.recv()
                    self._open.append(self._accepted.get())
                    continue
                assert isinstance(ready, Connection)
                try:
                    request = ready.recv()
                except (EOFError, OSError):
                    self._open.remove(ready)
                    ready.close()
                    continue
                ready.send(_reply(request, answer))


def main(host: str, moto_port: str, address: str) -> None:
    import logging

    from moto.server import ThreadedMotoServer

    from youthvoice_local import moto_patches
    from youthvoice_local.moto_in_process import InProcess

    moto_patches.install(stream_clock=lambda: _stack_time[0])
    # A request's temporaries (a 100-action transaction makes tens of thousands) outlived several
    # young collections, were promoted and were traversed again with the whole table: the
    # collector was 9% of the store's time at scale 0.005. Collected less often, most die first.
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 20, 20)
    moto_url = f"http://{host}:{moto_port}"
    # moto's server would log every call the CLI or a test makes; the stack's own logs matter.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=host, port=int(moto_port), verbose=False)
    server.start()
    # The socket is in a directory only this user can enter (mkdtemp's mode 0700).
    listener = Listener(address, family="AF_UNIX")
    connections = _Connections(listener)
    threading.Thread(target=connections.answer, args=(InProcess(moto_url),), daemon=True).start()
    print(READY, flush=True)
    sys.stdin.read()
    shutil.rmtree(Path(address).parent, ignore_errors=True)
    os._exit(0)


if __name__ == "__main__":
    main(*sys.argv[1:])
