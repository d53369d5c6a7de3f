"""Nicknames: a young person chooses one with PATCH /me and is shown as {nickname}·{tag} on
their questions and peer answers, read when the page is read; anonymity still wins."""

from __future__ import annotations

import json

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_seasons import COUNTY
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
    assert "gambling" in blocked.body["error"]["message"]
    assert "赌博" not in json.dumps(blocked.body, ensure_ascii=False)
    assert (held.status, held.body["error"]["code"]) == (422, "content_blocked")
    # And the others are 400 naming the field; the caller still has no nickname
    for reply in (faked, control, long, blank):
        assert reply.status == 400, reply.body
        assert "nickname" in reply.body["error"]["message"]
    assert young.get("/me").body["nickname"] is None


def test_only_young_people_choose_a_nickname(bare_stack: Stack) -> None:
    # Given a staff member
    staff = as_user(bare_stack, "u-nick-staff", Role.STAFF, COUNTY)
    # When they set a nickname
    reply = staff.patch("/me", {"nickname": "小王"})
    # Then it is refused: staff are shown as their desk
    assert reply.status == 403, reply.body
