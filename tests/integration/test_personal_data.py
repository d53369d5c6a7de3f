"""GET /me/export: a person's copy of what the service holds about them, and only theirs."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import CITY, announce, found_alliance
from tests.integration.test_quotas import quotas_of
from youthvoice.domain.identity import Role

ME, PEER = "u-export-me", "u-export-peer"


def question(title: str) -> dict[str, Any]:
    return {"title": title, "body": "想听听大家的经验", "topic": "employment", "platform_id": CITY}


def a_young_persons_traces(stack: Stack) -> dict[str, str]:
    """I ask, answer a peer's question, sign up for an activity, am told of staff's answer,
    like and rate it, and flag the peer's question."""
    me, peer = as_user(stack, ME, Role.YOUTH), as_user(stack, PEER, Role.YOUTH)
    assert me.patch("/me", {"nickname": "小明"}).status == 200
    mine = me.post("/questions", question("第一份工作怎么找"))
    theirs = peer.post("/questions", question("实习工资太低怎么办"))
    assert (mine.status, theirs.status) == (201, 201), (mine.body, theirs.body)
    my_answer = me.post(f"/questions/{theirs.body['id']}/answers", {"body": "先问清合同"})
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    told = staff.post(f"/questions/{mine.body['id']}/answers", {"body": "多投简历"})
    assert (my_answer.status, told.status) == (201, 201), (my_answer.body, told.body)
    activity = announce(as_user(stack, "mentor-1", Role.YOUTH), found_alliance(stack)["id"])
    signed = me.post(f"/activities/{activity['id']}/signups", {})
    assert signed.status == 201, signed.body
    rated = me.post(f"/questions/{mine.body['id']}/rating", {"score": 5, "comment": "谢谢"})
    liked = me.post(f"/answers/{told.body['id']}/likes", {})
    flagged = me.post(f"/questions/{theirs.body['id']}/flags", {"reason": "像广告"})
    assert (rated.status, liked.status, flagged.status) == (200, 201, 201), (
        rated.body, liked.body, flagged.body,
    )  # fmt: skip
    stack.pump.drain()
    return {
        "question": mine.body["id"],
        "peer_question": theirs.body["id"],
        "answer": my_answer.body["id"],
        "liked": told.body["id"],
        "activity": activity["id"],
    }


def test_my_export_holds_what_i_did_and_anothers_holds_none_of_it(stack: Stack) -> None:
    # Given a young person's question, peer answer, signup and notification
    traces = a_young_persons_traces(stack)
    # When they export, and the peer exports
    mine = as_user(stack, ME, Role.YOUTH).get("/me/export")
    theirs = as_user(stack, PEER, Role.YOUTH).get("/me/export")
    # Then mine holds my identity, my question and rating, my signup with its code, and my
    # notification
    assert mine.status == 200, mine.body
    assert (mine.body["me"]["sub"], mine.body["me"]["nickname"]) == (ME, "小明")
    assert [q["id"] for q in mine.body["questions"]] == [traces["question"]]
    assert [s["activity_id"] for s in mine.body["signups"]] == [traces["activity"]]
    assert mine.body["signups"][0]["code"]
    assert traces["question"] in {n["question_id"] for n in mine.body["notifications"]}
    assert mine.body["ratings"] == {traces["question"]: {"score": 5, "comment": "谢谢"}}
    assert mine.body["expert"] is None
    # And the answer I wrote, with my own name, the like I gave and the flag I raised
    assert [
        (a["id"], a["author"]["user_id"], a["author"]["name"]) for a in mine.body["answers"]
    ] == [(traces["answer"], ME, mine.body["me"]["name"])]
    assert [(like["answer_id"], like["question_id"]) for like in mine.body["likes"]] == [
        (traces["liked"], traces["question"])
    ]
    assert [(f["question_id"], f["reason"]) for f in mine.body["flags"]] == [
        (traces["peer_question"], "像广告")
    ]
    # And the peer's holds none of it, and not my user id
    assert theirs.status == 200, theirs.body
    text = json.dumps(theirs.body, ensure_ascii=False)
    assert ME not in text and "小明" not in text
    assert traces["question"] not in text and traces["activity"] not in text
    assert [q["id"] for q in theirs.body["questions"]] == [traces["peer_question"]]


def test_five_exports_a_day_and_none_without_a_token(bare_stack: Stack) -> None:
    # Given a young person who exported five times today, under the shipped quotas
    me = as_user(bare_stack, ME, Role.YOUTH)
    with quotas_of({}):
        assert [me.get("/me/export").status for _ in range(5)] == [200] * 5
        # When they export a sixth time, and someone without a token asks
        sixth = me.get("/me/export")
        nobody = anonymous(bare_stack).get("/me/export")
    # Then the sixth is a 429 and the anonymous caller a 401
    assert sixth.status == 429, sixth.body
    assert nobody.status == 401, nobody.body


def test_an_experts_export_holds_their_profile(bare_stack: Stack) -> None:
    # Given an expert registered by an admin
    admin = as_user(bare_stack, "admin", Role.ADMIN)
    registered = admin.post(
        "/experts",
        {"user_id": "u-export-expert", "name": "孙老师", "topics": ["employment"],
         "platform_id": CITY},
    )  # fmt: skip
    assert registered.status == 201, registered.body
    # When the expert exports
    mine = as_user(bare_stack, "u-export-expert", Role.EXPERT, CITY).get("/me/export")
    # Then their profile is in it, with their own user id
    assert mine.status == 200, mine.body
    expert = mine.body["expert"]
    assert (expert["id"], expert["name"], expert["user_id"]) == (
        registered.body["id"], "孙老师", "u-export-expert",
    )  # fmt: skip
