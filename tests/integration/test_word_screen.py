"""The word screen over HTTP: titles, bodies, tags, answers and seasons go through the same screen,
and what it holds tells its author the category, never the word."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from tests.integration.test_seasons import at, define, shanghai, staff
from youthvoice.domain.identity import Role


@pytest.mark.parametrize(
    ("disguised", "field", "label"),
    [
        ({"title": "六 合 彩 今晚开什么"}, "title", "标题"),
        ({"body": "哪里能买六.合.彩？"}, "body", "内容"),
        ({"body": "有没有\u200b网\u200c络\u200d赌\u00ad博\u2060的\ufeff门路"}, "body", "内容"),
        ({"body": "網絡賭博的網站誰有"}, "body", "内容"),
        ({"body": "想问问 liuhecai 的玩法"}, "body", "内容"),
        ({"body": "六和彩的号码谁知道"}, "body", "内容"),
        ({"tags": ["求职", "六合彩"]}, "tags.1", "标签（第 2 项）"),
    ],
)
def test_a_disguised_hard_word_anywhere_in_a_question_is_refused(
    bare_stack: Stack, disguised: dict[str, Any], field: str, label: str
) -> None:
    # Given a youth
    asker = as_user(bare_stack, "youth-disguise", Role.YOUTH)
    # When the question hides a hard word in its title, body or tags
    reply = ask(asker, "sx-03-01", **disguised)
    # Then it is refused with the category, in the one error shape, naming the field
    message = f"{label}：含有不允许的词语"
    problem = {"field": field, "code": "screened", "limits": {}, "message": message}
    assert (reply.status, reply.body) == (
        422,
        {
            "error": {
                "code": "content_blocked",
                "message": message,
                "detail": "content not allowed: gambling",
                "fields": [{**problem, "detail": "holds a word the screen refuses"}],
            }
        },
    )


def test_a_held_question_tells_its_asker_the_category_until_approved(bare_stack: Stack) -> None:
    # Given a question whose tag hides a soft word in full-width letters
    asker = as_user(bare_stack, "youth-held-tag", Role.YOUTH)
    held = ask(asker, "sx-03-02", tags=["ＱＱ号"])
    # Then it is held, and the asker is told why by category only
    assert (held.status, held.body["visibility"]) == (201, "held")
    assert held.body["held_reason"] == "contact-details"
    path = f"/questions/{held.body['id']}"
    assert asker.get(path).body["held_reason"] == "contact-details"
    assert as_user(bare_stack, "youth-else", Role.YOUTH).get(path).status == 404
    # When staff approve it
    reviewer = as_user(bare_stack, "staff-held-tag", Role.STAFF, "sx-03")
    assert reviewer.post(f"/moderation/{held.body['id']}", {"action": "approve"}).status == 200
    # Then nobody sees a reason any more
    assert asker.get(path).body["held_reason"] is None


def test_a_held_answer_tells_its_author_the_category(bare_stack: Stack) -> None:
    # Given an expert answering a question
    expert = register_expert(bare_stack, "sx-03-03", ["employment"])
    question = ask(as_user(bare_stack, "youth-answered", Role.YOUTH), "sx-03-03").body
    # When the answer hides a soft word behind spaces
    held = expert_caller(bare_stack, expert).post(
        f"/questions/{question['id']}/answers", {"body": "详细情况请 加 微 信 聊"}
    )
    # Then it is held with its category
    assert (held.status, held.body["visibility"], held.body["held_reason"]) == (
        201,
        "held",
        "advertising",
    )


def test_a_season_with_a_hard_word_is_refused_and_a_soft_word_passes(bare_stack: Stack) -> None:
    # Given staff defining seasons: they may write 加微信 in a notice, never a hard word
    refused = define(bare_stack, ["health"], "2026-03-01", "2026-03-05", name="辦假證專場")
    passed = define(
        bare_stack, ["health"], "2026-03-06", "2026-03-09", description="咨询请加微信公众号"
    )
    # Then the hard word is refused with its category, the soft one passes
    assert (refused.status, refused.body["error"]["code"]) == (422, "content_blocked")
    assert refused.body["error"]["detail"] == "content not allowed: fraud"
    assert [problem["field"] for problem in refused.body["error"]["fields"]] == ["name"]
    assert passed.status == 201, passed.body
    # When a change to the season hides a hard word
    with at(shanghai(11, 2)):
        patched = staff(bare_stack).patch(
            f"/seasons/{passed.body['id']}", {"description": "枪 支 出 售"}
        )
    # Then it is refused too
    assert (patched.status, patched.body["error"]["detail"]) == (
        422,
        "content not allowed: weapons",
    )
