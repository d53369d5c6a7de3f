"""Reading without a token: feeds, questions, seasons and expert profiles are public; a token,
when sent, is verified and shows its holder more."""

from __future__ import annotations

from functions.caching import NOT_STORED, PUBLIC
from functions.openapi import build_document
from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from tests.tokens import bearer
from youthvoice.domain.identity import Role


def test_anyone_reads_a_visible_question_but_not_who_asked_it_anonymously(
    bare_stack: Stack,
) -> None:
    # Given an anonymous question with an official answer
    expert = register_expert(bare_stack, "sx-05-02", ["employment"])
    asker = as_user(bare_stack, "youth-public-1", Role.YOUTH)
    asked = ask(asker, "sx-05-02", anonymous=True).body
    path = f"/questions/{asked['id']}"
    assert (
        expert_caller(bare_stack, expert).post(f"{path}/answers", {"body": "去人才市场"}).status
        == 201
    )
    bare_stack.pump.drain()
    # When a reader without a token reads it and the platform's feed
    read = anonymous(bare_stack).get(path)
    feed = anonymous(bare_stack).get("/questions?platform_id=sx-05-02")
    # Then both answer, with the answer shown and the asker, timeline and rating hidden
    assert read.status == 200
    assert read.body["asker"] == {
        "kind": "anonymous", "name": "匿名", "expert_id": None, "platform_id": None, "user_id": None
    }  # fmt: skip
    assert (read.body["timeline"], read.body["my_rating"]) == (None, None)
    assert [a["body"] for a in read.body["answers"]] == ["去人才市场"]
    assert asked["id"] in [item["id"] for item in feed.body["items"]]
    # And the asker (with their token) and staff in scope (the timeline) see more
    assert asker.get(path).body["asker"]["user_id"] == "youth-public-1"
    staff = as_user(bare_stack, "staff-public-1", Role.STAFF, "sx-05")
    assert [e["kind"] for e in staff.get(path).body["timeline"]][:2] == ["asked", "invited"]


def test_a_held_question_is_not_disclosed_without_the_askers_token(bare_stack: Stack) -> None:
    # Given a question the word screen holds
    asker = as_user(bare_stack, "youth-public-held", Role.YOUTH)
    held = ask(asker, "sx-05-03", tags=["ＱＱ号"]).body
    assert held["visibility"] == "held"
    path = f"/questions/{held['id']}"
    # When it is read without a token, and by its asker
    # Then it does not exist for the one, and is shown to the other
    assert anonymous(bare_stack).get(path).status == 404
    assert asker.get(path).body["held_reason"] == "contact-details"


def test_a_bad_token_on_a_public_read_is_refused_not_ignored(bare_stack: Stack) -> None:
    # Given a question anyone may read
    asked = ask(as_user(bare_stack, "youth-public-2", Role.YOUTH), "sx-05-02").body
    # When it is read with a token that does not verify
    reply = bare_stack.http.get(
        f"/questions/{asked['id']}", headers={"Authorization": "Bearer not-a-token"}
    )
    # Then the reader learns the token is bad (401) rather than silently reading less
    assert reply.status_code == 401
    assert reply.json_body["error"]["code"] == "unauthenticated"


def test_public_question_reads_are_cached_only_without_a_token(bare_stack: Stack) -> None:
    # Given a visible question
    asker = as_user(bare_stack, "youth-public-3", Role.YOUTH)
    path = f"/questions/{ask(asker, 'sx-05-02').body['id']}"
    # When it is read without a token and again with the validator, and with a token
    first = bare_stack.http.get(path)
    again = bare_stack.http.get(path, headers={"If-None-Match": first.headers["ETag"]})
    with_token = bare_stack.http.get(path, headers=bearer("youth-public-3", Role.YOUTH))
    # Then the anonymous read is public and revalidates to a 304; the token's read is not stored
    assert (first.headers["Cache-Control"], again.status_code) == (PUBLIC, 304)
    assert with_token.headers["Cache-Control"] == NOT_STORED


def test_a_season_is_public_but_its_roster_is_for_staff(bare_stack: Stack) -> None:
    # Given a season on a city, defined by its staff
    staff = as_user(bare_stack, "staff-public-season", Role.STAFF, "sx-06")
    created = staff.post(
        "/seasons",
        {"name": "心理健康季", "topics": ["health"], "platform_id": "sx-06",
         "starts_at": "2030-03-01", "ends_at": "2030-03-31"},
    )  # fmt: skip
    assert created.status == 201, created.body
    path = f"/seasons/{created.body['id']}"
    # When it is read and listed without a token, and by its staff
    public = anonymous(bare_stack).get(path).body
    listed = anonymous(bare_stack).get("/seasons?platform_id=sx-06").body["items"]
    # Then anyone sees what it is, and only staff see who is on duty and who defined it
    assert (public["name"], public["roster"], public["created_by"]) == ("心理健康季", None, None)
    assert [(s["id"], s["roster"]) for s in listed] == [(created.body["id"], None)]
    assert staff.get(path).body["roster"] == []
    assert staff.get(path).body["created_by"] == "staff-public-season"


def test_an_expert_profile_is_public_with_their_record_and_without_their_user_id(
    bare_stack: Stack,
) -> None:
    # Given an expert with one official answer, accepted
    expert = register_expert(bare_stack, "sx-05-04", ["employment"])
    asker = as_user(bare_stack, "youth-public-4", Role.YOUTH)
    asked = ask(asker, "sx-05-04").body
    answered = expert_caller(bare_stack, expert).post(
        f"/questions/{asked['id']}/answers", {"body": "先去人社局登记"}
    )
    asker.post(f"/questions/{asked['id']}/accept", {"answer_id": answered.body["id"]})
    bare_stack.pump.drain()
    path = f"/experts/{expert['id']}"
    # When the profile is read without a token, and by the expert
    public = anonymous(bare_stack).get(path).body
    own = expert_caller(bare_stack, expert).get(path).body
    # Then anyone sees the record, and only the expert their user id
    assert (public["answers"], public["accepted"], public["user_id"]) == (1, 1, None)
    assert public["points"] > 0
    assert own["user_id"] == expert["user_id"]


def test_the_contract_says_which_reads_take_an_optional_token() -> None:
    # Given the published document
    paths = build_document()["paths"]
    # Then the public reads that show more with a token say both are accepted, and may 401
    for path in ("/questions/{question_id}", "/seasons", "/seasons/{season_id}"):
        assert paths[path]["get"]["security"] == [{}, {"bearer": []}]
        assert "401" in paths[path]["get"]["responses"]
    # And a public read that ignores tokens names no security at all
    assert "security" not in paths["/topics"]["get"]
