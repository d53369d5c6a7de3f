"""Hostile input on every route: a 4xx in the one error shape naming what it refuses, never a 500.

Each route that takes a body is sent a valid body with one part made hostile, by a caller who may
call it, against real ids: a value the edge failed to refuse would reach the store and succeed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from functions.http import ROUTES
from tests.integration.api import Caller, Reply, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.domain.identity import Role

COUNTY, CITY = "sx-04-11", "sx-04"
# Far enough ahead that the season is still upcoming whenever the suite runs.
STARTS, ENDS, MIDDLE = "2099-01-01", "2099-02-01", "2099-01-15"
FAR_MOMENTS = ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00", "1999-12-31T23:00:00Z"]
REFUSED_CHARACTERS = ["\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2067", "\ud800"]
LONG_ID = "i" * 2_000
MOMENT_FIELDS = {
    "as_of",
    "until",
    "starts_at",
    "ends_at",
    "from",
    "to",
    "signup_opens_at",
    "signup_closes_at",
}
# Ids become key parts: too long, empty, a key separator, a space or a slash is refused.
HOSTILE_IDS = [LONG_ID, "sx#04", "", " ", "a/b"]
ID_FIELDS = {
    "platform_id",
    "topic",
    "topics",
    "user_id",
    "answer_id",
    "duplicate_of",
    "expert_ids",
    "staff_ids",
    "alliance_id",
    "member_user_ids",
    "source_question_ids",
}
# Notification ids are their inbox keys' suffixes, which hold a `#` of their own.
NOTIFICATION_ID_FIELDS = {"ids"}


@dataclass(frozen=True)
class World:
    """A question with an answer, its invited expert, and an upcoming season, all real."""

    stack: Stack
    question_id: str
    answer_id: str
    expert: dict[str, Any]
    season_id: str
    alliance_id: str
    activity_id: str

    def caller(self, path: str) -> Caller:
        """Someone who may call the route: the asker, the invited expert (also the answer's
        author), else an admin."""
        if path.endswith(("/accept", "/rating")) or path in ("/questions/{question_id}", "/me"):
            return as_user(self.stack, "hostile-asker", Role.YOUTH)
        if path.endswith("/decline") or path.startswith("/answers/"):
            return expert_caller(self.stack, self.expert)
        return as_user(self.stack, "hostile-admin", Role.ADMIN)

    def path(self, template: str) -> str:
        return template.format(
            question_id=self.question_id,
            expert_id=self.expert["id"],
            item_id=self.answer_id,
            season_id=self.season_id,
            alliance_id=self.alliance_id,
            activity_id=self.activity_id,
            answer_id=self.answer_id,
            platform_id=CITY,
        )


@pytest.fixture(scope="module")
def world(bare_stack: Stack) -> World:
    expert = register_expert(bare_stack, COUNTY, ["employment"])
    asked = ask(as_user(bare_stack, "hostile-asker", Role.YOUTH), COUNTY)
    assert asked.status == 201, asked.body
    answered = expert_caller(bare_stack, expert).post(
        f"/questions/{asked.body['id']}/answers", {"body": "可以关注校园招聘会"}
    )
    assert answered.status == 201, answered.body
    season = as_user(bare_stack, "hostile-staff", Role.STAFF, CITY).post(
        "/seasons",
        {"name": "就业季", "topics": ["study"], "platform_id": CITY, "starts_at": STARTS,
         "ends_at": ENDS},
    )  # fmt: skip
    assert season.status == 201, season.body
    admin = as_user(bare_stack, "hostile-admin", Role.ADMIN)
    alliance = admin.post("/alliances", ALLIANCE)
    assert alliance.status == 201, alliance.body
    activity = admin.post("/activities", {**ACTIVITY, "alliance_id": alliance.body["id"]})
    assert activity.status == 201, activity.body
    return World(
        bare_stack,
        asked.body["id"],
        answered.body["id"],
        expert,
        season.body["id"],
        alliance.body["id"],
        activity.body["id"],
    )


ALLIANCE = {
    "name": "创业导师联盟",
    "platform_id": CITY,
    "topics": ["employment"],
    "members": [{"org": "长治创业园", "contact": "0355-7654321"}],
    "member_user_ids": ["mentor-7"],
}
ACTIVITY = {
    "title": "创业沙龙",
    "description": "导师答疑",
    "location": "长治创业园",
    "starts_at": "2099-01-10T10:00:00Z",
    "ends_at": "2099-01-10T12:00:00Z",
    "signup_opens_at": "2026-01-01T00:00:00Z",
    "signup_closes_at": "2099-01-09T00:00:00Z",
    "capacity": 500,
    "unit": "person",
    "reserved": 0,
}


def valid_body(route: tuple[str, str], world: World) -> dict[str, Any]:
    """A body the route accepts, with a value in every field that has one."""
    expert_ids = [world.expert["id"]]
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/experts"): {
            "user_id": "hostile-new-expert",
            "name": "新专家",
            "topics": ["employment"],
            "platform_id": COUNTY,
            "bio": "十年就业指导",
        },
        ("PATCH", "/experts/{expert_id}"): {"status": "active", "topics": ["employment"]},
        ("POST", "/moderation/{item_id}"): {"action": "approve", "reason": "没有问题"},
        ("POST", "/me/notifications/read"): {"ids": ["n-1"], "all": False, "desk": False},
        ("PATCH", "/me"): {"nickname": "小明"},
        ("POST", "/questions"): {
            "title": "毕业后去哪里找工作",
            "body": "我是大四学生。",
            "topic": "employment",
            "platform_id": COUNTY,
            "anonymous": False,
            "tags": ["求职"],
        },
        ("PATCH", "/questions/{question_id}"): {
            "title": "毕业后去哪里找工作呢",
            "body": "我是大四学生，学计算机。",
            "tags": ["求职"],
        },
        ("POST", "/questions/{question_id}/answers"): {"body": "可以关注校园招聘会"},
        ("PATCH", "/answers/{answer_id}"): {"body": "也可以关注省人才网"},
        ("POST", "/questions/{question_id}/accept"): {"answer_id": world.answer_id},
        ("POST", "/questions/{question_id}/rating"): {"score": 5, "comment": "谢谢"},
        ("POST", "/assignments/{question_id}/decline"): {"reason": "不熟悉"},
        ("POST", "/questions/{question_id}/flags"): {"reason": "广告"},
        ("POST", "/seasons"): {
            "name": "创业季",
            "topics": ["employment"],
            "platform_id": CITY,
            "starts_at": STARTS,
            "ends_at": ENDS,
            "sla": {"first_response_hours": 9},
            "description": "创业",
        },
        ("PATCH", "/seasons/{season_id}"): {
            "name": "升学季",
            "topics": ["study"],
            "starts_at": STARTS,
            "ends_at": ENDS,
            "description": "升学",
        },
        ("PUT", "/seasons/{season_id}/roster"): {
            "slots": [
                {"department": "学校部", "staff_ids": ["league-2"], "from": STARTS, "to": MIDDLE},
                {"department": "青工部", "staff_ids": ["league-3"], "from": MIDDLE, "to": ENDS},
            ]
        },
        ("POST", "/seasons/{season_id}/experts"): {"expert_ids": expert_ids},
        ("DELETE", "/seasons/{season_id}/experts"): {"expert_ids": expert_ids},
        ("POST", "/questions/{question_id}/reassign"): {"expert_ids": expert_ids},
        ("POST", "/questions/{question_id}/extend"): {
            "until": "2099-01-01T10:00:00Z",
            "reason": "等待答复",
        },
        ("POST", "/questions/{question_id}/close"): {
            "reason": "duplicate",
            "duplicate_of": world.question_id,
        },
        ("POST", "/admin/escalations/run"): {"as_of": "2026-11-20T10:00:00Z"},
        ("POST", "/alliances"): ALLIANCE,
        ("PATCH", "/alliances/{alliance_id}"): {
            "name": "创业服务联盟",
            "members": [{"org": "长治创业园", "contact": "0355-7654321"}],
            "member_user_ids": ["mentor-8"],
        },
        ("POST", "/activities"): {
            **ACTIVITY,
            "alliance_id": world.alliance_id,
            "source_question_ids": [world.question_id],
        },
        ("PATCH", "/activities/{activity_id}"): {
            "title": "创业沙龙（二）",
            "location": "长治学院",
            "starts_at": "2099-01-11T10:00:00Z",
            "ends_at": "2099-01-11T12:00:00Z",
        },
        ("POST", "/activities/{activity_id}/signups"): {"note": "两人同行"},
        ("POST", "/activities/{activity_id}/checkins"): {"code": "ABCD2345"},
        ("POST", "/activities/{activity_id}/close"): {"summary": "圆满结束"},
    }
    return bodies[route]


BODY_ROUTES = sorted((route.method, route.path) for route in ROUTES if route.body is not None)
PATH_ROUTES = sorted((route.method, route.path) for route in ROUTES if "{" in route.path)
PAGED_ROUTES = sorted(
    route.path
    for route in ROUTES
    if route.query is not None and "cursor" in route.query.model_fields and "{" not in route.path
)


def strings_in(body: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Where each string of a JSON value is, as a path of keys and indexes."""
    if isinstance(body, str):
        yield path
    elif isinstance(body, dict):
        for key, value in body.items():
            yield from strings_in(value, (*path, key))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from strings_in(value, (*path, index))


def with_value(body: Any, path: tuple[str | int, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(body))
    holder = copy
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return copy


def field_name(path: tuple[str | int, ...]) -> str:
    """The name the error should give: `slots.0.department`, or `slots` for a bare list's item."""
    return ".".join(str(part) for part in path)


def named_field(path: tuple[str | int, ...]) -> str:
    """The innermost named field on the path, for the fields' kinds above."""
    return next(str(part) for part in reversed(path) if isinstance(part, str))


def send(world: World, route: tuple[str, str], raw: bytes, **headers: str) -> Reply:
    method, template = route
    path = world.path(template)
    return world.caller(template).send(method, path, raw, headers)


def refused(reply: Reply, status: int, *named: str) -> None:
    """A 4xx in the project's error shape whose detail names each of `named`."""
    assert reply.status == status, reply.body
    assert set(reply.body) == {"error"}, reply.body
    shape = {"code", "message", "detail", "fields"}
    assert {"code", "message", "detail"} <= set(reply.body["error"]) <= shape
    for name in named:
        assert name in reply.body["error"]["detail"], (name, reply.body)


def encoded(value: Any) -> bytes:
    """JSON as a hostile client may send it: lone surrogates are written as escapes."""
    return json.dumps(value).encode()


def test_every_body_route_has_a_valid_body(world: World) -> None:
    # Given every route that takes a body
    # When its valid body is looked up
    # Then there is one, so a new route cannot escape the cases below
    for route in BODY_ROUTES:
        assert valid_body(route, world), route


@pytest.mark.parametrize("route", BODY_ROUTES, ids="{0[0]} {0[1]}".format)
def test_refused_characters_in_any_string_are_400_naming_the_field(
    world: World, route: tuple[str, str]
) -> None:
    # Given a valid body for the route
    body = valid_body(route, world)
    for where in strings_in(body):
        for character in REFUSED_CHARACTERS:
            # When one of its strings carries a control, bidi or lone surrogate character
            reply = send(world, route, encoded(with_value(body, where, f"好{character}的")))
            # Then the edge refuses it naming that field
            refused(reply, 400, field_name(where))


@pytest.mark.parametrize("route", BODY_ROUTES, ids="{0[0]} {0[1]}".format)
def test_wrong_types_and_oversized_strings_are_400_naming_the_field(
    world: World, route: tuple[str, str]
) -> None:
    # Given a valid body for the route
    body = valid_body(route, world)
    for where in strings_in(body):
        # When a string is replaced by a number, a list, an object or 10,000 characters
        values: list[Any] = [12345, 1e300, [], {}, "x" * 10_000]
        for value in values:
            reply = send(world, route, encoded(with_value(body, where, value)))
            # Then the edge refuses it naming that field
            refused(reply, 400, field_name(where))


@pytest.mark.parametrize("route", BODY_ROUTES, ids="{0[0]} {0[1]}".format)
def test_ids_and_moments_stores_would_refuse_are_400_naming_the_field(
    world: World, route: tuple[str, str]
) -> None:
    # Given a valid body for the route
    body = valid_body(route, world)
    for where in strings_in(body):
        name = named_field(where)
        if name in ID_FIELDS:
            hostile = HOSTILE_IDS
        elif name in NOTIFICATION_ID_FIELDS:
            hostile = [LONG_ID, "", " "]
        elif name in MOMENT_FIELDS:
            hostile = FAR_MOMENTS
        else:
            continue
        for value in hostile:
            # When an id is too long, empty or holds a key separator, or a moment is out of range
            reply = send(world, route, encoded(with_value(body, where, value)))
            # Then the edge refuses it naming that field
            refused(reply, 400, field_name(where))


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("route", BODY_ROUTES, ids="{0[0]} {0[1]}".format)
def test_hostile_documents_are_4xx_in_the_error_shape(world: World, route: tuple[str, str]) -> None:
    # Given documents no client should send
    documents = [
        (nested(1_000), 400, "body"),
        (b"[" * 1_000 + b"]" * 1_000, 400, "body"),
        (nested(40), 400, "body"),
        (b'{"x": "' + b"x" * 100_000 + b'"}', 413, "bytes"),
        (b'{"x": 1' + b"0" * 5_000 + b"}", 400, "body"),
        (b'{"x": 1e99999}', 400, ""),
        (b'{"x": "\xff\xfe"}', 400, "body"),
        (b'{"x": "\\ud800"}', 400, ""),
        (b'{"\\ud800": 1}', 400, "body"),
        (b'[{"x": 1}]', 400, ""),
        (b"[[]]", 400, ""),
        (b'"text"', 400, "body"),
        (b"null", 400, "body"),
        (b"{not json", 400, "body"),
    ]
    for raw, status, name in documents:
        # When one is sent to the route
        reply = send(world, route, raw)
        # Then it is refused in the error shape
        refused(reply, status, name)


@pytest.mark.parametrize("route", BODY_ROUTES, ids="{0[0]} {0[1]}".format)
def test_a_header_over_8_kib_is_400_naming_it(world: World, route: tuple[str, str]) -> None:
    # Given a valid body
    raw = encoded(valid_body(route, world))
    # When a header carries 10,000 characters
    reply = send(world, route, raw, **{"X-Padding": "p" * 10_000})
    # Then the edge refuses it naming the header
    refused(reply, 400, "x-padding")


@pytest.mark.parametrize("key", ["k" * 3_000, "k" * 256, "钥匙", ""])
def test_an_idempotency_key_outside_255_printable_ascii_is_400_naming_it(
    world: World, key: str
) -> None:
    # Given an answer with an Idempotency-Key that is too long, not ASCII, or empty
    route = ("POST", "/questions/{question_id}/answers")
    raw = encoded({"body": "可以关注校园招聘会"})
    # When it is sent (headers travel as Latin-1, as HTTP/1.1 sends them)
    reply = send(world, route, raw, **{"Idempotency-Key": key.encode().decode("latin-1")})
    # Then the edge refuses it naming the header
    refused(reply, 400, "Idempotency-Key")


@pytest.mark.parametrize("route", PATH_ROUTES, ids="{0[0]} {0[1]}".format)
def test_hostile_ids_in_paths_are_400(world: World, route: tuple[str, str]) -> None:
    method, template = route
    raw = encoded(valid_body(route, world)) if route in BODY_ROUTES else b""
    for hostile in (LONG_ID, "sx%2304", "a%00b", "%E2%80%AE1", "%20"):
        # Given every id in the path made hostile (too long, a key separator, a control character)
        path = template.format_map({name: hostile for name in _path_names(template)})
        # When the route is called
        reply = world.caller(template).send(method, path, raw, None)
        # Then the edge refuses it, naming the id
        refused(reply, 400, _path_names(template)[0])


def _path_names(template: str) -> list[str]:
    return [part[1:-1] for part in template.split("/") if part.startswith("{")]


QUERY_PARAMETERS = sorted(
    pytest.param(route.path, name, id=f"{route.path}?{name}")
    for route in ROUTES
    if route.query is not None and "{" not in route.path
    for name in route.query.model_fields
    if name not in {"limit", "cursor"}
)


@pytest.mark.parametrize(("path", "name"), QUERY_PARAMETERS)
def test_hostile_query_values_are_400_naming_the_parameter(
    world: World, path: str, name: str
) -> None:
    caller = world.caller(path)
    # Some routes need another parameter besides the one under test (a list of experts its
    # platform, a search its words)
    other = {"/experts": "platform_id", "/search": "q", "/questions/similar": "title"}.get(path)
    required = f"{other}=sx-04&" if other not in (None, name) else ""
    for hostile in (LONG_ID, "%00", "%E2%80%AE"):
        # Given a query parameter that is too long or carries a control character
        # When the route is called with it
        reply = caller.get(f"{path}?{required}{name}={hostile}")
        # Then the edge refuses it naming the parameter
        refused(reply, 400, name)


def forged(cursor: str, **changes: str) -> str:
    padded = cursor + "=" * (-len(cursor) % 4)
    key = {**json.loads(base64.urlsafe_b64decode(padded)), **changes}
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "listing",
    ["/platforms?kind=county&limit=1", "/platforms?parent=sx-04&limit=1"],
)
def test_a_cursor_whose_key_a_store_would_refuse_is_400(world: World, listing: str) -> None:
    # Given a real cursor from a first page
    first = world.caller(listing).get(listing)
    cursor = first.body["next_cursor"]
    for changes in ({"sk": ""}, {"sk": "s" * 5_000}, {"pk": "p" * 2_100}):
        # When its key is emptied or lengthened past what DynamoDB accepts
        reply = world.caller(listing).get(f"{listing}&cursor={forged(cursor, **changes)}")
        # Then the cursor is refused
        refused(reply, 400, "cursor")


@pytest.mark.parametrize("path", PAGED_ROUTES)
def test_a_cursor_of_5000_characters_is_400(world: World, path: str) -> None:
    # Given a cursor far longer than any this service hands out
    cursor = base64.urlsafe_b64encode(json.dumps({"sk": "s" * 5_000}).encode()).decode()
    # When a list is read with it
    reply = world.caller(path).get(f"{path}?cursor={cursor}")
    # Then it is refused
    refused(reply, 400, "cursor")


def test_a_title_that_is_invisible_after_trimming_is_too_short(world: World) -> None:
    caller = world.caller("/questions")
    body = valid_body(("POST", "/questions"), world)
    for title in ("\u200b" * 6, "\ufeff\u200b\u2060\u200c\u200d\u3000", " \u00a0 \u3000 \u2060 "):
        # Given a title of zero-width and space characters only
        # When it is asked
        reply = caller.post("/questions", {**body, "title": title})
        # Then it is too short, like an empty one
        refused(reply, 400, "title", "at least")


def test_an_idempotency_key_reused_with_a_different_body_is_422_naming_the_key(
    world: World,
) -> None:
    route = "/questions/{question_id}/answers"
    caller = as_user(world.stack, "hostile-admin", Role.ADMIN)
    path = world.path(route)
    key = {"Idempotency-Key": "reuse-4d1c"}
    # Given an answer made with an Idempotency-Key
    first = caller.post(path, {"body": "第一个答案"}, headers=key)
    assert first.status == 201, first.body
    # When the same key comes with a different body, or on another question
    changed = caller.post(path, {"body": "另一个答案"}, headers=key)
    other = ask(as_user(world.stack, "hostile-asker-2", Role.YOUTH), COUNTY).body["id"]
    elsewhere = caller.post(f"/questions/{other}/answers", {"body": "第一个答案"}, headers=key)
    # Then both are 422 naming the key, and the same body still replays the first answer
    refused(changed, 422, "reuse-4d1c")
    refused(elsewhere, 422, "reuse-4d1c")
    replay = caller.post(path, {"body": "第一个答案"}, headers=key)
    assert (replay.status, replay.body) == (200, first.body)
