"""Bad input gets a clear 4xx in the one error shape, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.api import Reply, as_user
from tests.integration.conftest import Stack
from youthvoice.domain.identity import Role

GOOD = {
    "title": "考研还是工作？",
    "body": "想听听过来人的建议。",
    "topic": "study",
    "platform_id": "sx-01-02",
}


def post_question(stack: Stack, body: Any) -> Reply:
    return as_user(stack, "youth-v", Role.YOUTH).post("/questions", body)


@pytest.mark.parametrize(
    ("change", "status", "code", "names"),
    [
        ({"title": "太短"}, 400, "validation_error", "title"),
        ({"title": "长" * 101}, 400, "validation_error", "title"),
        ({"body": "长" * 5001}, 400, "validation_error", "body"),
        ({"body": "   "}, 400, "validation_error", "body"),
        ({"colour": "red"}, 400, "validation_error", "colour"),
        ({"anonymous": "yes"}, 400, "validation_error", "anonymous"),
        ({"title": 12345}, 400, "validation_error", "title"),
        ({"tags": ["ok", 7]}, 400, "validation_error", "tags.1"),
        ({"topic": "astrology"}, 400, "validation_error", "topic"),
        ({"platform_id": "sx-99"}, 400, "validation_error", "platform_id"),
    ],
)
def test_a_bad_question_is_refused_naming_the_field(
    bare_stack: Stack, change: dict[str, Any], status: int, code: str, names: str
) -> None:
    reply = post_question(bare_stack, {**GOOD, **change})
    assert reply.status == status
    assert reply.body["error"]["code"] == code
    assert [problem["field"] for problem in reply.body["error"]["fields"]] == [names]


def test_a_missing_field_is_named(bare_stack: Stack) -> None:
    reply = post_question(bare_stack, {k: v for k, v in GOOD.items() if k != "topic"})
    assert reply.status == 400
    assert reply.body["error"]["fields"] == [
        {
            "field": "topic",
            "code": "required",
            "limits": {},
            "message": "话题：必填",
            "detail": "Field required",
        }
    ]


def test_every_failing_field_is_listed_the_first_in_the_message(bare_stack: Stack) -> None:
    # Given a question wrong in three places
    body = {**GOOD, "title": "太短", "anonymous": "yes", "colour": "red"}
    # When it is asked
    reply = post_question(bare_stack, body)
    # Then each field is listed with its own message, the first one also in the message
    assert reply.status == 400
    fields = reply.body["error"]["fields"]
    assert [problem["field"] for problem in fields] == ["title", "anonymous", "colour"]
    assert fields[2]["detail"] == "unknown field"
    assert reply.body["error"]["message"] == f"{fields[0]['message']}（另有 2 处问题）"


def test_every_failing_query_parameter_is_listed(bare_stack: Stack) -> None:
    # Given a listing asked for with a limit too large and a parameter it does not know
    caller = as_user(bare_stack, "youth-v", Role.YOUTH)
    # When it is read
    reply = caller.get("/questions?platform_id=sx&limit=500&colour=red")
    # Then both are listed
    assert reply.status == 400
    assert [problem["field"] for problem in reply.body["error"]["fields"]] == ["limit", "colour"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/me/notifications?desk=maybe", "desk"),
        ("/supervision?level=two", "level"),
        ("/supervision?level=4", "level"),
    ],
)
def test_a_query_value_outside_its_type_is_refused_naming_it(
    bare_stack: Stack, query: str, field: str
) -> None:
    # Given a yes-or-no or a level given as something else
    caller = as_user(bare_stack, "staff-v", Role.STAFF, "sx")
    # When it is read
    reply = caller.get(query)
    # Then it is a 400 naming the parameter
    assert reply.status == 400, reply.body
    assert [problem["field"] for problem in reply.body["error"]["fields"]] == [field]


def test_a_body_over_32_kib_is_413(bare_stack: Stack) -> None:
    caller = as_user(bare_stack, "youth-v", Role.YOUTH)
    huge = json.dumps({**GOOD, "body": "x" * (33 * 1024)}).encode()
    reply = caller.send("POST", "/questions", huge, None)
    assert reply.status == 413
    assert reply.body["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_400(bare_stack: Stack, raw: bytes) -> None:
    reply = as_user(bare_stack, "youth-v", Role.YOUTH).send("POST", "/questions", raw, None)
    assert reply.status == 400
    assert reply.body["error"]["code"] == "validation_error"


def test_refused_questions_leave_nothing_behind(bare_stack: Stack) -> None:
    caller = as_user(bare_stack, "youth-nothing", Role.YOUTH)
    caller.post("/questions", {**GOOD, "title": "短"})
    caller.post("/questions", {**GOOD, "body": "办假证找我"})
    assert caller.get("/me/questions").body["items"] == []


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/rating", {"score": 6}, "score"),
        ("/rating", {"score": "5"}, "score"),
        ("/rating", {"score": 0}, "score"),
        ("/accept", {}, "answer_id"),
        ("/answers", {"body": ""}, "body"),
        ("/flags", {"reason": ""}, "reason"),
    ],
)
def test_action_bodies_are_validated(
    bare_stack: Stack, path: str, body: dict[str, Any], field: str
) -> None:
    caller = as_user(bare_stack, "youth-v", Role.YOUTH)
    question = caller.post("/questions", GOOD).body["id"]
    reply = caller.post(f"/questions/{question}{path}", body)
    assert reply.status == 400
    assert [problem["field"] for problem in reply.body["error"]["fields"]] == [field]


def test_actions_on_a_missing_question_are_404(bare_stack: Stack) -> None:
    caller = as_user(bare_stack, "youth-v", Role.YOUTH)
    for path, body in (
        ("/questions/nope", None),
        ("/questions/nope/answers", {"body": "答"}),
        ("/questions/nope/accept", {"answer_id": "x"}),
        ("/questions/nope/rating", {"score": 3}),
        ("/questions/nope/flags", {"reason": "spam"}),
    ):
        reply = caller.get(path) if body is None else caller.post(path, body)
        assert reply.status == 404, path
        assert reply.body["error"]["code"] == "not_found"
