"""The one error shape as a front end reads it: every failing field at once, each with a stable
code and its limits, and messages in Chinese unless Accept-Language prefers English."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import admin
from tests.integration.test_seasons import define
from youthvoice.domain.identity import Role
from youthvoice.domain.questions import TAGS_MAX, TITLE_MIN

GOOD = {
    "title": "考研还是工作？",
    "body": "想听听过来人的建议。",
    "topic": "study",
    "platform_id": "sx-01-02",
}


def test_three_bad_fields_are_three_problems_with_codes_and_limits(bare_stack: Stack) -> None:
    # Given a question too short in its title, with too many tags and a yes-or-no as text
    asker = as_user(bare_stack, "youth-errors-3", Role.YOUTH)
    body = {**GOOD, "title": "太短", "tags": ["t"] * (TAGS_MAX + 1), "anonymous": "yes"}
    # When it is asked, with no Accept-Language
    reply = asker.post("/questions", body)
    # Then each field, in the model's order, is a problem with its code and the limit it
    # broke, worded in Chinese
    assert reply.status == 400
    problems = reply.body["error"]["fields"]
    assert [(p["field"], p["code"], p["limits"]) for p in problems] == [
        ("title", "too_short", {"min": TITLE_MIN}),
        ("anonymous", "wrong_type", {"expected": "boolean"}),
        ("tags", "too_many", {"max": TAGS_MAX}),
    ]
    assert [p["message"] for p in problems] == [
        f"标题：至少 {TITLE_MIN} 个字",
        "匿名：应为布尔值（true 或 false）",
        f"标签：最多 {TAGS_MAX} 项",
    ]
    # And the top-level message is the first problem's, counting the others
    assert reply.body["error"]["message"] == f"标题：至少 {TITLE_MIN} 个字（另有 2 处问题）"


@pytest.mark.parametrize(
    ("accept_language", "message", "language"),
    [
        (None, "每页条数：不能大于 100", "zh-CN"),
        ("en", "limit: at most 100", "en"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "limit: at most 100", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "每页条数：不能大于 100", "zh-CN"),
        ("fr-FR", "每页条数：不能大于 100", "zh-CN"),
        ("zh;q=0.5, en;q=0.7", "limit: at most 100", "en"),
    ],
)
def test_messages_follow_accept_language_chinese_by_default(
    bare_stack: Stack, accept_language: str | None, message: str, language: str
) -> None:
    # Given a listing asked for past its limit, in some language
    headers = {} if accept_language is None else {"Accept-Language": accept_language}
    # When it is read
    response = bare_stack.http.get("/platforms?limit=101", headers=headers)
    # Then the message is in the language preferred, and says which it is
    error = response.json_body["error"]
    assert (response.status_code, error["message"]) == (400, message)
    assert error["fields"][0]["message"] == message
    assert response.headers["Content-Language"] == language
    assert "Accept-Language" in response.headers["Vary"]
    # And the service's own words stay as the detail
    assert error["detail"].startswith("limit: ")


def test_every_kind_of_error_has_a_message_in_each_language(bare_stack: Stack) -> None:
    # Given a question that does not exist
    path = "/questions/q-does-not-exist"
    # When it is read in Chinese and in English
    chinese = bare_stack.http.get(path).json_body["error"]
    english = bare_stack.http.get(path, headers={"Accept-Language": "en"}).json_body["error"]
    # Then both name the kind in their language and keep the detail in English
    assert (chinese["code"], chinese["message"]) == ("not_found", "找不到要找的内容")
    assert (english["code"], english["message"]) == ("not_found", "not found")
    assert chinese["detail"] == english["detail"] == "question q-does-not-exist does not exist"


def test_an_ask_naming_an_unknown_platform_and_topic_reports_both(bare_stack: Stack) -> None:
    # Given a question whose platform and topic name nothing
    asker = as_user(bare_stack, "youth-errors-refs", Role.YOUTH)
    body = {**GOOD, "platform_id": "sx-99", "topic": "astrology"}
    # When it is asked
    reply = asker.post("/questions", body, headers={"Accept-Language": "en"})
    # Then both are reported, as references to nothing
    assert reply.status == 400
    problems = reply.body["error"]["fields"]
    assert [(p["field"], p["code"]) for p in problems] == [
        ("platform_id", "unknown_reference"),
        ("topic", "unknown_reference"),
    ]
    assert problems[1]["message"] == "topic: names nothing that exists"
    assert problems[1]["detail"] == "unknown topic astrology"


def test_a_season_reports_its_unknown_platform_and_topics_together(bare_stack: Stack) -> None:
    # Given a season naming an unknown platform and two unknown topics
    topics = ["study", "astrology", "alchemy"]
    reply = define(bare_stack, topics, "2026-01-01", "2026-01-10", platform_id="sx-99")
    # Then every problem is reported at once, each topic by its place
    assert reply.status == 400, reply.body
    problems = reply.body["error"]["fields"]
    assert [(p["field"], p["code"]) for p in problems] == [
        ("platform_id", "unknown_reference"),
        ("topics.1", "unknown_reference"),
        ("topics.2", "unknown_reference"),
    ]
    assert problems[2]["message"] == "话题（第 3 项）：所指的对象不存在"


def test_a_season_reports_its_window_rules_together(bare_stack: Stack) -> None:
    # Given a season repeating a topic and ending before it starts
    reply = define(bare_stack, ["study", "study"], "2026-03-10", "2026-03-01")
    # Then both rules are reported, the order one with the field it must follow
    assert reply.status == 400, reply.body
    problems: list[dict[str, Any]] = reply.body["error"]["fields"]
    assert [(p["field"], p["code"], p["limits"]) for p in problems] == [
        ("topics", "duplicate", {}),
        ("ends_at", "not_after", {"after": "starts_at"}),
    ]
    assert problems[1]["message"] == "结束时间：应晚于开始时间"


def test_an_expert_named_on_nothing_reports_each_reference(bare_stack: Stack) -> None:
    # Given an expert registered on an unknown platform for a known and an unknown topic
    body = {"user_id": "u-1", "name": "专家", "topics": ["study", "astrology"], "platform_id": "x"}
    # When an admin registers them
    reply = admin(bare_stack).post("/experts", body)
    # Then the platform and the unknown topic are both reported, and nobody is registered
    assert reply.status == 400, reply.body
    assert [(p["field"], p["code"]) for p in reply.body["error"]["fields"]] == [
        ("platform_id", "unknown_reference"),
        ("topics.1", "unknown_reference"),
    ]
    assert admin(bare_stack).get("/experts?user_id=u-1").body["items"] == []
