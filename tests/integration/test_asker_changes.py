"""An asker's edit or withdrawal, as the feeds, figures, queues and inboxes show it. Who may
change what, and when: tests/unit/test_asker_changes.py.

Each test works on its own county, so one test's experts never route another's questions.
"""

from __future__ import annotations

from typing import Any

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.domain.identity import Role


def feed_titles(caller: Caller, platform: str) -> dict[str, str]:
    reply = caller.get(f"/questions?platform_id={platform}&limit=100")
    assert reply.status == 200, reply.body
    return {item["id"]: item["title"] for item in reply.body["items"]}


def figures(stack: Stack, platform: str) -> dict[str, Any]:
    reply = stack.http.get(f"/platforms/{platform}/stats")
    assert reply.status_code == 200
    counted: dict[str, Any] = reply.json_body
    return counted


def test_an_edit_changes_the_texts_everywhere_the_title_is_copied(bare_stack: Stack) -> None:
    # Given a question with an invited expert, projected into the feeds
    expert = register_expert(bare_stack, "sx-05-01", ["employment"])
    asker = as_user(bare_stack, "youth-edit", Role.YOUTH)
    asked = ask(asker, "sx-05-01").body
    bare_stack.pump.drain()
    # When the asker changes its title and tags
    path = f"/questions/{asked['id']}"
    edited = asker.patch(path, {"title": "  毕业后在省内找工作  ", "tags": ["就业"]})
    bare_stack.pump.drain()
    # Then the question has the new texts (the title trimmed), the body unchanged
    assert edited.status == 200, edited.body
    assert (edited.body["title"], edited.body["tags"]) == ("毕业后在省内找工作", ["就业"])
    assert edited.body["body"] == asked["body"]
    # And the feeds of the county and of the province show the new title, once
    for platform in ("sx-05-01", "sx"):
        assert feed_titles(asker, platform)[asked["id"]] == "毕业后在省内找工作", platform
    # And the invited expert's queue carries it too
    queue = expert_caller(bare_stack, expert).get("/me/assignments").body["items"]
    assert [(a["question_id"], a["title"]) for a in queue] == [(asked["id"], "毕业后在省内找工作")]
    # And staff see the edit on the timeline
    staff = as_user(bare_stack, "staff-edit", Role.STAFF, "sx-05")
    timeline = staff.get(path).body["timeline"]
    assert [e["detail"] for e in timeline if e["kind"] == "question_edited"] == ["title, tags"]


def test_an_edit_out_of_bounds_or_of_another_field_is_a_400(bare_stack: Stack) -> None:
    asker = as_user(bare_stack, "youth-edit-3", Role.YOUTH)
    path = f"/questions/{ask(asker, 'sx-05-03').body['id']}"
    assert asker.patch(path, {"title": "短"}).status == 400
    assert asker.patch(path, {"topic": "health"}).status == 400
    assert asker.get(path).body["title"] == "毕业后去哪里找工作"


def test_a_withdrawal_closes_invitations_and_leaves_feeds_and_figures(bare_stack: Stack) -> None:
    # Given two questions on a county, one of them with an invited expert, all projected
    expert = register_expert(bare_stack, "sx-06-01", ["employment"])
    asker = as_user(bare_stack, "youth-withdraw", Role.YOUTH)
    before = figures(bare_stack, "sx-06")
    asked = ask(asker, "sx-06-01").body
    kept = ask(asker, "sx-06-01", topic="health").body
    bare_stack.pump.drain()
    assert figures(bare_stack, "sx-06")["questions"] == before["questions"] + 2
    # When the asker withdraws the first
    path = f"/questions/{asked['id']}"
    assert asker.delete(path).status == 204
    bare_stack.pump.drain()
    # Then it leaves the feeds of its county and above, the other stays
    for platform in ("sx-06-01", "sx-06", "sx"):
        listed = feed_titles(asker, platform)
        assert asked["id"] not in listed and kept["id"] in listed, platform
    # And it counts no more, exactly once
    assert figures(bare_stack, "sx-06")["questions"] == before["questions"] + 1
    # And the expert's invitation is withdrawn, their load released, and they are told
    expert_user = expert_caller(bare_stack, expert)
    queue = expert_user.get("/me/assignments").body["items"]
    assert [(a["question_id"], a["state"]) for a in queue] == [(asked["id"], "withdrawn")]
    kinds = [n["kind"] for n in expert_user.get("/me/notifications").body["items"]]
    assert kinds.count("withdrawn") == 1
    # And others find nothing; the asker and staff see it closed as withdrawn
    assert as_user(bare_stack, "youth-else", Role.YOUTH).get(path).status == 404
    staff = as_user(bare_stack, "staff-withdraw", Role.STAFF, "sx-06")
    for viewer in (asker, staff):
        seen = viewer.get(path).body
        assert (seen["status"], seen["close_reason"], seen["visibility"]) == (
            "closed",
            "withdrawn",
            "removed",
        )
        assert seen["assignees"] == []
    # And a second withdrawal succeeds without changing anything; an edit is a 409
    assert asker.delete(path).status == 204
    bare_stack.pump.drain()
    assert figures(bare_stack, "sx-06")["questions"] == before["questions"] + 1
    assert asker.patch(path, {"title": "撤回后再改标题"}).status == 409
    # And an expert cannot answer it
    assert expert_user.post(f"{path}/answers", {"body": "看招聘会"}).status == 404
