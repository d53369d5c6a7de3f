"""Signups at once on the running stack over HTTP: never more places than capacity, a gapless
waitlist, and promotions in order. Prints the rate sustained and the races retried."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.e2e import test_concurrency
from tests.e2e.conftest import RunningStack
from youthvoice.domain.identity import Principal, Role

CROWD, PLACES, WITHDRAWING = 220, 50, 20
RETRIED = "concurrent change, trying again"


class Caller(test_concurrency.Caller):
    """Also reads and withdraws, and says who it is."""

    def __init__(self, stack: RunningStack, local_dir: Path, principal: Principal) -> None:
        super().__init__(stack, local_dir, principal)
        self.principal = principal
        self.headers = self._headers

    def delete(self, path: str) -> requests.Response:
        return requests.delete(
            f"{self._url}{path}",
            headers=self._headers,
            timeout=test_concurrency.CROWD_TIMEOUT_SECONDS,
        )


def at(hours: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).isoformat()


def announce(admin: Caller, alliance: str, **changes: Any) -> str:
    body = {
        "alliance_id": alliance,
        "title": "骑行公益",
        "location": "太原汾河公园",
        "starts_at": at(48),
        "ends_at": at(50),
        "signup_opens_at": at(-1),
        "signup_closes_at": at(24),
        "capacity": PLACES,
        "unit": "person",
        **changes,
    }
    created = admin.post("/activities", body)
    assert created.status_code == 201, created.text
    activity: str = created.json()["id"]
    return activity


def get(stack: RunningStack, caller: Caller, path: str) -> Any:
    response = requests.get(f"{stack.url}{path}", headers=caller.headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def signups(stack: RunningStack, admin: Caller, activity: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = get(stack, admin, f"/activities/{activity}/signups?limit=100{cursor}")
        rows += page["items"]
        if not page["next_cursor"]:
            return rows
        cursor = f"&cursor={page['next_cursor']}"


def at_once(calls: list[Any]) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_a_crowd_signs_up_at_once_and_withdrawals_promote_in_order(
    running_with_app_logs: RunningStack, local_dir: Path
) -> None:
    running = running_with_app_logs  # its info logs count the transaction retries
    # Given an activity of 50 places and 220 young people
    admin = Caller(running, local_dir, Principal("act-admin", Role.ADMIN))
    alliance = admin.post("/alliances", {"name": "体育联盟", "platform_id": "sx-01",
                                         "topics": ["charity"]})  # fmt: skip
    assert alliance.status_code == 201, alliance.text
    activity = announce(admin, alliance.json()["id"])
    crowd = [Caller(running, local_dir, Principal(f"rider-{n}", Role.YOUTH)) for n in range(CROWD)]
    path = f"/activities/{activity}/signups"
    # When they all sign up at the same moment
    started = time.perf_counter()
    replies = at_once([lambda c=c: c.post(path, {}) for c in crowd])
    seconds = time.perf_counter() - started
    # Then every signup lands: exactly 50 confirmed, the rest waitlisted 1..170 without gaps
    assert [r.status_code for r in replies] == [201] * CROWD
    rows = signups(running, admin, activity)
    confirmed = [r for r in rows if r["state"] == "confirmed"]
    waiting = sorted((r for r in rows if r["state"] == "waitlisted"), key=lambda r: r["position"])
    assert len(confirmed) == PLACES
    assert [r["position"] for r in waiting] == list(range(1, CROWD - PLACES + 1))
    shown = get(running, admin, f"/activities/{activity}")
    assert (shown["places_left"], shown["waitlist"], shown["confirmed"]) == (0, 170, PLACES)
    print(f"\n{CROWD} signups at once in {seconds:.2f} s: {CROWD / seconds:.1f} signups/s")
    # When 20 confirmed riders withdraw at the same moment
    leaving = {r["user_id"] for r in confirmed[:WITHDRAWING]}
    gone = at_once(
        [lambda c=c: c.delete(f"{path}/me") for c in crowd if c.principal.sub in leaving]
    )
    # Then exactly the first 20 in line are promoted, and the rest move up by 20
    assert [r.status_code for r in gone] == [204] * WITHDRAWING
    after = {r["user_id"]: r for r in signups(running, admin, activity)}
    assert [after[r["user_id"]]["state"] for r in waiting[:WITHDRAWING]] == ["confirmed"] * 20
    rest = [after[r["user_id"]]["position"] for r in waiting[WITHDRAWING:]]
    assert rest == list(range(1, CROWD - PLACES - WITHDRAWING + 1))
    assert sum(r["state"] == "confirmed" for r in after.values()) == PLACES
    retried = sum(RETRIED in line for line in running.output)
    print(f"transaction retries during the run: {retried}")


def test_couples_and_teams_at_once_never_exceed_capacity(
    running: RunningStack, local_dir: Path
) -> None:
    # Given a couples activity of 21 places and a teams activity of 37
    admin = Caller(running, local_dir, Principal("act-admin", Role.ADMIN))
    alliance = admin.post("/alliances", {"name": "文化联盟", "platform_id": "sx-01",
                                         "topics": ["charity"]})  # fmt: skip
    assert alliance.status_code == 201, alliance.text
    couples = announce(admin, alliance.json()["id"], unit="couple", capacity=21)
    teams = announce(admin, alliance.json()["id"], unit="team", capacity=37)
    people = [Caller(running, local_dir, Principal(f"pair-{n}", Role.YOUTH)) for n in range(40)]
    # When 40 couples and 40 teams of 1 to 5 sign up at once
    replies = at_once(
        [lambda c=c: c.post(f"/activities/{couples}/signups", {}) for c in people]
        + [
            lambda c=c, n=n: c.post(f"/activities/{teams}/signups", {"party_size": 1 + n % 5})
            for n, c in enumerate(people)
        ]
    )
    assert {r.status_code for r in replies} == {201}
    # Then the confirmed places never exceed capacity, and what is left is what is unused
    for activity, capacity in ((couples, 21), (teams, 37)):
        rows = signups(running, admin, activity)
        taken = sum(r["places"] for r in rows if r["state"] == "confirmed")
        shown = get(running, admin, f"/activities/{activity}")
        assert taken <= capacity
        assert shown["places_left"] == capacity - taken
    assert sum(r["state"] == "confirmed" for r in signups(running, admin, couples)) == 10
