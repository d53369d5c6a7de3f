"""Alliance members stay in their lane, through the API: their own alliance's activities only,
source questions anyone may read in the alliance's subtree, a season over its platform."""

from __future__ import annotations

from typing import Any

from tests.integration.api import Caller, Reply, anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import CITY, COUNTY, announce, found_alliance, moment
from tests.tokens import bearer
from youthvoice.domain.identity import Role

OTHER_CITY = "sx-01"
UNKNOWN_QUESTION = "01JNOQUESTIONHASTHISID0000"


def asked(stack: Stack, asker: str, platform: str, body: str = "想了解招聘渠道") -> str:
    reply = as_user(stack, asker, Role.YOUTH).post(
        "/questions",
        {"title": "毕业后怎么找工作", "body": body, "topic": "employment",
         "platform_id": platform},
    )  # fmt: skip
    assert reply.status == 201, reply.body
    question_id: str = reply.body["id"]
    return question_id


def withdrawn(stack: Stack, asker: str, question_id: str) -> None:
    assert as_user(stack, asker, Role.YOUTH).delete(f"/questions/{question_id}").status == 204


def linking(mentor: Caller, alliance: dict[str, Any], *question_ids: str, **more: Any) -> Reply:
    return mentor.post(
        "/activities",
        {"alliance_id": alliance["id"], "title": "就业讲座", "location": "长治学院礼堂",
         "starts_at": moment(48), "ends_at": moment(50), "signup_opens_at": moment(-1),
         "signup_closes_at": moment(24), "capacity": 3, "unit": "person",
         "source_question_ids": list(question_ids), **more},
    )  # fmt: skip


def season_on(stack: Stack, platform: str) -> Reply:
    return as_user(stack, f"season-staff-{platform}", Role.STAFF, platform).post(
        "/seasons",
        {"name": "就业创业季", "topics": ["employment"], "platform_id": platform,
         "starts_at": moment(-24), "ends_at": moment(24 * 30)},
    )  # fmt: skip


def test_a_member_links_no_question_of_another_city_nor_a_hidden_or_withdrawn_one(
    stack: Stack,
) -> None:
    # Given an alliance of the city whose member is mentor-1, and questions: one of another city,
    # one of its county held by the word screen, one of its county withdrawn by its asker
    alliance = found_alliance(stack)
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    elsewhere = asked(stack, "asker-1", OTHER_CITY)
    held = asked(stack, "asker-2", COUNTY, body="兼职日结的工作靠谱吗？加微信详聊")
    taken_back = asked(stack, "asker-3", COUNTY)
    withdrawn(stack, "asker-3", taken_back)
    # When the member links each of them to an activity, and an id no question has
    replies = {q: linking(mentor, alliance, q) for q in (elsewhere, held, taken_back)}
    replies[UNKNOWN_QUESTION] = linking(mentor, alliance, UNKNOWN_QUESTION)
    # Then each is a 404, and the answers are the same but for the id: the held one's existence
    # is not given away
    assert {q: r.status for q, r in replies.items()} == dict.fromkeys(replies, 404)
    bodies = {str(r.body).replace(q, "<id>") for q, r in replies.items()}
    assert len(bodies) == 1, bodies
    # And no activity was announced on the city
    stack.pump.drain()
    listed = anonymous(stack).get(f"/activities?platform_id={CITY}").body["items"]
    assert listed == []


def test_a_member_links_a_visible_question_of_the_county_to_a_season_over_the_city(
    stack: Stack,
) -> None:
    # Given an alliance of the city, a visible question of its county, and two seasons: the
    # province's and another city's
    alliance = found_alliance(stack)
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    question = asked(stack, "asker-4", COUNTY)
    seasons = {platform: season_on(stack, platform) for platform in ("sx", OTHER_CITY)}
    assert [r.status for r in seasons.values()] == [201, 201], seasons
    # When the member attaches an activity to the other city's season
    refused = linking(mentor, alliance, question, season_id=seasons[OTHER_CITY].body["id"])
    # Then it is refused: that season does not cover the alliance's platform
    assert (refused.status, refused.body["error"]["code"]) == (422, "season_out_of_scope")
    # When they attach it to the province's season, linking the county's visible question
    accepted = linking(mentor, alliance, question, season_id=seasons["sx"].body["id"])
    # Then it is announced with both
    assert accepted.status == 201, accepted.body
    assert accepted.body["source_question_ids"] == [question]
    assert accepted.body["season_id"] == seasons["sx"].body["id"]


def told(stack: Stack, asker: str) -> list[str]:
    """The questions an asker's inbox says were answered offline."""
    inbox = as_user(stack, asker, Role.YOUTH).get("/me/notifications").body["items"]
    return [n["question_id"] for n in inbox if n["kind"] == "answered_offline"]


def test_a_close_out_tells_no_asker_who_withdrew_since_the_link(stack: Stack) -> None:
    # Given a held activity linked to two visible questions of the county
    alliance = found_alliance(stack)
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    kept, taken_back = asked(stack, "asker-5", COUNTY), asked(stack, "asker-6", COUNTY)
    activity = announce(
        mentor,
        alliance["id"],
        starts_at=moment(-3),
        ends_at=moment(-2),
        signup_opens_at=moment(-5),
        signup_closes_at=moment(-2.5),
        source_question_ids=[kept, taken_back],
    )
    # And the second asker withdraws their question afterwards
    withdrawn(stack, "asker-6", taken_back)
    # When the member closes it out
    closed = mentor.post(f"/activities/{activity['id']}/close", {"summary": "讲解了招聘渠道"})
    assert closed.status == 200, closed.body
    stack.pump.drain()
    # Then the first asker is told, and the one who withdrew is not, nor is their timeline written
    assert (told(stack, "asker-5"), told(stack, "asker-6")) == ([kept], [])
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    timeline = staff.get(f"/questions/{taken_back}").body["timeline"]
    assert "answered_offline" not in [event["kind"] for event in timeline]


def test_a_member_of_one_alliance_acts_on_no_activity_of_another(stack: Stack) -> None:
    # Given two alliances of the city, mentor-1 a member of the first only, and an activity of
    # the second with a confirmed signup
    found_alliance(stack)
    theirs = found_alliance(stack, member_user_ids=["mentor-2"])
    activity = announce(as_user(stack, "mentor-2", Role.YOUTH), theirs["id"])
    signup = as_user(stack, "young-1", Role.YOUTH).post(f"/activities/{activity['id']}/signups", {})
    assert signup.status == 201, signup.body
    # When mentor-1 tries every activity route on it, and to announce for the second alliance
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    path = f"/activities/{activity['id']}"
    csv = stack.http.get(
        f"{path}/signups", headers={**bearer("mentor-1", Role.YOUTH), "Accept": "text/csv"}
    )
    statuses = {
        "announce": linking(mentor, theirs).status,
        "change": mentor.patch(path, {"capacity": 30}).status,
        "read signups": mentor.get(f"{path}/signups").status,
        "export signups": csv.status_code,
        "check in": mentor.post(f"{path}/checkins", {"code": signup.body["code"]}).status,
        "close": mentor.post(f"{path}/close", {"summary": "讲解了招聘渠道"}).status,
        "cancel": mentor.post(f"{path}/cancel").status,
    }
    # Then every one is refused, and the activity is as it was
    assert statuses == dict.fromkeys(statuses, 403)
    seen = anonymous(stack).get(path).body
    assert (seen["capacity"], seen["status"], seen["checked_in"]) == (3, "open", 0)
