"""Nicknames: a young person chooses one with PATCH /me and is shown as {nickname}·{tag} on
their questions, peer answers and signups, in every reply and list that shows them, read when
the page is read (one BatchGet a page); anonymity still wins."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import announce, found_alliance
from tests.integration.test_seasons import COUNTY
from tests.tokens import bearer
from youthvoice.domain.identity import Role
from youthvoice.domain.people import ANONYMOUS_NAME, AuthorKind, tag

QUESTION = {"title": "实习合同要注意什么", "body": "第一次签实习合同", "topic": "employment",
            "platform_id": COUNTY}  # fmt: skip


def test_nicknames_show_with_their_tag_and_no_user_id_reaches_a_reader(bare_stack: Stack) -> None:
    # Given an asker and a peer answerer who chose nicknames, the peer's shown on GET /me
    asker_id, peer_id = "u-nick-asker-1", "u-nick-peer-1"
    asker = as_user(bare_stack, asker_id, Role.YOUTH)
    peer = as_user(bare_stack, peer_id, Role.YOUTH)
    assert asker.patch("/me", {"nickname": "  小明  "}).status == 200
    chosen = peer.patch("/me", {"nickname": "阿花"})
    assert chosen.status == 200, chosen.body
    me = peer.get("/me")
    assert (me.body["nickname"], me.body["name"]) == ("阿花", f"阿花·{tag(peer_id)}")
    # And a question asked openly, with a peer answer
    asked = asker.post("/questions", QUESTION)
    assert asked.status == 201, asked.body
    question_id = asked.body["id"]
    answered = peer.post(f"/questions/{question_id}/answers", {"body": "看清试用期"})
    assert answered.status == 201, answered.body
    assert answered.body["author"]["name"] == f"阿花·{tag(peer_id)}"
    # When a reader without a token reads the question
    read = anonymous(bare_stack).get(f"/questions/{question_id}")
    # Then the asker and the peer are shown by nickname and tag, and no user id is in the body
    assert read.status == 200, read.body
    assert read.body["asker"] == {
        "kind": AuthorKind.YOUNG_PERSON, "name": f"小明·{tag(asker_id)}",
        "expert_id": None, "platform_id": None, "user_id": None,
    }  # fmt: skip
    assert [a["author"]["name"] for a in read.body["peer_answers"]] == [f"阿花·{tag(peer_id)}"]
    text = json.dumps(read.body, ensure_ascii=False)
    assert asker_id not in text and peer_id not in text
    # And when the peer changes their nickname, their past answer shows the new one
    assert peer.patch("/me", {"nickname": "花花"}).status == 200
    again = anonymous(bare_stack).get(f"/questions/{question_id}")
    assert again.body["peer_answers"][0]["author"]["name"] == f"花花·{tag(peer_id)}"


def test_an_anonymous_question_stays_anonymous_whatever_the_nickname(bare_stack: Stack) -> None:
    # Given an asker with a nickname who asks anonymously
    asker = as_user(bare_stack, "u-nick-asker-2", Role.YOUTH)
    assert asker.patch("/me", {"nickname": "小红"}).status == 200
    asked = asker.post("/questions", {**QUESTION, "anonymous": True})
    assert asked.status == 201, asked.body
    # When a reader without a token reads it
    read = anonymous(bare_stack).get(f"/questions/{asked.body['id']}")
    # Then the asker is 匿名, with neither the nickname nor the tag
    assert read.body["asker"]["name"] == ANONYMOUS_NAME
    text = json.dumps(read.body, ensure_ascii=False)
    assert "小红" not in text and tag("u-nick-asker-2") not in text


def test_a_screened_or_malformed_nickname_is_refused(bare_stack: Stack) -> None:
    young = as_user(bare_stack, "u-nick-3", Role.YOUTH)
    # Given nicknames with a blocked word, a held word, a fake tag, a control character, too long
    # When a young person sets each
    blocked = young.patch("/me", {"nickname": "赌博网站站长"})
    held = young.patch("/me", {"nickname": "加微信的我"})
    faked = young.patch("/me", {"nickname": "青年·7F3A"})
    control = young.patch("/me", {"nickname": "小\u202e明"})
    long = young.patch("/me", {"nickname": "长" * 17})
    blank = young.patch("/me", {"nickname": " \u3000 "})
    # Then the screened words are 422 naming the category and never the word
    assert (blocked.status, blocked.body["error"]["code"]) == (422, "content_blocked")
    assert "gambling" in blocked.body["error"]["detail"]
    assert "赌博" not in json.dumps(blocked.body, ensure_ascii=False)
    assert (held.status, held.body["error"]["code"]) == (422, "content_blocked")
    # And the others are 400 naming the field; the caller still has no nickname
    for reply in (faked, control, long, blank):
        assert reply.status == 400, reply.body
        assert [problem["field"] for problem in reply.body["error"]["fields"]] == ["nickname"]
    assert young.get("/me").body["nickname"] is None


def test_only_young_people_choose_a_nickname(bare_stack: Stack) -> None:
    # Given a staff member
    staff = as_user(bare_stack, "u-nick-staff", Role.STAFF, COUNTY)
    # When they set a nickname
    reply = staff.patch("/me", {"nickname": "小王"})
    # Then it is refused: staff are shown as their desk
    assert reply.status == 403, reply.body


def test_a_nickname_shows_wherever_its_owner_is_shown_and_changes_on_past_items(
    bare_stack: Stack,
) -> None:
    # Given a young person with a nickname who asked openly and signed up for an activity
    young_id = "u-nick-everywhere"
    young = as_user(bare_stack, young_id, Role.YOUTH)
    assert young.patch("/me", {"nickname": "小林"}).status == 200
    named = f"小林·{tag(young_id)}"
    asked = young.post("/questions", QUESTION)
    alliance = found_alliance(bare_stack, name="昵称联盟", member_user_ids=["u-nick-mentor"])
    mentor = as_user(bare_stack, "u-nick-mentor", Role.YOUTH)
    activity = announce(mentor, alliance["id"])
    signups = f"/activities/{activity['id']}/signups"
    signed = young.post(signups, {})
    # When the question is flagged and extended by others, and the lists are read
    flagged = as_user(bare_stack, "u-nick-flagger", Role.YOUTH).post(
        f"/questions/{asked.body['id']}/flags", {"reason": "看看"}
    )
    staff = as_user(bare_stack, "u-nick-staff", Role.STAFF, COUNTY)
    until = (dt.datetime.fromisoformat(asked.body["due_at"]) + dt.timedelta(days=1)).isoformat()
    extended = staff.post(
        f"/questions/{asked.body['id']}/extend", {"until": until, "reason": "延期"}
    )
    mine = young.get("/me/questions")
    listed = mentor.get(signups)
    csv_headers = {**bearer("u-nick-mentor", Role.YOUTH), "Accept": "text/csv"}
    sheet = bare_stack.http.get(signups, headers=csv_headers)
    # Then each shows the nickname with its tag
    assert asked.body["asker"]["name"] == named
    assert flagged.body["asker"]["name"] == named
    assert extended.body["asker"]["name"] == named
    assert [q["asker"]["name"] for q in mine.body["items"]] == [named]
    assert signed.body["name"] == named
    assert [s["name"] for s in listed.body["items"]] == [named]
    assert named in sheet.body.decode()
    # And when the nickname changes, the past question and signup show the new one
    assert young.patch("/me", {"nickname": "林林"}).status == 200
    renamed = f"林林·{tag(young_id)}"
    assert [q["asker"]["name"] for q in young.get("/me/questions").body["items"]] == [renamed]
    assert [s["name"] for s in mentor.get(signups).body["items"]] == [renamed]


def test_an_anonymous_asker_is_anonymous_in_every_reply_to_others(bare_stack: Stack) -> None:
    # Given an asker with a nickname who asked anonymously
    asker_id = "u-nick-shy"
    asker = as_user(bare_stack, asker_id, Role.YOUTH)
    assert asker.patch("/me", {"nickname": "害羞"}).status == 200
    asked = asker.post("/questions", {**QUESTION, "anonymous": True})
    # When another young person flags it, and the asker and staff in scope see theirs
    flagged = as_user(bare_stack, "u-nick-shy-flagger", Role.YOUTH).post(
        f"/questions/{asked.body['id']}/flags", {"reason": "看看"}
    )
    staff = as_user(bare_stack, "u-nick-shy-staff", Role.STAFF, COUNTY)
    until = (dt.datetime.fromisoformat(asked.body["due_at"]) + dt.timedelta(days=1)).isoformat()
    extended = staff.post(
        f"/questions/{asked.body['id']}/extend", {"until": until, "reason": "延期"}
    )
    # Then the flagger sees 匿名 with neither nickname nor tag
    assert flagged.status == 201, flagged.body
    assert flagged.body["asker"]["name"] == ANONYMOUS_NAME
    text = json.dumps(flagged.body, ensure_ascii=False)
    assert "害羞" not in text and tag(asker_id) not in text
    # And the asker and staff in scope, who may know who asked, see the name
    named = f"害羞·{tag(asker_id)}"
    assert (asked.body["asker"]["name"], extended.body["asker"]["name"]) == (named, named)
    assert asker.get("/me/questions").body["items"][0]["asker"]["name"] == named


def test_a_page_of_names_costs_one_batch_get(
    bare_stack: Stack, dynamodb_calls: Counter[str]
) -> None:
    # Given an activity with 20 young people signed up, some with nicknames
    alliance = found_alliance(bare_stack, name="计数联盟", member_user_ids=["u-count-mentor"])
    mentor = as_user(bare_stack, "u-count-mentor", Role.YOUTH)
    activity = announce(mentor, alliance["id"], capacity=30)
    path = f"/activities/{activity['id']}/signups"
    for number in range(20):
        signer = as_user(bare_stack, f"u-count-{number}", Role.YOUTH)
        if number % 2:
            assert signer.patch("/me", {"nickname": f"小{number}"}).status == 200
        assert signer.post(path, {}).status == 201
    # When the member reads the page of 20, and reads it again without the nicknames' read
    dynamodb_calls.clear()
    listed = mentor.get(f"{path}?limit=20")
    # Then all 20 are named, for one BatchGet of the nicknames, not a read per row
    assert listed.status == 200, listed.body
    assert len({s["name"] for s in listed.body["items"]}) == 20
    assert dynamodb_calls["BatchGetItem"] == 1, dynamodb_calls
    assert dynamodb_calls["GetItem"] < 20, dynamodb_calls
