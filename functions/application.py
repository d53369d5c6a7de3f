"""The Chalice app, with the request being handled kept per thread.

Chalice keeps it on the app object (`app.current_request`), and every blueprint reads it from
there. Lambda runs one request at a time in a container, but the local stack serves requests on
threads and the tests send them from threads: a handler could read another thread's request and
act with its caller's token (200 simultaneous signups saw one young person signed up twice and
another not at all). Each thread here has its own.
"""

from __future__ import annotations

import threading

from chalice.app import Chalice, Request


class Application(Chalice):
    def __init__(self, app_name: str, configure_logs: bool = True) -> None:
        self._handled = threading.local()
        super().__init__(app_name=app_name, configure_logs=configure_logs)

    @property
    def current_request(self) -> Request | None:
        return getattr(self._handled, "request", None)

    @current_request.setter
    def current_request(self, request: Request | None) -> None:
        self._handled.request = request
