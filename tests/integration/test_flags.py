"""An answered question that is flagged is reviewed in view: the moderation queue and the feed
show it until staff approve it. Which flags hide what: tests/unit/test_questions_service.py."""

from __future__ import annotations

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.domain.identity import Role

REASON = {"reason": "广告"}


def test_three_flags_on_an_answered_question_queue_it_without_hiding_it(
    bare_stack: Stack,
) -> None:
    # Given a question on 长治 answered by its expert
    expert = register_expert(bare_stack, "sx-04-03", ["health"])
    asked = ask(as_user(bare_stack, "youth-answered", Role.YOUTH), "sx-04-03", topic="health")
    question = f"/questions/{asked.body['id']}"
    assert (
        expert_caller(bare_stack, expert).post(f"{question}/answers", {"body": "多休息"}).status
        == 201
    )
    # When three different users flag it
    flagged = [
        as_user(bare_stack, f"youth-reporter-{n}", Role.YOUTH).post(f"{question}/flags", REASON)
        for n in range(3)
    ]
    # Then it stays visible to everyone, with its answer
    assert [reply.body["visibility"] for reply in flagged] == ["visible"] * 3
    passerby = as_user(bare_stack, "youth-reader", Role.YOUTH).get(question)
    assert (passerby.status, len(passerby.body["answers"])) == (200, 1)
    # And it waits in the moderation queue of the platforms above it, and in the feed
    bare_stack.pump.drain()
    staff = as_user(bare_stack, "staff-changzhi-mod", Role.STAFF, "sx-04")
    assert [e["item_id"] for e in staff.get("/moderation/queue").body["items"]] == [
        asked.body["id"]
    ]
    feed = staff.get("/questions?platform_id=sx-04-03").body["items"]
    assert asked.body["id"] in [entry["id"] for entry in feed]
    # And approval takes it off the queue, still visible
    assert staff.post(f"/moderation/{asked.body['id']}", {"action": "approve"}).status == 200
    bare_stack.pump.drain()
    assert staff.get("/moderation/queue").body["items"] == []
    assert as_user(bare_stack, "youth-reader", Role.YOUTH).get(question).status == 200
