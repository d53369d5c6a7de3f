"""The local stack serves requests at once, as Lambda does, and each view sees its own request."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from chalice.app import Chalice
from chalice.config import Config

from youthvoice_local.gateway import local_server

CALLERS = ["first", "second"]


def test_requests_served_at_once_each_see_their_own_request() -> None:
    # Given a local server whose view waits until both callers are inside it
    app = Chalice("at-once")
    inside = threading.Barrier(len(CALLERS), timeout=10)

    @app.route("/caller")
    def caller() -> dict[str, str]:
        inside.wait()
        request = app.current_request
        assert request is not None
        return {"caller": request.headers["x-caller"]}

    server = local_server(app, Config.create(), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server.server_address[1]}/caller"

    def ask(name: str) -> str:
        answer: str = requests.get(url, headers={"x-caller": name}, timeout=10).json()["caller"]
        return answer

    # When both call at the same moment
    with ThreadPoolExecutor(max_workers=len(CALLERS)) as pool:
        answered = list(pool.map(ask, CALLERS))
    server.shutdown()
    # Then each view answered about its own request, not about the one that arrived last
    assert answered == CALLERS
