"""A clock the local stack can be told (`youthvoice serve --clock simulated`).

It moves only on `POST /admin/clock {"now": …}` (or `youthvoice clock set`), so a simulated year
runs in minutes: every use case reads it through `youthvoice.bootstrap.now()`, and each move runs
the scheduled jobs the move made due before it answers. The route lives here, in the local
package only: app.py never registers it, so no deployed template has it, and its view refuses
any stage but local besides.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from chalice.app import Blueprint
from pydantic import AwareDatetime, BaseModel

from functions.auth import bearer_token
from functions.http import endpoint, parse_body, principal_of
from youthvoice.config import get_settings
from youthvoice.domain.errors import Conflict, Forbidden
from youthvoice.domain.identity import Role
from youthvoice.domain.timestamps import iso

CLOCK_PATH = "/admin/clock"


class SimulatedClock:
    """Stands still until moved; never moves back, since counters and lists are keyed by time."""

    def __init__(self, start: dt.datetime, on_move: Callable[[dt.datetime], None]) -> None:
        self._now = start
        self._on_move = on_move
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        return self._now

    def move_to(self, moment: dt.datetime) -> dt.datetime:
        """Set the time, then run what became due (the sweep, the season lifecycle)."""
        with self._lock:
            if moment < self._now:
                raise Conflict(f"the clock reads {iso(self._now)}: it does not move back")
            self._now = moment.astimezone(dt.UTC)
            self._on_move(self._now)
        return self._now


class ClockIn(BaseModel):
    now: AwareDatetime


class ClockOut(BaseModel):
    now: str


def clock_routes(clock: SimulatedClock) -> Blueprint:
    """The route that moves `clock`, for the local stack to register on its app."""
    routes = Blueprint(__name__)

    @endpoint(
        routes,
        CLOCK_PATH,
        method="POST",
        summary="Admins move the local stack's simulated clock (local stage only)",
        body=ClockIn,
        response=ClockOut,
        authorizer=bearer_token,
    )
    def move_clock() -> ClockOut:
        request = routes.current_request
        if not get_settings().is_local or principal_of(request).role is not Role.ADMIN:
            raise Forbidden("only an admin of the local stack may move its clock")
        body = parse_body(request, ClockIn)
        return ClockOut(now=iso(clock.move_to(body.now)))

    return routes
