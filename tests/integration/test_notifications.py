"""The inbox: invitations for experts, answers and reopenings for askers; read marks."""

from __future__ import annotations

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_projector import deliver, unread_records
from youthvoice.domain.identity import Role


def test_the_people_concerned_are_notified_once_and_can_mark_read(bare_stack: Stack) -> None:
    admin = as_user(bare_stack, "admin", Role.ADMIN)
    admin.post(
        "/experts",
        {"user_id": "inbox-expert", "name": "孙老师", "topics": ["love-marriage"],
         "platform_id": "sx-03-02"},
    )  # fmt: skip
    asker = as_user(bare_stack, "inbox-youth", Role.YOUTH)
    expert = as_user(bare_stack, "inbox-expert", Role.EXPERT, "sx-03-02")
    asked = asker.post(
        "/questions",
        {"title": "异地恋怎么维持", "body": "请给建议", "topic": "love-marriage",
         "platform_id": "sx-03-02"},
    ).body  # fmt: skip
    expert.post(f"/questions/{asked['id']}/answers", {"body": "多沟通"})
    asker.post(f"/questions/{asked['id']}/rating", {"score": 1})
    bare_stack.pump.drain()
    deliver(unread_records(bare_stack.dynamodb))  # a redelivery must not notify twice
    inbox = asker.get("/me/notifications").body
    assert [(n["kind"], n["question_id"], n["title"], n["read"]) for n in inbox["items"]] == [
        ("reopened", asked["id"], "异地恋怎么维持", False),
        ("answer", asked["id"], "异地恋怎么维持", False),
    ]
    assert inbox["unread"] == 2
    invited = expert.get("/me/notifications").body
    assert [(n["kind"], n["title"]) for n in invited["items"]] == [("invitation", "异地恋怎么维持")]
    first = inbox["items"][0]["id"]
    assert asker.post("/me/notifications/read", {"ids": [first]}).body == {"marked": 1}
    assert asker.post("/me/notifications/read", {"ids": [first]}).body == {"marked": 0}
    assert asker.get("/me/notifications").body["unread"] == 1
    assert asker.post("/me/notifications/read", {"all": True}).body == {"marked": 1}
    after = asker.get("/me/notifications").body
    assert after["unread"] == 0
    assert all(n["read"] for n in after["items"])
    bad_bodies: list[dict[str, object]] = [
        {},
        {"ids": [first], "all": True},
        {"ids": []},
        {"ids": "x"},
    ]
    for bad in bad_bodies:
        assert asker.post("/me/notifications/read", bad).status == 400, bad
    assert as_user(bare_stack, "stranger", Role.YOUTH).get("/me/notifications").body == {
        "items": [],
        "next_cursor": None,
        "unread": 0,
    }
