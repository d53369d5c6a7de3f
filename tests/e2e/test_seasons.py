"""On the running local stack: a season tags what is asked inside it and reports exact figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.e2e.conftest import RunningStack
from tests.e2e.test_question_flow import Client, eventually, expert_client
from youthvoice.domain.worktime import SHANGHAI

CITY, COUNTY = "sx-04", "sx-04-11"


def test_a_season_tags_reports_and_compares(running: RunningStack, local_dir: Path) -> None:
    admin = Client(running, local_dir, "--sub", "e2e-admin", "--role", "admin")
    staff = Client(running, local_dir, "--sub", "e2e-league", "--role", "staff",
                   "--platform", CITY)  # fmt: skip
    youth = Client(running, local_dir, "--sub", "e2e-season-youth", "--role", "youth")
    now = dt.datetime.now(dt.UTC)
    # Given a running employment season on 长治市 with a tighter SLA
    season = staff.ok(
        "POST",
        "/seasons",
        {
            "name": "就业创业季",
            "topics": ["employment"],
            "platform_id": CITY,
            "starts_at": (now - dt.timedelta(hours=1)).isoformat(),
            "ends_at": (now + dt.timedelta(days=7)).isoformat(),
            "sla": {"first_response_hours": 9},
        },
        status=201,
    )
    assert season["status"] == "active"

    def ask(topic: str, platform: str) -> Any:
        body = {"title": "想创业不知道从哪开始", "body": "有没有扶持政策", "topic": topic,
                "platform_id": platform}  # fmt: skip
        return youth.ok("POST", "/questions", body, status=201)

    # When questions are asked inside and outside it, and the inside one is answered
    inside = ask("employment", COUNTY)
    other_topic = ask("health", COUNTY)
    other_city = ask("employment", "sx-01-05")
    assert inside["season_id"] == season["id"]
    assert other_topic["season_id"] is None and other_city["season_id"] is None
    expert = expert_client(running, local_dir, admin, inside["assignees"][0])
    expert.ok(
        "POST", f"/questions/{inside['id']}/answers", {"body": "可以申请创业担保贷款"}, status=201
    )
    # Then the season lists its question and its report has exactly what was done
    listed = eventually(
        lambda: [q["id"] for q in staff.ok("GET", f"/questions?season_id={season['id']}")["items"]],
        [inside["id"]],
    )
    assert listed == [inside["id"]]
    expected = {"questions": 1, "answered": 1, "on_time": 1, "resolved": 0, "ratings": 0}

    def figures() -> dict[str, int]:
        report = staff.ok("GET", f"/seasons/{season['id']}/report")
        return {k: report["figures"][k] for k in expected}

    assert eventually(figures, expected) == expected
    report = staff.ok("GET", f"/seasons/{season['id']}/report")
    today = now.astimezone(SHANGHAI).date().isoformat()
    assert report["busiest_day"] == {"date": today, "questions": 1}
    assert report["before"]["questions"] == 0
    assert report["lift"]["questions"] == 1
    assert [e["author"]["user_id"] for e in report["top_experts"]] == [
        expert.ok("GET", "/me")["sub"]
    ]
    assert [p["platform_id"] for p in report["top_platforms"]] == [COUNTY]
