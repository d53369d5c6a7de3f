"""The audit trail over HTTP: a sample of privileged acts each leaves exactly one entry in
GET /audit, read by subtree, actor and dates, a page at a time, and as CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Any

import pytest

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import announce, found_alliance, signed_up
from tests.integration.test_questions import ask, register_expert
from youthvoice.data.audit import AuditRepository
from youthvoice.domain.audit import AuditEntry
from youthvoice.domain.errors import Conflict
from youthvoice.domain.identity import Role
from youthvoice.domain.worktime import SHANGHAI

CITY, COUNTY = "sx-04", "sx-04-11"
STAFF = "league-4"


def later(days: int) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def entries(caller: Caller, query: str = "") -> list[dict[str, Any]]:
    """Every page of GET /audit, following next_cursor."""
    found: list[dict[str, Any]] = []
    cursor = ""
    while True:
        reply = caller.get(f"/audit?limit=2{query}{cursor}")
        assert reply.status == 200, reply.body
        found.extend(reply.body["items"])
        if reply.body["next_cursor"] is None:
            return found
        cursor = f"&cursor={reply.body['next_cursor']}"


def test_each_privileged_act_appears_once_and_only_in_scope(stack: Stack) -> None:
    # Given the city's staff, an admin, a question held for a soft word and one routed normally
    staff = as_user(stack, STAFF, Role.STAFF, CITY)
    admin = as_user(stack, "admin-1", Role.ADMIN)
    asker = as_user(stack, "audit-asker", Role.YOUTH)
    held = ask(asker, COUNTY, body="兼职日结的工作靠谱吗？加微信详聊").body
    routed = ask(asker, COUNTY).body
    chosen = register_expert(stack, COUNTY, ["employment"])
    alliance = found_alliance(stack)
    activity = announce(staff, alliance["id"])
    first, _ = signed_up(stack, activity, range(2))
    season = staff.post(
        "/seasons",
        {"name": "就业季", "topics": ["employment"], "platform_id": CITY,
         "starts_at": later(30), "ends_at": later(40)},
    ).body  # fmt: skip
    acts = {
        "question.approve": staff.post(f"/moderation/{held['id']}", {"action": "approve"}),
        "question.reassign": staff.post(
            f"/questions/{routed['id']}/reassign", {"expert_ids": [chosen["id"]]}
        ),
        "question.extend": staff.post(
            f"/questions/{routed['id']}/extend", {"until": later(9), "reason": "待人社局回复"}
        ),
        "season.patch": staff.patch(f"/seasons/{season['id']}", {"name": "就业创业季"}),
        "activity.patch": staff.patch(f"/activities/{activity['id']}", {"capacity": 5}),
        "activity.check_in": staff.post(
            f"/activities/{activity['id']}/checkins", {"code": first["code"]}
        ),
        "activity.signups_read": staff.send(
            "GET", f"/activities/{activity['id']}/signups", b"", {"Accept": "text/csv"}
        ),
    }
    # When each act is done
    assert {name: reply.status for name, reply in acts.items()} == dict.fromkeys(acts, 200)
    # Then the staff's trail holds exactly one entry of each, by them, with its item
    mine = entries(staff, f"&actor={STAFF}")
    counted = {name: [e["action"] for e in mine].count(name) for name in acts}
    assert counted == dict.fromkeys(acts, 1)
    by_action = {e["action"]: e for e in mine}
    assert by_action["question.approve"]["item_id"] == held["id"]
    assert by_action["question.extend"]["platform_id"] == COUNTY
    assert by_action["season.patch"]["item_id"] == season["id"]
    assert by_action["activity.patch"]["platform_id"] == CITY
    assert {e["actor"] for e in mine} == {STAFF}
    assert {e["role"] for e in mine} == {"staff"}
    # And newest first
    assert [e["at"] for e in mine] == sorted((e["at"] for e in mine), reverse=True)
    # And the admin's registration of the expert is on the admin's trail, read by the admin
    registered = entries(admin, "&actor=admin-1")
    assert [(e["action"], e["item_id"]) for e in registered] == [("expert.register", chosen["id"])]
    # And the county's trail holds the question acts, not the city's activity
    county = {e["action"] for e in entries(staff, f"&platform_id={COUNTY}")}
    assert {"question.approve", "question.reassign", "question.extend"} <= county
    assert "activity.patch" not in county


def test_only_admins_and_staff_in_scope_read_it_and_dates_filter(stack: Stack) -> None:
    # Given a question the city's staff closed today
    staff = as_user(stack, STAFF, Role.STAFF, CITY)
    asked = ask(as_user(stack, "audit-asker-2", Role.YOUTH), COUNTY).body
    closed = staff.post(f"/questions/{asked['id']}/close", {"reason": "spam"})
    assert closed.status == 200, closed.body
    today = dt.datetime.now(SHANGHAI).date()
    # Then staff of another city, a young person and an expert are refused
    for outsider in (
        as_user(stack, "league-1", Role.STAFF, "sx-01"),
        as_user(stack, "audit-youth", Role.YOUTH),
        as_user(stack, "audit-expert", Role.EXPERT, COUNTY),
    ):
        assert outsider.get(f"/audit?platform_id={COUNTY}").status == 403
    assert as_user(stack, "league-1", Role.STAFF, "sx-01").get("/audit").status == 200
    # And the entry is found for today, not for last week
    week_ago = today - dt.timedelta(days=7)
    assert [e["action"] for e in entries(staff, f"&from={today}&to={today}")] == ["question.close"]
    assert entries(staff, f"&from={week_ago}&to={week_ago}") == []
    # And odd ranges and forged cursors are 400s, never 500s
    for query in (f"from={today}", "from=9999-12-31&to=9999-12-31", "cursor=abc"):
        assert staff.get(f"/audit?{query}").status == 400
    # And the CSV answers, header first, one row per entry
    response = stack.http.get("/audit", headers={**staff._headers, "Accept": "text/csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.body.decode())))
    assert rows[0][:2] == ["id", "at"]
    assert [row[5] for row in rows[1:]] == ["question.close"]


def test_an_entry_is_never_overwritten(stack: Stack) -> None:
    # Given an entry recorded alone (no transaction in its block)
    trail = AuditRepository()
    entry = AuditEntry(
        "01JAUDIT", later(0), STAFF, Role.STAFF, (COUNTY, CITY, "sx"), "activity.signups_read",
        "activity", "a1", None,
    )  # fmt: skip
    with trail.recording(entry):
        pass
    # When the same entry is recorded again, with another action
    with pytest.raises(Conflict), trail.recording(dataclasses.replace(entry, action="forged")):
        pass
    # Then the first stands
    listed = entries(as_user(stack, STAFF, Role.STAFF, CITY), f"&actor={STAFF}")
    assert [e["action"] for e in listed if e["id"] == entry.id] == ["activity.signups_read"]
