"""A person's hand on the whole service is in the audit trail: an admin running the escalation
sweep over HTTP, and an operator's `youthvoice` command that changes a stage's data, each once,
under who did it (the admin's user id; the ARN the operator's AWS credentials name)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_audit import entries
from tests.integration.test_supervision import admin, asked_monday, shanghai
from youthvoice.domain.identity import Role
from youthvoice.services.supervision import SWEEP_ACTION
from youthvoice_local.cli import main


def _acts(stack: Stack, action: str, actor: str) -> list[dict[str, Any]]:
    return [e for e in entries(admin(stack), f"&actor={actor}") if e["action"] == action]


def _operator() -> str:
    return str(boto3.client("sts").get_caller_identity()["Arn"])


def test_an_admin_running_the_sweep_by_hand_is_recorded_once(bare_stack: Stack) -> None:
    # Given a question whose first rung is due, and a staff member of the city
    question = asked_monday(bare_stack, "audit-sweep-asker")
    # When an admin runs the sweep after it is due, and once more when nothing is due
    steps = []
    for moment in (shanghai(11, 20, 10), shanghai(11, 20, 10, 1)):
        reply = admin(bare_stack).post("/admin/escalations/run", {"as_of": moment.isoformat()})
        assert reply.status == 200, reply.body
        steps.append({step["question_id"] for step in reply.body["steps"]})
    assert question["id"] in steps[0] and question["id"] not in steps[1]
    # Then each run is one entry by the admin, the one that escalated included
    recorded = _acts(bare_stack, SWEEP_ACTION, "admin-1")
    assert [(e["item_id"], e["role"], e["platform_id"]) for e in recorded] == [
        ("2025-11-20T02:01:00Z", "admin", "sx"),
        ("2025-11-20T02:00:00Z", "admin", "sx"),
    ]
    # And the staff of a city do not read the province's entry
    city = as_user(bare_stack, "audit-sweep-city", Role.STAFF, "sx-04")
    assert all(e["action"] != SWEEP_ACTION for e in entries(city))


def _calendar(tmp_path: Path) -> list[str]:
    days = {"days": [{"date": "2031-01-02", "working": False, "name": "调休"}]}
    file = tmp_path / "calendar.json"
    file.write_text(json.dumps(days), "utf-8")
    return ["calendar", "import", str(file)]


# Each command: its arguments, the action recorded, the platform it acted on, the item if fixed.
COMMANDS: dict[str, tuple[Callable[[Path], list[str]], str, str, str | None]] = {
    "reconcile --repair": (lambda _: ["reconcile", "--repair"], "counters.repair", "sx", "sx"),
    "reindex": (lambda _: ["reindex", "--root", "sx-04"], "search.reindex", "sx-04", "sx-04"),
    "replay": (lambda _: ["replay"], "stream.replay", "sx", None),
    "sweep": (lambda _: ["sweep"], SWEEP_ACTION, "sx", None),
    "calendar import": (_calendar, "calendar.import", "sx", "2031"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_operator_command_that_changes_data_is_recorded_once(
    bare_stack: Stack, command: str, tmp_path: Path
) -> None:
    argv, action, platform_id, item_id = COMMANDS[command]
    operator = _operator()
    before = len(_acts(bare_stack, action, operator))
    # When the operator runs the command against the stage
    assert main(argv(tmp_path)) == 0
    # Then one entry more names the act and the operator's AWS identity, as an admin's
    after = _acts(bare_stack, action, operator)
    assert len(after) == before + 1
    newest = after[0]
    assert (newest["actor"], newest["role"]) == (operator, "admin")
    assert newest["platform_id"] == platform_id
    if item_id is not None:
        assert newest["item_id"] == item_id


def test_a_reconcile_that_only_reports_is_not_recorded(bare_stack: Stack) -> None:
    operator = _operator()
    before = entries(admin(bare_stack), f"&actor={operator}")
    # When the operator reconciles without repairing
    assert main(["reconcile"]) == 0
    # Then the trail is as it was: nothing changed
    assert entries(admin(bare_stack), f"&actor={operator}") == before


def test_an_operator_whose_identity_cannot_be_recorded_changes_nothing(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a question whose first rung is due, and credentials whose ARN cannot be an actor
    question = asked_monday(bare_stack, "audit-unrecorded-asker")
    monkeypatch.setattr("youthvoice_local.cli._operator", lambda: "arn:" + "x" * 200)
    # When the operator runs the sweep
    status = main(["sweep"])
    # Then it is refused in one line naming the operator, and the question did not climb
    assert status == 2
    assert "operator" in capsys.readouterr().err
    read = admin(bare_stack).get(f"/questions/{question['id']}")
    assert read.body["escalation_level"] == -1
