"""Alliances and activities in process: places, the waitlist, promotion, check-in, close-out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.integration.api import Caller, anonymous, as_user
from tests.integration.conftest import Stack
from youthvoice.domain.identity import Role

CITY, COUNTY = "sx-04", "sx-04-11"


def moment(hours: float) -> str:
    at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def found_alliance(stack: Stack, **changes: Any) -> dict[str, Any]:
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    reply = staff.post(
        "/alliances",
        {
            "name": "就业创业服务联盟",
            "platform_id": CITY,
            "topics": ["employment"],
            "members": [{"org": "长治人才中心", "contact": "0355-1234567"}],
            "member_user_ids": ["mentor-1"],
            **changes,
        },
    )
    assert reply.status == 201, reply.body
    alliance: dict[str, Any] = reply.body
    return alliance


def announce(caller: Caller, alliance_id: str, **changes: Any) -> dict[str, Any]:
    reply = caller.post(
        "/activities",
        {
            "alliance_id": alliance_id,
            "title": "就业讲座",
            "location": "长治学院礼堂",
            "starts_at": moment(48),
            "ends_at": moment(50),
            "signup_opens_at": moment(-1),
            "signup_closes_at": moment(24),
            "capacity": 3,
            "unit": "person",
            **changes,
        },
    )
    assert reply.status == 201, reply.body
    activity: dict[str, Any] = reply.body
    return activity


def youth(stack: Stack, number: int) -> Caller:
    return as_user(stack, f"young-{number}", Role.YOUTH)


def test_places_then_waitlist_then_promotion_in_order(stack: Stack) -> None:
    # Given an activity of 3 places announced by an alliance member
    alliance = found_alliance(stack)
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    activity = announce(mentor, alliance["id"])
    path = f"/activities/{activity['id']}/signups"
    # When five young people sign up
    replies = [youth(stack, n).post(path, {}) for n in range(5)]
    # Then three are confirmed with codes, two waitlisted at 1 and 2
    assert [r.status for r in replies] == [201] * 5
    assert [r.body["state"] for r in replies] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.body["position"] for r in replies[3:]] == [1, 2]
    assert all(len(r.body["code"]) == 8 for r in replies[:3])
    # And a second signup by the same user is a 409
    assert youth(stack, 0).post(path, {}).status == 409
    # And the activity shows no place left and two waiting, to anyone
    seen = anonymous(stack).get(f"/activities/{activity['id']}").body
    assert (seen["places_left"], seen["waitlist"], seen["status"]) == (0, 2, "full")
    # When a confirmed one withdraws
    assert youth(stack, 1).delete(f"{path}/me").status == 204
    # Then the head of the waitlist is promoted and the other moves up to 1
    mine = youth(stack, 3).get("/me/signups").body["items"][0]
    assert (mine["state"], len(mine["code"])) == ("confirmed", 8)
    assert youth(stack, 4).get("/me/signups").body["items"][0]["position"] == 1
    stack.pump.drain()
    inbox = youth(stack, 3).get("/me/notifications").body["items"]
    assert [(n["kind"], n["activity_id"]) for n in inbox] == [("promoted", activity["id"])]


def test_a_couple_activity_counts_two_places_and_does_not_let_a_person_overtake(
    stack: Stack,
) -> None:
    # Given a couples activity of 3 places
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(staff, alliance["id"], unit="couple", capacity=3)
    path = f"/activities/{activity['id']}/signups"
    # When two couples sign up
    first, second = youth(stack, 1).post(path, {}), youth(stack, 2).post(path, {})
    # Then one is confirmed (2 of 3 places) and the other waits: 1 place cannot seat a couple
    assert (first.body["state"], second.body["state"]) == ("confirmed", "waitlisted")
    assert youth(stack, 3).post(path, {"party_size": 1}).status == 400
    assert anonymous(stack).get(f"/activities/{activity['id']}").body["places_left"] == 1


def test_check_in_close_and_the_askers_are_told(stack: Stack) -> None:
    # Given a question, and a held activity linked to it with two confirmed signups
    asker = as_user(stack, "asker-9", Role.YOUTH)
    asked = asker.post(
        "/questions",
        {"title": "毕业后怎么找工作", "body": "想了解招聘渠道", "topic": "employment",
         "platform_id": COUNTY},
    )  # fmt: skip
    assert asked.status == 201, asked.body
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(
        staff,
        alliance["id"],
        starts_at=moment(-3),
        ends_at=moment(-2),
        signup_opens_at=moment(-5),
        signup_closes_at=moment(-2.5),
        source_question_ids=[asked.body["id"]],
    )
    assert youth(stack, 1).post(f"/activities/{activity['id']}/signups", {}).status == 409
    assert anonymous(stack).get(f"/activities/{activity['id']}").body["status"] == "held"
    # When it is closed out
    closed = staff.post(f"/activities/{activity['id']}/close", {"summary": "讲解了招聘渠道"})
    assert closed.status == 200, closed.body
    stack.pump.drain()
    # Then the asker is told with the summary, and the question's timeline records it
    inbox = asker.get("/me/notifications").body["items"]
    assert ("answered_offline", asked.body["id"]) in [(n["kind"], n["question_id"]) for n in inbox]
    timeline = staff.get(f"/questions/{asked.body['id']}").body["timeline"]
    assert (timeline[-1]["kind"], timeline[-1]["detail"]) == (
        "answered_offline",
        "就业讲座: 讲解了招聘渠道",
    )
    # And the city counts one activity held
    stats = anonymous(stack).get(f"/alliances/{alliance['id']}").body["figures"]
    assert stats == {"activities": 1, "participants": 0, "signups": 0}
