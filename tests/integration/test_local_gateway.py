"""The local stack serves requests at once, as Lambda does, and each view sees its own request."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from chalice.app import Chalice
from chalice.config import Config

from youthvoice_local.console import Console
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

    server = local_server(app, Config.create(), "127.0.0.1", 0, lambda *request: None)
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


def test_each_request_is_one_line_with_method_path_status_and_time() -> None:
    # Given a local server telling a console of its requests
    app = Chalice("told")

    @app.route("/ping")
    def ping() -> dict[str, bool]:
        return {"pong": True}

    said = io.StringIO()
    server = local_server(app, Config.create(), "127.0.0.1", 0, Console(False, said).request)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server.server_address[1]}"
    # When a route and a missing path are asked for
    answers = [requests.get(f"{url}{path}", timeout=10).status_code for path in ("/ping", "/no")]
    server.shutdown()
    # Then the console holds one line per request, and nothing else
    lines = said.getvalue().splitlines()
    assert answers == [200, 404]
    assert [line.rsplit(" ", 2)[0] for line in lines] == ["GET /ping 200", "GET /no 404"]
    assert all(line.endswith(" ms") for line in lines)
