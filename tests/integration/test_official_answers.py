"""Who may answer officially, once per round, with edits and not with self-likes; and ratings
that count once per question and reopen it at most twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import admin, ask, expert_caller, register_expert
from youthvoice.bootstrap import clock_set_to
from youthvoice.domain.identity import Role
from youthvoice.services import cases

COUNTY, CITY, OTHER_CITY = "sx-04-11", "sx-04", "sx-01"


def answer(caller: Caller, question_id: str, body: str = "可以先去人社局咨询。") -> Any:
    return caller.post(f"/questions/{question_id}/answers", body={"body": body})


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("never registered", "you have no expert profile"),
        ("paused", "your expert profile is paused"),
        ("elsewhere", "neither invited to this question nor registered for topic employment"),
    ],
)
def test_an_expert_token_alone_does_not_answer_officially(
    bare_stack: Stack, who: str, reason: str
) -> None:
    # Given a question, and an expert-role user who is not an eligible expert for it
    asked = ask(as_user(bare_stack, f"asker-{who}", Role.YOUTH), COUNTY).body
    if who == "never registered":
        caller = as_user(bare_stack, "self-made-expert", Role.EXPERT, COUNTY)
    elif who == "paused":
        paused = register_expert(bare_stack, COUNTY, ["employment"])
        admin(bare_stack).patch(f"/experts/{paused['id']}", {"status": "paused"})
        caller = expert_caller(bare_stack, paused)
    else:
        caller = expert_caller(bare_stack, register_expert(bare_stack, OTHER_CITY, ["health"]))
    # When they answer
    reply = answer(caller, asked["id"])
    # Then it is refused with the reason, and the question still waits for a response
    assert reply.status == 403, reply.body
    assert reason in reply.body["error"]["message"]
    assert cases.read(asked["id"]).question.status == "open"


def test_experts_of_the_topic_on_the_lineage_answer_officially_once_per_round(
    bare_stack: Stack,
) -> None:
    # Given an expert of the city for the topic (not invited: the county has its own expert)
    register_expert(bare_stack, COUNTY, ["employment"])
    city_expert = expert_caller(bare_stack, register_expert(bare_stack, CITY, ["employment"]))
    asker = as_user(bare_stack, "asker-rounds", Role.YOUTH)
    asked = ask(asker, COUNTY).body
    # When they answer twice in a row
    first, second = answer(city_expert, asked["id"]), answer(city_expert, asked["id"], "再补充")
    # Then the first is official and the second a conflict that points to editing
    assert (first.status, first.body["official"], first.body["round"]) == (201, True, 1)
    assert second.status == 409
    assert "edit that answer" in second.body["error"]["message"]
    # And after a low rating reopens the question, the next round takes a new answer
    asker.post(f"/questions/{asked['id']}/rating", {"score": 1})
    again = answer(city_expert, asked["id"], "第二轮的回答")
    assert (again.status, again.body["round"]) == (201, 2)


def test_points_are_earned_once_per_expert_per_question_round(bare_stack: Stack) -> None:
    # Given an invited expert who tries to answer three times in a second
    expert = register_expert(bare_stack, COUNTY, ["culture"])
    asked = ask(as_user(bare_stack, "asker-points", Role.YOUTH), COUNTY, topic="culture").body
    replies = [answer(expert_caller(bare_stack, expert), asked["id"]) for _ in range(3)]
    bare_stack.pump.drain()
    # Then one answer counts, and the board shows the points of one answer (10 on time: 15)
    assert [r.status for r in replies] == [201, 409, 409]
    board = bare_stack.http.get(f"/leaderboards/experts?platform_id={COUNTY}").json_body
    mine = [e for e in board["items"] if e["user_id"] == expert["user_id"]]
    assert [e["points"] for e in mine] == [15]


def test_the_author_edits_within_a_day_and_the_edit_is_on_the_timeline(
    bare_stack: Stack,
) -> None:
    # Given an official answer posted now
    expert = register_expert(bare_stack, COUNTY, ["rights"])
    asked = ask(as_user(bare_stack, "asker-edit", Role.YOUTH), COUNTY, topic="rights").body
    posted = answer(expert_caller(bare_stack, expert), asked["id"]).body
    path = f"/answers/{posted['id']}"
    # When the author edits it, someone else tries, and the author tries again after 24 hours
    edited = expert_caller(bare_stack, expert).patch(path, {"body": "更正：先带上劳动合同。"})
    stranger = as_user(bare_stack, "not-the-author", Role.YOUTH).patch(path, {"body": "改一下"})
    tomorrow = dt.datetime.fromisoformat(posted["created_at"]) + dt.timedelta(hours=24, seconds=1)
    with clock_set_to(lambda: tomorrow):
        late = expert_caller(bare_stack, expert).patch(path, {"body": "再改一次"})
    # Then only the timely edit by the author lands, and staff see it on the timeline
    assert (edited.status, edited.body["body"]) == (200, "更正：先带上劳动合同。")
    assert edited.body["edited_at"] is not None
    assert (stranger.status, late.status) == (403, 409)
    staff = as_user(bare_stack, "staff-edit", Role.STAFF, CITY)
    timeline = staff.get(f"/questions/{asked['id']}").body["timeline"]
    assert [e["detail"] for e in timeline if e["kind"] == "answer_edited"] == [posted["id"]]


def test_an_expert_cannot_like_their_own_answer(bare_stack: Stack) -> None:
    expert = register_expert(bare_stack, COUNTY, ["mental-health"])
    asked = ask(as_user(bare_stack, "asker-like", Role.YOUTH), COUNTY, topic="mental-health").body
    posted = answer(expert_caller(bare_stack, expert), asked["id"]).body
    # When the author likes their own answer, Then it is refused and the count stays 0
    reply = expert_caller(bare_stack, expert).post(f"/answers/{posted['id']}/likes")
    assert reply.status == 403
    assert cases.read(asked["id"]).answers[0].likes == 0


def test_rating_loops_count_once_and_reopen_at_most_twice(bare_stack: Stack) -> None:
    # Given an answered question in a county with no other question
    expert = register_expert(bare_stack, "sx-04-10", ["employment"])
    asker = as_user(bare_stack, "asker-farm", Role.YOUTH)
    asked = ask(asker, "sx-04-10").body
    question = f"/questions/{asked['id']}"
    # When the asker accepts and rates 1, three times over (the expert answering each round)
    statuses = []
    for round_number in range(3):
        posted = answer(expert_caller(bare_stack, expert), asked["id"], f"第{round_number}轮")
        asker.post(f"{question}/accept", {"answer_id": posted.body["id"]})
        statuses.append(asker.post(f"{question}/rating", {"score": 1}).body["status"])
    bare_stack.pump.drain()
    # Then it reopened twice, the third low rating stayed resolved and went to the duty desk
    assert statuses == ["reopened", "reopened", "resolved"]
    figures = bare_stack.http.get("/platforms/sx-04-10/stats").json_body
    assert (figures["ratings"], figures["satisfaction"]) == (1, 1.0)
    desk = as_user(bare_stack, "staff-farm", Role.STAFF, "sx-04-10")
    kinds = [n["kind"] for n in desk.get("/me/notifications?desk=true").body["items"]]
    assert "low_rating" in kinds
