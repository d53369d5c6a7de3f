"""Supervision (督办) end to end through the handlers: the lists, queues and notices the ladder
and staff actions leave, and the race between two sweeps in DynamoDB. What the sweep and staff
may decide: tests/unit/test_supervision_service.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.bootstrap import clock_set_to, dependencies
from youthvoice.config import get_settings
from youthvoice.data.cases import CaseRepository
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.questions import QuestionView
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services import supervision
from youthvoice_local import cli

COUNTY, CITY = "sx-04-11", "sx-04"
ADMIN = Principal("admin-1", Role.ADMIN)


def shanghai(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def admin(stack: Stack) -> Caller:
    return as_user(stack, "admin-1", Role.ADMIN)


def staff(stack: Stack, platform: str) -> Caller:
    return as_user(stack, f"staff-{platform}", Role.STAFF, platform)


def run(stack: Stack, moment: dt.datetime, question_id: str) -> list[tuple[int, str | None]]:
    """Run the sweep as an admin at `moment`; the rungs this question climbed."""
    reply = admin(stack).post("/admin/escalations/run", {"as_of": moment.isoformat()})
    assert reply.status == 200, reply.body
    stack.pump.drain()
    return [
        (step["level"], step["platform_id"])
        for step in reply.body["steps"]
        if step["question_id"] == question_id
    ]


def asked_monday(stack: Stack, asker: str, topic: str = "employment") -> dict[str, Any]:
    """Given a question on 沁县 asked Monday 09:00 in Shanghai (due Wednesday 18:00)."""
    with clock_set_to(lambda: shanghai(11, 17, 9).astimezone(dt.UTC)):
        reply = ask(as_user(stack, asker, Role.YOUTH), COUNTY, topic=topic)
    assert reply.status == 201, reply.body
    question: dict[str, Any] = reply.body
    return question


def kinds(caller: Caller, query: str = "") -> list[str]:
    return [n["kind"] for n in caller.get(f"/me/notifications{query}").body["items"]]


def test_a_question_climbs_every_rung_then_an_answer_closes_its_records(
    bare_stack: Stack,
) -> None:
    expert = register_expert(bare_stack, COUNTY, ["employment"])
    question = asked_monday(bare_stack, "ladder-youth")
    qid = question["id"]
    assert question["due_at"] == iso(shanghai(11, 19, 18))
    # At 75 % of the SLA the invited expert is reminded
    assert run(bare_stack, shanghai(11, 19, 11, 15), qid) == [(0, None)]
    assert kinds(expert_caller(bare_stack, expert)) == ["reminder", "invitation"]
    # At the breach the county's duty staff get a supervision record and a notice
    assert run(bare_stack, shanghai(11, 19, 18), qid) == [(1, COUNTY)]
    county = staff(bare_stack, COUNTY)
    assert kinds(county, "?desk=true") == ["escalated"]
    (record,) = county.get("/supervision").body["items"]
    assert (record["question_id"], record["level"], record["status"]) == (qid, 1, "open")
    assert record["due_at"] == iso(shanghai(11, 20, 18))
    # When that record runs out, the city; then the province
    assert run(bare_stack, shanghai(11, 20, 18), qid) == [(2, CITY)]
    assert run(bare_stack, shanghai(11, 21, 18), qid) == [(3, "sx")]
    city = staff(bare_stack, CITY)
    assert [r["level"] for r in city.get("/supervision").body["items"]] == [1, 2]
    assert [r["level"] for r in city.get("/supervision?level=2").body["items"]] == [2]
    assert kinds(city, "?desk=true") == ["escalated", "escalated"]
    detail = city.get(f"/questions/{qid}").body
    assert detail["escalation_level"] == 3
    steps = [(e["kind"], e["level"]) for e in detail["timeline"]]
    assert steps == [
        ("asked", None),
        ("invited", None),
        ("reminder", 0),
        ("escalated", 1),
        ("escalated", 2),
        ("escalated", 3),
    ]
    assert (
        as_user(bare_stack, "ladder-youth", Role.YOUTH).get(f"/questions/{qid}").body["timeline"]
        is None
    )
    # An official answer stops the clock and closes every open record
    reply = expert_caller(bare_stack, expert).post(
        f"/questions/{qid}/answers", {"body": "去人社局"}
    )
    assert reply.status == 201
    bare_stack.pump.drain()
    assert city.get("/supervision").body["items"] == []
    closed = city.get("/supervision?status=closed").body["items"]
    assert sorted((r["level"], r["outcome"]) for r in closed) == [
        (1, "answered"),
        (2, "answered"),
    ]
    assert (
        staff(bare_stack, "sx")
        .get("/supervision?status=closed&level=3")
        .body["items"][0]["question_id"]
        == qid
    )


def test_a_record_says_when_its_question_was_due_and_how_late_it_is_now(
    bare_stack: Stack,
) -> None:
    # Given a question due Wednesday 18:00 whose breach opened a record for the county's staff
    question = asked_monday(bare_stack, "late-youth")
    run(bare_stack, shanghai(11, 19, 11, 15), question["id"])
    assert run(bare_stack, shanghai(11, 19, 18), question["id"]) == [(1, COUNTY)]
    # When the staff read their records on Thursday at 10:00
    with clock_set_to(lambda: shanghai(11, 20, 10).astimezone(dt.UTC)):
        page = staff(bare_stack, COUNTY).get("/supervision").body
    # Then the page carries the server's time, and the record its question's deadline and
    # how far past it that time is (16 hours), beside the record's own deadline
    assert page["now"] == iso(shanghai(11, 20, 10))
    record = next(r for r in page["items"] if r["question_id"] == question["id"])
    assert record["question_due_at"] == question["due_at"] == iso(shanghai(11, 19, 18))
    assert record["overdue_seconds"] == 16 * 3600
    assert record["due_at"] == iso(shanghai(11, 20, 18))


def test_two_sweeps_at_once_escalate_each_question_once(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = asked_monday(bare_stack, "race-youth")
    at = shanghai(11, 19, 18, 30)
    repository = CaseRepository(get_settings().due_shards)
    real_view = CaseRepository.view
    rival: list[supervision.SweepReport] = []
    started: list[bool] = []

    def view_then_rival_sweep(self: CaseRepository, question_id: str) -> QuestionView | None:
        """The first sweep reads the question; the second runs to completion before it writes."""
        seen = real_view(self, question_id)
        if question_id == question["id"] and not started:
            started.append(True)
            rival.append(supervision.sweep(at))
        return seen

    monkeypatch.setattr(CaseRepository, "view", view_then_rival_sweep)
    first = supervision.sweep(at)
    monkeypatch.undo()
    mine = [s for r in (first, rival[0]) for s in r.steps if s.question_id == question["id"]]
    assert [(s.level, s.platform_id) for s in mine] == [(1, COUNTY)]
    view = repository.view(question["id"])
    assert view is not None
    assert [r.level for r in view.supervision] == [1]
    assert [e.kind for e in view.events] == ["escalated"]


def test_staff_actions_reach_the_experts_queues_and_the_asker(bare_stack: Stack) -> None:
    first = register_expert(bare_stack, COUNTY, ["employment"])
    chosen = register_expert(bare_stack, "sx-04-02", ["employment"])
    question = asked_monday(bare_stack, "actions-youth")
    qid = question["id"]
    city = staff(bare_stack, CITY)
    with clock_set_to(lambda: shanghai(11, 17, 10).astimezone(dt.UTC)):
        moved = city.post(f"/questions/{qid}/reassign", {"expert_ids": [chosen["id"]]})
    assert moved.status == 200
    assert moved.body["assignees"] == [chosen["id"]]
    bare_stack.pump.drain()
    first_queue = expert_caller(bare_stack, first).get("/me/assignments").body["items"]
    assert [(a["question_id"], a["state"]) for a in first_queue] == [(qid, "withdrawn")]
    assert kinds(expert_caller(bare_stack, chosen)) == ["invitation"]

    with clock_set_to(lambda: shanghai(11, 18, 10).astimezone(dt.UTC)):
        until = shanghai(11, 21, 18).isoformat()
        extended = city.post(f"/questions/{qid}/extend", {"until": until, "reason": "待人社局回复"})
    assert extended.status == 200, extended.body
    # The invited expert's queue shows what the question is about and its extended due time
    (invitation,) = expert_caller(bare_stack, chosen).get("/me/assignments").body["items"]
    assert {k: invitation[k] for k in ("title", "topic", "platform_id", "due_at")} == {
        "title": question["title"],
        "topic": "employment",
        "platform_id": question["platform_id"],
        "due_at": iso(shanghai(11, 21, 18)),
    }

    assert city.post(f"/questions/{qid}/close", {"reason": "rude"}).status == 400
    with clock_set_to(lambda: shanghai(11, 18, 11).astimezone(dt.UTC)):
        closed = city.post(f"/questions/{qid}/close", {"reason": "out_of_scope"})
    assert (closed.body["status"], closed.body["close_reason"]) == ("closed", "out_of_scope")
    bare_stack.pump.drain()
    assert kinds(as_user(bare_stack, "actions-youth", Role.YOUTH)) == ["closed"]
    steps = city.get(f"/questions/{qid}").body["timeline"]
    timeline = [e["kind"] for e in steps]
    audited = [kind for kind in timeline if kind in ("reassigned", "extended", "closed")]
    assert audited == ["reassigned", "extended", "closed"]
    assert timeline[-1] == "closed"
    # And each step names who took it as a person sees them: the asker by their young name,
    # the city's staff at its desk, routing as the service itself
    by = {e["kind"]: e["by"] for e in steps}
    assert (by["asked"]["kind"], by["asked"]["name"][:3]) == ("young_person", "青年·")
    assert {(by[k]["kind"], by[k]["name"], by[k]["platform_id"]) for k in audited} == {
        ("staff", "长治市团委", CITY)
    }
    assert by["invited"] is None


def test_only_admins_run_the_sweep(bare_stack: Stack) -> None:
    for caller in (staff(bare_stack, "sx"), as_user(bare_stack, "y", Role.YOUTH)):
        assert caller.post("/admin/escalations/run", {}).status == 403
    assert admin(bare_stack).post("/admin/escalations/run", {"as_of": "soon"}).status == 400
    assert admin(bare_stack).post("/admin/escalations/run", {}).status == 200


def test_supervision_lists_are_for_staff_in_scope(bare_stack: Stack) -> None:
    assert as_user(bare_stack, "y", Role.YOUTH).get("/supervision").status == 403
    assert staff(bare_stack, COUNTY).get(f"/supervision?platform_id={CITY}").status == 403
    assert staff(bare_stack, CITY).get("/supervision?level=0").status == 400
    assert staff(bare_stack, CITY).get("/supervision?status=pending").status == 400
    assert as_user(bare_stack, "y", Role.YOUTH).get("/me/notifications?desk=true").status == 403


def test_an_imported_calendar_moves_deadlines_into_the_new_year(
    bare_stack: Stack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given 2027's New Year holiday (1-3 January) imported before the package knows the year
    days = [{"date": f"2027-01-0{d}", "working": False, "name": "元旦"} for d in (1, 2, 3)]
    schedule = tmp_path / "2027.json"
    schedule.write_text(json.dumps({"days": days}), "utf-8")
    assert cli.main(["calendar", "import", str(schedule)]) == 0
    assert "imported 3 days (2027)" in capsys.readouterr().out
    dependencies().calendars.forget()
    broken = tmp_path / "broken.json"
    broken.write_text('{"days": [{"date": "2027-13-01", "working": true}]}', "utf-8")
    assert cli.main(["calendar", "import", str(broken)]) == 2
    # When a question is asked on the last working morning of 2026
    with clock_set_to(lambda: dt.datetime(2026, 12, 31, 1, 0, tzinfo=dt.UTC)):
        reply = ask(as_user(bare_stack, "new-year-youth", Role.YOUTH), "sx-01-05")
    dependencies().calendars.forget()
    # Then Friday 1 January is a holiday: 27 working hours end Tuesday 5 January 18:00
    assert reply.body["due_at"] == "2027-01-05T10:00:00Z"
