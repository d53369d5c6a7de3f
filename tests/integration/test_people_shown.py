"""People, not ids: the boards, expert listings, season reports, alliances, signups and inboxes
show a person to a reader without a token and to another young person by name, never by user
id; staff in scope see the ids they need. The rule itself: tests/unit/test_people.py."""

from __future__ import annotations

import json
from collections.abc import Iterable

from tests.integration.api import Caller, Reply, anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import announce, found_alliance
from tests.integration.test_questions import expert_caller, register_expert
from tests.integration.test_seasons import CITY, COUNTY, ask_at, at, define, shanghai
from youthvoice.domain.identity import Role
from youthvoice.domain.people import AuthorKind, desk_name


def _readers(stack: Stack) -> dict[str, Caller]:
    return {
        "anonymous": anonymous(stack),
        "young person": as_user(stack, "u-curious-reader", Role.YOUTH),
    }


def _assert_hidden(replies: dict[str, Reply], user_ids: Iterable[str]) -> None:
    for reader, reply in replies.items():
        text = json.dumps(reply.body, ensure_ascii=False)
        for user_id in user_ids:
            assert user_id not in text, (reader, user_id, reply.status)


def _answered(stack: Stack, answerer: Caller, asker_id: str) -> None:
    asker = as_user(stack, asker_id, Role.YOUTH)
    asked = asker.post(
        "/questions",
        {"title": "实习合同要注意什么", "body": "第一次签实习合同", "topic": "employment",
         "platform_id": COUNTY},
    )  # fmt: skip
    assert asked.status == 201, asked.body
    answered = answerer.post(f"/questions/{asked.body['id']}/answers", {"body": "看清试用期"})
    assert answered.status == 201, answered.body


def test_the_expert_board_names_people_and_shows_user_ids_to_staff_in_scope(
    bare_stack: Stack,
) -> None:
    # Given an expert and a county staff member without a profile, each with an official answer
    expert = register_expert(bare_stack, COUNTY, ["employment"])
    county_staff = "u-board-staff-9"
    _answered(bare_stack, expert_caller(bare_stack, expert), "u-board-asker-1")
    _answered(bare_stack, as_user(bare_stack, county_staff, Role.STAFF, COUNTY), "u-board-asker-2")
    bare_stack.pump.drain()
    user_ids = [expert["user_id"], county_staff, "u-board-asker-1", "u-board-asker-2"]
    path = f"/leaderboards/experts?platform_id={COUNTY}"
    # When a reader without a token, another young person and the city's staff read the board
    replies = {name: caller.get(path) for name, caller in _readers(bare_stack).items()}
    staff = as_user(bare_stack, "u-city-staff", Role.STAFF, CITY).get(path)
    # Then the readers see the expert by name and expert id, the staff member as the desk
    for reply in (*replies.values(), staff):
        assert reply.status == 200, reply.body
    authors = {row["author"]["kind"]: row["author"] for row in replies["anonymous"].body["items"]}
    assert authors[AuthorKind.EXPERT]["expert_id"] == expert["id"]
    assert authors[AuthorKind.EXPERT]["name"] == expert["name"]
    assert authors[AuthorKind.STAFF]["platform_id"] == COUNTY
    assert authors[AuthorKind.STAFF]["name"].endswith("团委")
    # And no user id at all, while the staff in scope see both members'
    _assert_hidden(replies, user_ids)
    seen = {row["author"]["user_id"] for row in staff.body["items"]}
    assert seen == {expert["user_id"], county_staff}


def test_staff_show_on_every_board_as_the_desk_they_answered_for(bare_stack: Stack) -> None:
    # Given a county's staff member who answered a question of their county
    county_staff = "u-board-staff-desk"
    _answered(bare_stack, as_user(bare_stack, county_staff, Role.STAFF, COUNTY), "u-desk-asker")
    bare_stack.pump.drain()
    county = as_user(bare_stack, "u-desk-reader", Role.YOUTH).get(f"/platforms/{COUNTY}").body
    # When the county's, the city's and the province's boards are read
    for board in (COUNTY, CITY, "sx"):
        reply = anonymous(bare_stack).get(f"/leaderboards/experts?platform_id={board}")
        assert reply.status == 200, reply.body
        # Then the staff member is the county's desk on each, not the board platform's
        desks = [r["author"] for r in reply.body["items"] if r["author"]["kind"] == "staff"]
        assert {(d["platform_id"], d["name"]) for d in desks} >= {
            (COUNTY, desk_name(county["name"]))
        }, board
        assert all(d["platform_id"] != board for d in desks if board != COUNTY), board


def test_an_expert_listing_shows_user_ids_to_staff_in_scope_only(bare_stack: Stack) -> None:
    # Given an expert on a county
    expert = register_expert(bare_stack, COUNTY, ["rights"])
    paths = [f"/experts?platform_id={COUNTY}", f"/experts?platform_id={COUNTY}&topic=rights"]
    for path in paths:
        # When a reader without a token, another young person and the city's staff list experts
        replies = {name: caller.get(path) for name, caller in _readers(bare_stack).items()}
        staff = as_user(bare_stack, "u-city-staff", Role.STAFF, CITY).get(path)
        # Then the reader is refused, the young person sees the expert's id but no user id
        assert replies["anonymous"].status == 401
        listed = {row["id"]: row for row in replies["young person"].body["items"]}
        assert listed[expert["id"]]["user_id"] is None, path
        _assert_hidden(replies, [expert["user_id"]])
        # And the staff in scope see it
        assert {row["id"]: row["user_id"] for row in staff.body["items"]}[expert["id"]] == (
            expert["user_id"]
        )
    # And the expert themself sees their own
    own = expert_caller(bare_stack, expert).get(paths[0]).body["items"]
    assert {row["id"]: row["user_id"] for row in own}[expert["id"]] == expert["user_id"]


def test_a_season_report_names_its_top_experts(bare_stack: Stack) -> None:
    # Given a season on the city with an expert who answered in it
    created = define(bare_stack, ["study"], "2025-12-01", "2025-12-15")
    assert created.status == 201, created.body
    expert = register_expert(bare_stack, COUNTY, ["study"])
    question = ask_at(bare_stack, shanghai(12, 2, 10))
    with at(shanghai(12, 2, 11)):
        answered = expert_caller(bare_stack, expert).post(
            f"/questions/{question['id']}/answers", {"body": "先想清楚方向"}
        )
    assert answered.status == 201, answered.body
    bare_stack.pump.drain()
    path = f"/seasons/{created.body['id']}/report"
    # When a reader without a token, another young person and the city's staff read its report
    replies = {name: caller.get(path) for name, caller in _readers(bare_stack).items()}
    staff = as_user(bare_stack, "u-city-staff", Role.STAFF, CITY).get(path)
    # Then the young person sees the expert by name and no user id; the reader is refused
    assert replies["anonymous"].status == 401
    top = replies["young person"].body["top_experts"]
    assert [(e["author"]["expert_id"], e["author"]["user_id"]) for e in top] == [
        (expert["id"], None)
    ]
    _assert_hidden(replies, [expert["user_id"]])
    # And the staff in scope see who it is
    assert [e["author"]["user_id"] for e in staff.body["top_experts"]] == [expert["user_id"]]


def test_an_alliance_shows_its_members_user_ids_to_staff_in_scope_only(
    bare_stack: Stack,
) -> None:
    # Given an alliance with a member who acts for it
    alliance = found_alliance(bare_stack, member_user_ids=["u-alliance-mentor"])
    bare_stack.pump.drain()
    home = alliance["platform_id"]
    paths = [f"/alliances/{alliance['id']}", f"/alliances?platform_id={home}"]
    for path in paths:
        # When a reader without a token, another young person and the city's staff read it
        replies = {name: caller.get(path) for name, caller in _readers(bare_stack).items()}
        staff = as_user(bare_stack, "u-city-staff", Role.STAFF, home).get(path)
        # Then the readers see the alliance but not its member's user id; the staff do
        assert {reply.status for reply in replies.values()} == {200}
        _assert_hidden(replies, ["u-alliance-mentor"])
        assert "u-alliance-mentor" in json.dumps(staff.body), path


def test_signups_are_read_by_the_alliance_and_staff_in_scope_only(bare_stack: Stack) -> None:
    # Given an activity with two young people signed up
    alliance = found_alliance(bare_stack, member_user_ids=["u-signup-mentor"])
    mentor = as_user(bare_stack, "u-signup-mentor", Role.YOUTH)
    activity = announce(mentor, alliance["id"])
    path = f"/activities/{activity['id']}/signups"
    signers = ["u-signer-1", "u-signer-2"]
    for signer in signers:
        assert as_user(bare_stack, signer, Role.YOUTH).post(path, {}).status == 201
    # When a reader without a token, another young person, the member and the staff list them
    replies = {name: caller.get(path) for name, caller in _readers(bare_stack).items()}
    staff = as_user(bare_stack, "u-city-staff", Role.STAFF, alliance["platform_id"])
    runners = [mentor.get(path), staff.get(path)]
    # Then the readers are refused without a user id; those who run the activity see them all
    assert [reply.status for reply in replies.values()] == [401, 403]
    _assert_hidden(replies, [*signers, "u-signup-mentor"])
    for reply in runners:
        assert sorted(row["user_id"] for row in reply.body["items"]) == signers


def test_an_inbox_names_no_one_else(bare_stack: Stack) -> None:
    # Given a young person's question answered by an expert
    expert = register_expert(bare_stack, COUNTY, ["employment"])
    _answered(bare_stack, expert_caller(bare_stack, expert), "u-inbox-asker")
    bare_stack.pump.drain()
    # When the asker reads their inbox
    inbox = as_user(bare_stack, "u-inbox-asker", Role.YOUTH).get("/me/notifications")
    # Then they are told of the answer, and the expert's user id is not in it
    assert inbox.status == 200, inbox.body
    assert [item["kind"] for item in inbox.body["items"]] == ["answer"]
    _assert_hidden({"asker": inbox}, [expert["user_id"]])
