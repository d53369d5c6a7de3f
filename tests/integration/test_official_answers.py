"""Official answers in the projections: points once per expert and round, and ratings that count
once per question and reopen it at most twice. Who may answer officially, edits and self-likes:
tests/unit/test_official_answers_service.py."""

from __future__ import annotations

from typing import Any

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.domain.identity import Role
from youthvoice.services.reconcile import reconcile_counters

COUNTY, CITY, OTHER_CITY = "sx-04-11", "sx-04", "sx-01"


def answer(caller: Caller, question_id: str, body: str = "可以先去人社局咨询。") -> Any:
    return caller.post(f"/questions/{question_id}/answers", body={"body": body})


def test_points_are_earned_once_per_expert_per_question_round(bare_stack: Stack) -> None:
    # Given an invited expert who tries to answer three times in a second
    expert = register_expert(bare_stack, COUNTY, ["culture"])
    asked = ask(as_user(bare_stack, "asker-points", Role.YOUTH), COUNTY, topic="culture").body
    replies = [answer(expert_caller(bare_stack, expert), asked["id"]) for _ in range(3)]
    bare_stack.pump.drain()
    # Then one answer counts, and the board shows the points of one answer (10 on time: 15)
    assert [r.status for r in replies] == [201, 409, 409]
    board = bare_stack.http.get(f"/leaderboards/experts?platform_id={COUNTY}").json_body
    mine = [e for e in board["items"] if e["author"]["expert_id"] == expert["id"]]
    assert [e["points"] for e in mine] == [15]


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


def test_reopening_and_reaccepting_credits_one_accepted_answer(bare_stack: Stack) -> None:
    # Given an expert alone in a county, and a question they answer each round
    expert = register_expert(bare_stack, "sx-04-09", ["employment"])
    asker = as_user(bare_stack, "asker-reaccepts", Role.YOUTH)
    asked = ask(asker, "sx-04-09").body
    question = f"/questions/{asked['id']}"
    # When the asker accepts the round's answer and rates it 1, three times over
    for round_number in range(3):
        posted = answer(expert_caller(bare_stack, expert), asked["id"], f"第{round_number}轮")
        accepted = asker.post(f"{question}/accept", {"answer_id": posted.body["id"]})
        assert accepted.status == 200, accepted.body
        assert asker.post(f"{question}/rating", {"score": 1}).status == 200
    bare_stack.pump.drain()
    # Then the expert holds one accepted answer: three answers (on time: 10 + 5 each) and 15
    profile = bare_stack.http.get(f"/experts/{expert['id']}").json_body
    assert (profile["answers"], profile["accepted"], profile["points"]) == (3, 1, 3 * 15 + 15)
    board = bare_stack.http.get("/leaderboards/experts?platform_id=sx-04-09").json_body
    assert [e["points"] for e in board["items"] if e["author"]["expert_id"] == expert["id"]] == [60]
    # And the question shows the last round's answer as its accepted one
    shown = asker.get(question).body
    assert [a["accepted"] for a in shown["answers"]] == [True, False, False]
    # And a recount of the platform's figures finds no drift
    assert reconcile_counters("sx", repair=False) == []
