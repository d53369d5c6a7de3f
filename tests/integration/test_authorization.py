"""Every route × every kind of caller. No object can be read or changed by guessing its id.

The routes are the app's own route table: a route added without expectations here fails.
Each case gets a fresh question on 沁县 (sx-04-11), asked by `asker`, with the invited expert's
official answer on it. Staff "in scope" work for 长治市 (sx-04), "out of scope" for 太原市.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

import app
from tests.integration.api import Caller, Reply, anonymous, as_user
from tests.integration.conftest import Stack
from youthvoice.domain.identity import Role

PLATFORM = "sx-04-11"
TOPIC = "charity"
ROLES = ("asker", "youth", "expert", "staff_in", "staff_out", "admin", "none")
_unique = itertools.count(1)


@dataclass(frozen=True)
class Scene:
    question: str
    answer: str
    expert_id: str
    season: str
    alliance: str = ""
    activity: str = ""


@pytest.fixture(scope="module")
def season(bare_stack: Stack) -> str:
    reply = as_user(bare_stack, "root-admin", Role.ADMIN).post(
        "/seasons",
        {"name": "公益季", "topics": ["charity"], "platform_id": "sx-04",
         "starts_at": "2027-06-01", "ends_at": "2027-06-11"},
    )  # fmt: skip
    assert reply.status == 201, reply.body
    season_id: str = reply.body["id"]
    return season_id


@pytest.fixture(scope="module")
def expert(bare_stack: Stack) -> dict[str, Any]:
    reply = as_user(bare_stack, "root-admin", Role.ADMIN).post(
        "/experts",
        {"user_id": "matrix-expert", "name": "李老师", "topics": [TOPIC], "platform_id": PLATFORM},
    )
    assert reply.status == 201
    registered: dict[str, Any] = reply.body
    return registered


def callers(stack: Stack) -> dict[str, Caller]:
    return {
        "asker": as_user(stack, "asker", Role.YOUTH),
        "youth": as_user(stack, "other-youth", Role.YOUTH),
        "expert": as_user(stack, "matrix-expert", Role.EXPERT, PLATFORM),
        "staff_in": as_user(stack, "staff-changzhi", Role.STAFF, "sx-04"),
        "staff_out": as_user(stack, "staff-taiyuan", Role.STAFF, "sx-01"),
        "admin": as_user(stack, "root-admin", Role.ADMIN),
        "none": anonymous(stack),
    }


@pytest.fixture
def scene(bare_stack: Stack, expert: dict[str, Any], season: str) -> Scene:
    people = callers(bare_stack)
    asked = people["asker"].post(
        "/questions",
        {
            "title": "想参加志愿服务",
            "body": "哪里可以报名？",
            "topic": TOPIC,
            "platform_id": PLATFORM,
        },
    )
    assert expert["id"] in asked.body["assignees"]
    answered = people["expert"].post(
        f"/questions/{asked.body['id']}/answers", {"body": "可以在青年之声报名活动。"}
    )
    alliance = people["staff_in"].post(
        "/alliances",
        {"name": "志愿服务联盟", "platform_id": "sx-04", "topics": [TOPIC],
         "member_user_ids": ["matrix-expert"]},
    )  # fmt: skip
    activity = people["staff_in"].post("/activities", _activity_body(alliance.body["id"]))
    return Scene(
        asked.body["id"],
        answered.body["id"],
        expert["id"],
        season,
        alliance.body["id"],
        activity.body["id"],
    )


def _activity_body(alliance_id: str) -> dict[str, Any]:
    """Signups open now, for a day; it starts and ends the day after."""
    at = dt.datetime.now(dt.UTC)
    return {
        "alliance_id": alliance_id,
        "title": "志愿者培训",
        "location": "沁县青年之家",
        "starts_at": (at + dt.timedelta(days=2)).isoformat(),
        "ends_at": (at + dt.timedelta(days=2, hours=2)).isoformat(),
        "signup_opens_at": (at - dt.timedelta(hours=1)).isoformat(),
        "signup_closes_at": (at + dt.timedelta(days=1)).isoformat(),
        "capacity": 100,
        "unit": "person",
    }


Request = Callable[[Caller, Scene], Reply]


def _new_expert(caller: Caller, scene: Scene) -> Reply:
    body = {
        "user_id": f"new-expert-{next(_unique)}",
        "name": "王老师",
        "topics": [TOPIC],
        "platform_id": PLATFORM,
    }
    return caller.post("/experts", body)


def _new_season(caller: Caller, scene: Scene) -> Reply:
    """A fresh window each time: overlapping another season would be a 409, not a 201."""
    start = dt.date(2028, 1, 1) + dt.timedelta(days=2 * next(_unique))
    body = {
        "name": "志愿服务季",
        "topics": ["charity"],
        "platform_id": "sx-04",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(days=1)).isoformat(),
    }
    return caller.post("/seasons", body)


ASK = {"title": "怎么申请助学金", "body": "家里困难", "topic": "study", "platform_id": PLATFORM}
PUBLIC = dict.fromkeys(ROLES, 200)
ALL_OK = dict.fromkeys(ROLES[:-1], 200) | {"none": 401}
ALL_CREATED = dict.fromkeys(ROLES[:-1], 201) | {"none": 401}


def only(allowed: dict[str, int], otherwise: int = 403) -> dict[str, int]:
    return {role: allowed.get(role, otherwise) for role in ROLES[:-1]} | {"none": 401}


MATRIX: dict[str, tuple[Request, dict[str, int]]] = {
    "GET /health": (lambda c, s: c.get("/health"), PUBLIC),
    "GET /openapi.json": (lambda c, s: c.get("/openapi.json"), PUBLIC),
    "GET /platforms": (lambda c, s: c.get("/platforms?parent=sx-04"), PUBLIC),
    "GET /platforms/{platform_id}": (lambda c, s: c.get(f"/platforms/{PLATFORM}"), PUBLIC),
    "GET /platforms/{platform_id}/stats": (
        lambda c, s: c.get(f"/platforms/sx-04/stats?season_id={s.season}"),
        PUBLIC,
    ),
    "GET /topics": (lambda c, s: c.get("/topics"), PUBLIC),
    "GET /search": (lambda c, s: c.get("/search?q=%E5%8A%A9%E5%AD%A6%E9%87%91"), PUBLIC),
    "GET /questions/similar": (
        lambda c, s: c.get("/questions/similar?title=%E5%8A%A9%E5%AD%A6%E9%87%91"),
        PUBLIC,
    ),
    "GET /stats": (lambda c, s: c.get("/stats"), PUBLIC),
    "GET /platforms/{platform_id}/stats/series": (
        lambda c, s: c.get("/platforms/sx-04/stats/series?from=2026-01-01&to=2026-12-31"),
        PUBLIC,
    ),
    "GET /platforms/{platform_id}/stats/children": (
        lambda c, s: c.get("/platforms/sx-04/stats/children?from=2026-01-01&to=2026-01-31"),
        PUBLIC,
    ),
    "GET /leaderboards/experts": (
        lambda c, s: c.get(f"/leaderboards/experts?platform_id={PLATFORM}"),
        PUBLIC,
    ),
    "GET /leaderboards/platforms": (
        lambda c, s: c.get("/leaderboards/platforms?parent_id=sx-04"),
        PUBLIC,
    ),
    "POST /questions": (lambda c, s: c.post("/questions", ASK), ALL_CREATED),
    "GET /questions/{question_id}": (lambda c, s: c.get(f"/questions/{s.question}"), PUBLIC),
    "GET /questions": (lambda c, s: c.get("/questions?platform_id=sx-04"), PUBLIC),
    # The scene's question has an official answer: the asker passes authorization, meets a 409
    "PATCH /questions/{question_id}": (
        lambda c, s: c.patch(f"/questions/{s.question}", {"title": "想参加哪些志愿服务"}),
        only({"asker": 409}),
    ),
    "DELETE /questions/{question_id}": (
        lambda c, s: c.delete(f"/questions/{s.question}"),
        only({"asker": 409}),
    ),
    "GET /me/questions": (lambda c, s: c.get("/me/questions"), ALL_OK),
    "GET /me": (lambda c, s: c.get("/me"), ALL_OK),
    # Only young people go by a nickname: experts and staff are shown by profile and desk
    "PATCH /me": (
        lambda c, s: c.patch("/me", {"nickname": "小明"}),
        only({"asker": 200, "youth": 200}),
    ),
    "GET /me/export": (lambda c, s: c.get("/me/export"), ALL_OK),
    # Young people erase themselves here; an expert's profile is retired by staff first, and
    # staff and admin accounts are closed at the identity provider
    "DELETE /me": (
        lambda c, s: c.newcomer().delete("/me"),
        only({"asker": 200, "youth": 200, "expert": 409}),
    ),
    "GET /me/assignments": (lambda c, s: c.get("/me/assignments"), only({"expert": 200})),
    # Everyone has an inbox; only staff have a duty desk (their own platform's)
    "GET /me/notifications": (
        lambda c, s: c.get("/me/notifications?desk=true"),
        only({"staff_in": 200, "staff_out": 200}),
    ),
    "POST /me/notifications/read": (
        lambda c, s: c.post("/me/notifications/read", {"desk": True, "all": True}),
        only({"staff_in": 200, "staff_out": 200}),
    ),
    # The expert answered this round in the scene: a second official answer is an edit
    "POST /questions/{question_id}/answers": (
        lambda c, s: c.post(f"/questions/{s.question}/answers", {"body": "补充一点"}),
        only({"youth": 201, "expert": 409, "staff_in": 201, "admin": 201}),
    ),
    "PATCH /answers/{answer_id}": (
        lambda c, s: c.patch(f"/answers/{s.answer}", {"body": "补充：周末也可以报名。"}),
        only({"expert": 200}),
    ),
    "POST /questions/{question_id}/accept": (
        lambda c, s: c.post(f"/questions/{s.question}/accept", {"answer_id": s.answer}),
        only({"asker": 200}),
    ),
    "POST /questions/{question_id}/rating": (
        lambda c, s: c.post(f"/questions/{s.question}/rating", {"score": 4}),
        only({"asker": 200}),
    ),
    # Everyone may like an answer but its author
    "POST /answers/{answer_id}/likes": (
        lambda c, s: c.post(f"/answers/{s.answer}/likes"),
        ALL_CREATED | {"expert": 403},
    ),
    "DELETE /answers/{answer_id}/likes": (
        lambda c, s: c.delete(f"/answers/{s.answer}/likes"),
        only({}, otherwise=404),
    ),
    "POST /assignments/{question_id}/decline": (
        lambda c, s: c.post(f"/assignments/{s.question}/decline", {"reason": "忙"}),
        only({"expert": 404}, otherwise=404),
    ),
    "POST /questions/{question_id}/flags": (
        lambda c, s: c.post(f"/questions/{s.question}/flags", {"reason": "spam"}),
        ALL_CREATED,
    ),
    "POST /experts": (_new_expert, only({"staff_in": 201, "admin": 201})),
    "GET /experts": (lambda c, s: c.get(f"/experts?platform_id={PLATFORM}"), ALL_OK),
    "GET /experts/{expert_id}": (lambda c, s: c.get(f"/experts/{s.expert_id}"), PUBLIC),
    "PATCH /experts/{expert_id}": (
        lambda c, s: c.patch(f"/experts/{s.expert_id}", {"status": "active"}),
        only({"staff_in": 200, "admin": 200}),
    ),
    "GET /moderation/queue": (
        lambda c, s: c.get("/moderation/queue?platform_id=sx-04"),
        only({"staff_in": 200, "admin": 200}),
    ),
    "POST /moderation/{item_id}": (
        lambda c, s: c.post(f"/moderation/{s.question}", {"action": "approve"}),
        only({"staff_in": 200, "admin": 200}),
    ),
    "GET /supervision": (
        lambda c, s: c.get("/supervision?platform_id=sx-04"),
        only({"staff_in": 200, "admin": 200}),
    ),
    "GET /audit": (
        lambda c, s: c.get("/audit?platform_id=sx-04"),
        only({"staff_in": 200, "admin": 200}),
    ),
    # The scene's question is answered: staff in scope pass authorization and meet a 409.
    "POST /questions/{question_id}/reassign": (
        lambda c, s: c.post(f"/questions/{s.question}/reassign", {"expert_ids": [s.expert_id]}),
        only({"staff_in": 409, "admin": 409}),
    ),
    "POST /questions/{question_id}/extend": (
        lambda c, s: c.post(
            f"/questions/{s.question}/extend", {"until": "2099-01-01T00:00:00Z", "reason": "r"}
        ),
        only({"staff_in": 409, "admin": 409}),
    ),
    "POST /questions/{question_id}/close": (
        lambda c, s: c.post(f"/questions/{s.question}/close", {"reason": "spam"}),
        only({"staff_in": 409, "admin": 409}),
    ),
    "POST /seasons": (_new_season, only({"staff_in": 201, "admin": 201})),
    "GET /seasons": (lambda c, s: c.get("/seasons?platform_id=sx-04"), PUBLIC),
    "GET /seasons/{season_id}": (lambda c, s: c.get(f"/seasons/{s.season}"), PUBLIC),
    "PATCH /seasons/{season_id}": (
        lambda c, s: c.patch(f"/seasons/{s.season}", {"description": "每年六月"}),
        only({"staff_in": 200, "admin": 200}),
    ),
    "PUT /seasons/{season_id}/roster": (
        lambda c, s: c.send(
            "PUT",
            f"/seasons/{s.season}/roster",
            json.dumps(
                [
                    {
                        "department": "志工部",
                        "staff_ids": ["s-1"],
                        "from": "2027-06-01",
                        "to": "2027-06-11",
                    }
                ]
            ).encode(),
            None,
        ),
        only({"staff_in": 200, "admin": 200}),
    ),
    "POST /seasons/{season_id}/experts": (
        lambda c, s: c.post(f"/seasons/{s.season}/experts", {"expert_ids": [s.expert_id]}),
        only({"staff_in": 200, "admin": 200}),
    ),
    # Nobody invited "ex-none": staff in scope pass authorization and meet a 404.
    "DELETE /seasons/{season_id}/experts/{expert_id}": (
        lambda c, s: c.delete(f"/seasons/{s.season}/experts/ex-none"),
        only({"staff_in": 404, "admin": 404}),
    ),
    "DELETE /seasons/{season_id}/experts": (
        lambda c, s: c.delete(f"/seasons/{s.season}/experts", {"expert_ids": ["ex-none"]}),
        only({"staff_in": 404, "admin": 404}),
    ),
    "GET /seasons/{season_id}/report": (lambda c, s: c.get(f"/seasons/{s.season}/report"), ALL_OK),
    "POST /alliances": (
        lambda c, s: c.post(
            "/alliances", {"name": "健康联盟", "platform_id": "sx-04", "topics": [TOPIC]}
        ),
        only({"staff_in": 201, "admin": 201}),
    ),
    "GET /alliances": (lambda c, s: c.get("/alliances?platform_id=sx-04"), PUBLIC),
    "GET /alliances/{alliance_id}": (lambda c, s: c.get(f"/alliances/{s.alliance}"), PUBLIC),
    "PATCH /alliances/{alliance_id}": (
        lambda c, s: c.patch(f"/alliances/{s.alliance}", {"topics": [TOPIC]}),
        only({"staff_in": 200, "admin": 200}),
    ),
    # The alliance lists the expert's user as a member: members act for it
    "POST /activities": (
        lambda c, s: c.post("/activities", _activity_body(s.alliance)),
        only({"expert": 201, "staff_in": 201, "admin": 201}),
    ),
    "GET /activities": (lambda c, s: c.get("/activities?platform_id=sx-04"), PUBLIC),
    "GET /activities/{activity_id}": (lambda c, s: c.get(f"/activities/{s.activity}"), PUBLIC),
    "PATCH /activities/{activity_id}": (
        lambda c, s: c.patch(f"/activities/{s.activity}", {"location": "沁县团委"}),
        only({"expert": 200, "staff_in": 200, "admin": 200}),
    ),
    "POST /activities/{activity_id}/cancel": (
        lambda c, s: c.post(f"/activities/{s.activity}/cancel"),
        only({"expert": 200, "staff_in": 200, "admin": 200}),
    ),
    "POST /activities/{activity_id}/signups": (
        lambda c, s: c.post(f"/activities/{s.activity}/signups", {}),
        ALL_CREATED,
    ),
    "DELETE /activities/{activity_id}/signups/me": (
        lambda c, s: c.delete(f"/activities/{s.activity}/signups/me"),
        only({}, otherwise=404),
    ),
    "GET /activities/{activity_id}/signups": (
        lambda c, s: c.get(f"/activities/{s.activity}/signups"),
        only({"expert": 200, "staff_in": 200, "admin": 200}),
    ),
    "GET /me/signups": (lambda c, s: c.get("/me/signups"), ALL_OK),
    # Nobody holds this code: those who may check people in meet a 404
    "POST /activities/{activity_id}/checkins": (
        lambda c, s: c.post(f"/activities/{s.activity}/checkins", {"code": "ABCD2345"}),
        only({"expert": 404, "staff_in": 404, "admin": 404}),
    ),
    # It has not ended yet: those who may close it meet a 409
    "POST /activities/{activity_id}/close": (
        lambda c, s: c.post(f"/activities/{s.activity}/close", {"summary": "圆满结束"}),
        only({"expert": 409, "staff_in": 409, "admin": 409}),
    ),
    "POST /admin/escalations/run": (
        lambda c, s: c.post("/admin/escalations/run", {}),
        only({"admin": 200}),
    ),
}


def test_the_matrix_has_every_route_of_the_app_and_no_other() -> None:
    # Given the app's route table (path -> method -> route entry)
    table = {
        f"{method} {path}": entry
        for path, entries in app.app.routes.items()
        for method, entry in entries.items()
    }
    # HEAD (on public reads) and preflight answer without a token: they read nothing private
    open_to_all = {route for route in table if route.split()[0] in ("HEAD", "OPTIONS")}
    assert not [route for route in open_to_all if table[route].authorizer]
    # Then every other route has expectations here, and nothing here is not a route
    assert set(MATRIX) == set(table) - open_to_all
    # And a caller without a token is refused (401) exactly where the route needs one
    anonymous_refused = {
        route for route, (_, expected) in MATRIX.items() if expected["none"] == 401
    }
    assert anonymous_refused == {route for route, entry in table.items() if entry.authorizer}


CASES = [pytest.param(route, role, id=f"{route} as {role}") for route in MATRIX for role in ROLES]


@pytest.mark.parametrize(("route", "role"), CASES)
def test_authorization_matrix(bare_stack: Stack, scene: Scene, route: str, role: str) -> None:
    request, expected = MATRIX[route]
    reply = request(callers(bare_stack)[role], scene)
    assert reply.status == expected[role], reply.body
    if reply.status >= 400:
        assert set(reply.body) == {"error"}


def test_the_invited_expert_can_decline_once(bare_stack: Stack, scene: Scene) -> None:
    expert = callers(bare_stack)["expert"]
    # The scene's expert already answered, so a fresh question is needed for an open invitation
    fresh = callers(bare_stack)["asker"].post(
        "/questions",
        {
            "title": "志愿者证书怎么办",
            "body": "在哪里办理？",
            "topic": TOPIC,
            "platform_id": PLATFORM,
        },
    )
    path = f"/assignments/{fresh.body['id']}/decline"
    assert expert.post(path, {"reason": "忙"}).status == 200
    assert expert.post(path, {"reason": "忙"}).status == 404
