"""On the running local stack: an admin drives the supervision ladder with `as_of`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import RunningStack, operate
from tests.e2e.test_question_flow import Client, eventually, expert_client

COUNTY = "sx-04-11"


def test_the_ladder_driven_by_admin_runs_with_as_of(running: RunningStack, local_dir: Path) -> None:
    admin = Client(running, local_dir, "--sub", "e2e-admin", "--role", "admin")
    asker = Client(running, local_dir, "--sub", "e2e-ladder-youth", "--role", "youth")
    county = Client(running, local_dir, "--sub", "e2e-county", "--role", "staff",
                    "--platform", COUNTY)  # fmt: skip
    city = Client(running, local_dir, "--sub", "e2e-city", "--role", "staff",
                  "--platform", "sx-04")  # fmt: skip
    # Given a question on 沁县 that nobody answers
    question = asker.ok(
        "POST",
        "/questions",
        {"title": "县里有没有青年创业补贴", "body": "想开一家网店", "topic": "employment",
         "platform_id": COUNTY},
        status=201,
    )  # fmt: skip
    qid = question["id"]

    def sweep(as_of: str) -> list[tuple[int, Any]]:
        report = admin.ok("POST", "/admin/escalations/run", {"as_of": as_of})
        return [(s["level"], s["platform_id"]) for s in report["steps"] if s["question_id"] == qid]

    # When an admin runs the sweep at the reminder, at the breach, and when each record runs out
    assert sweep(question["escalate_at"]) == [(0, None)]
    assert sweep(question["due_at"]) == [(1, COUNTY)]
    listed = eventually(
        lambda: [r["question_id"] for r in county.ok("GET", "/supervision")["items"]], [qid]
    )
    assert listed == [qid]
    (record,) = county.ok("GET", "/supervision")["items"]
    assert sweep(record["due_at"]) == [(2, "sx-04")]
    reread = city.ok("GET", f"/questions/{qid}")
    assert sweep(reread["escalate_at"]) == [(3, "sx")]
    # Then the staff were notified, the records are listed and the timeline shows every rung
    desk = eventually(
        lambda: [n["kind"] for n in county.ok("GET", "/me/notifications?desk=true")["items"]],
        ["escalated", "escalated"],
    )
    assert desk == ["escalated", "escalated"]
    levels = eventually(
        lambda: [r["level"] for r in city.ok("GET", "/supervision")["items"]], [1, 2]
    )
    assert levels == [1, 2]
    timeline = [(e["kind"], e["level"]) for e in city.ok("GET", f"/questions/{qid}")["timeline"]]
    assert [step for step in timeline if step[0] in ("reminder", "escalated")] == [
        ("reminder", 0),
        ("escalated", 1),
        ("escalated", 2),
        ("escalated", 3),
    ]
    # When an invited expert finally answers, every record closes
    expert = expert_client(running, local_dir, admin, question["assignees"][0])
    expert.ok("POST", f"/questions/{qid}/answers", {"body": "可以申请创业担保贷款。"}, status=201)
    assert eventually(lambda: city.ok("GET", "/supervision")["items"], []) == []
    # And a later sweep by the operator's command has nothing left to do for it
    assert f"{qid} level" not in operate(running, "sweep", "--as-of", "2099-01-01T00:00:00Z")
