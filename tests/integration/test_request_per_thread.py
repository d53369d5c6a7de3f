"""Each thread handles its own request: Chalice keeps it on the app, shared by every thread."""

from __future__ import annotations

import threading
from typing import Any

from app import app

THREADS = 8


def test_threads_handling_requests_at_once_each_read_their_own() -> None:
    # Given eight threads, each about to handle a request of its own
    arrived = threading.Barrier(THREADS)
    read: dict[int, Any] = {}

    def handle(number: int) -> None:
        request = object()
        app.current_request = request  # type: ignore[assignment]
        # When all have set theirs before any reads it back, as in a burst of requests
        arrived.wait(timeout=10)
        read[number] = app.current_request is request

    threads = [threading.Thread(target=handle, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    # Then every thread read the request it set, not the last one set
    assert read == dict.fromkeys(range(THREADS), True)
