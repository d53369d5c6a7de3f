"""On the running local stack over HTTP: questions answered offline. An activity linked to a
season's questions takes signups, checks people in, ends on the simulated clock and is closed;
the askers, the question timelines, the statistics and the season report then say exactly what
happened."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import RunningStack, stack_while_testing
from tests.e2e.test_question_flow import Client, eventually

PROVINCE, CITY, COUNTY = "sx", "sx-04", "sx-04-11"
SUMMARY = "讲解了招聘渠道和创业扶持政策"
# The stack's clock starts here and moves only when told: the activity ends without waiting.
START = dt.datetime.now(dt.UTC).replace(microsecond=0)


def at(hours: float) -> str:
    return (START + dt.timedelta(hours=hours)).isoformat()


@pytest.fixture
def on_a_simulated_clock(local_dir: Path) -> Iterator[RunningStack]:
    options = ("--clock", "simulated", "--clock-start", START.isoformat())
    yield from stack_while_testing(local_dir, options=options)


def test_questions_answered_offline_with_exact_figures(
    on_a_simulated_clock: RunningStack, local_dir: Path
) -> None:
    started = time.perf_counter()
    running = on_a_simulated_clock

    def client(sub: str, role: str, *platform: str) -> Client:
        return Client(running, local_dir, "--sub", sub, "--role", role, *platform)

    admin = client("e2e-clock-admin", "admin")
    staff = client("e2e-league-4", "staff", "--platform", CITY)
    mentor = client("e2e-mentor", "youth")
    askers = [client(f"e2e-asker-{n}", "youth") for n in range(2)]
    others = [client(f"e2e-rider-{n}", "youth") for n in range(2)]
    # Given an employment season on 长治市 and two questions asked in it on 沁县
    season = staff.ok(
        "POST", "/seasons",
        {"name": "就业创业季", "topics": ["employment"], "platform_id": CITY,
         "starts_at": at(-1), "ends_at": at(24 * 7)},
        status=201,
    )  # fmt: skip
    question = {"body": "想了解招聘渠道和扶持政策", "topic": "employment", "platform_id": COUNTY}
    asked = [
        asker.ok("POST", "/questions", {**question, "title": f"毕业后怎么找工作{n}"}, status=201)
        for n, asker in enumerate(askers)
    ]
    assert [q["season_id"] for q in asked] == [season["id"]] * 2
    # And an alliance on 沁县 whose mentor announces a lecture of 3 places answering them
    alliance = staff.ok(
        "POST", "/alliances",
        {"name": "就业创业服务联盟", "platform_id": COUNTY, "topics": ["employment"],
         "members": [{"org": "长治人才中心", "contact": "0355-1234567"}],
         "member_user_ids": ["e2e-mentor"]},
        status=201,
    )  # fmt: skip
    activity = mentor.ok(
        "POST", "/activities",
        {"alliance_id": alliance["id"], "title": "就业讲座", "location": "沁县青年之家",
         "starts_at": at(2), "ends_at": at(3), "signup_opens_at": at(-1),
         "signup_closes_at": at(1), "capacity": 3, "unit": "person", "season_id": season["id"],
         "source_question_ids": [q["id"] for q in asked]},
        status=201,
    )  # fmt: skip
    path = f"/activities/{activity['id']}"
    # When both askers and two more young people sign up
    signed = [c.ok("POST", f"{path}/signups", {}, status=201) for c in [*askers, *others]]
    # Then three are confirmed with codes and the last waits first in line
    assert [s["state"] for s in signed] == ["confirmed"] * 3 + ["waitlisted"]
    assert signed[3]["position"] == 1 and signed[3]["code"] is None
    codes = [s["code"] for s in signed[:3]]
    # When the lecture starts and the mentor checks in two of the codes
    admin.ok("POST", "/admin/clock", {"now": at(2)})
    for code in codes[:2]:
        assert mentor.ok("POST", f"{path}/checkins", {"code": code})["checked_in_at"]
    # Then a wrong code is not found and a second check-in of a code is a conflict
    wrong = mentor.call("POST", f"{path}/checkins", {"code": "ZZZZZZZZ"})
    twice = mentor.call("POST", f"{path}/checkins", {"code": codes[0]})
    assert (wrong.status_code, twice.status_code) == (404, 409), (wrong.text, twice.text)
    # When it has ended and the mentor closes it with a summary
    admin.ok("POST", "/admin/clock", {"now": at(3)})
    closed = mentor.ok("POST", f"{path}/close", {"summary": SUMMARY})
    shown = {name: closed[name] for name in ("status", "confirmed", "checked_in", "waitlist")}
    assert shown == {"status": "closed", "confirmed": 3, "checked_in": 2, "waitlist": 1}
    # Then each asker is told once, with the summary
    told = f"就业讲座: {SUMMARY}"

    def offline(asker: Client) -> list[tuple[str, str]]:
        inbox = asker.ok("GET", "/me/notifications")["items"]
        return [(n["question_id"], n["detail"]) for n in inbox if n["kind"] == "answered_offline"]

    for asker, question in zip(askers, asked, strict=True):
        expected = [(question["id"], told)]
        assert eventually(lambda a=asker: offline(a), expected) == expected
        # And the question's timeline records that it was answered offline
        timeline = staff.ok("GET", f"/questions/{question['id']}")["timeline"]
        assert [e["detail"] for e in timeline if e["kind"] == "answered_offline"] == [told]
    # And 沁县, 长治市 and the province count one activity, 2 participants and 3 signups
    held = {"activities": 1, "participants": 2, "signups": 3}

    def figures(read: Any) -> dict[str, int]:
        return {name: read[name] for name in held}

    for platform in (COUNTY, CITY, PROVINCE):
        stats = f"/platforms/{platform}/stats"
        assert eventually(lambda s=stats: figures(staff.ok("GET", s)), held) == held, platform
    # And so do the alliance's figures and the season report's activities section
    assert staff.ok("GET", f"/alliances/{alliance['id']}")["figures"] == held
    report = staff.ok("GET", f"/seasons/{season['id']}/report")
    assert report["activities"] == {"held": 1, "participants": 2, "signups": 3}
    seconds = time.perf_counter() - started
    print(f"\nthe activity scenario took {seconds:.2f} s (stack ready in "
          f"{running.seconds_to_ready:.2f} s)")  # fmt: skip
