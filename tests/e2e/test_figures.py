"""On the running local stack: exact figures and boards within seconds; replay changes nothing."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.e2e.conftest import RunningStack, operate
from tests.e2e.test_question_flow import Client, eventually


def test_stats_and_boards_are_exact_and_replay_changes_nothing(
    running: RunningStack, local_dir: Path
) -> None:
    admin = Client(running, local_dir, "--sub", "fig-admin", "--role", "admin")
    registered = admin.ok(
        "POST",
        "/experts",
        {
            "user_id": "fig-expert",
            "name": "钱老师",
            "topics": ["culture"],
            "platform_id": "sx-09-03",
        },
        status=201,
    )
    answerer = Client(running, local_dir, "--sub", "fig-expert", "--role", "expert",
                      "--platform", "sx-09-03")  # fmt: skip
    asker = Client(running, local_dir, "--sub", "fig-youth", "--role", "youth")
    asked = [
        asker.ok("POST", "/questions", {"title": f"非遗文化活动{n}", "body": "在哪里报名",
                 "topic": "culture", "platform_id": "sx-09-03"}, status=201)["id"]
        for n in range(2)
    ]  # fmt: skip
    answer = answerer.ok("POST", f"/questions/{asked[0]}/answers", {"body": "文化馆"}, status=201)
    asker.ok("POST", f"/questions/{asked[0]}/accept", {"answer_id": answer["id"]})

    def county() -> dict[str, object]:
        figures = requests.get(f"{running.url}/platforms/sx-09-03/stats", timeout=10).json()
        return {k: figures[k] for k in ("questions", "answered", "resolved", "answer_rate")}

    expected = {"questions": 2, "answered": 1, "resolved": 1, "answer_rate": 0.5}
    assert eventually(county, expected) == expected

    def board() -> list[object]:
        reply = requests.get(f"{running.url}/leaderboards/experts?platform_id=sx-09-03", timeout=10)
        items: list[object] = reply.json()["items"]
        return items

    points = 10 + 5 + 15  # answer, on time, accepted (the default weights)
    leader = [
        {"rank": 1, "points": points, "platform_id": "sx-09-03",
         "author": {"kind": "expert", "name": "钱老师", "expert_id": registered["id"],
                    "platform_id": None, "user_id": None}}
    ]  # fmt: skip
    assert eventually(board, leader) == leader
    before = requests.get(f"{running.url}/stats", timeout=10).json()
    # When an operator replays the whole stream
    assert "0 still failing" in operate(running, "replay", "--from", "trim-horizon")
    # Then nothing changes
    assert requests.get(f"{running.url}/stats", timeout=10).json() == before
    assert board() == leader
    assert county() == expected
