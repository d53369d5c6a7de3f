"""Announcing an activity on in-memory stores: who may, which questions and season it may answer
to. Places, the waitlist, check-in and close-out: tests/integration/test_alliances.py."""

from __future__ import annotations

import pytest

from tests.unit.scenario import asked, staff, youth
from youthvoice.domain.alliances import Activity, ActivityDraft, Alliance, Unit
from youthvoice.domain.errors import Forbidden, NotFound, Unprocessable
from youthvoice.domain.identity import Principal, Role
from youthvoice.services import alliances, questions, seasons

pytestmark = pytest.mark.usefixtures("deps")
CITY, COUNTY, OTHER_CITY = "sx-04", "sx-04-11", "sx-01"
MENTOR = Principal("mentor-1", Role.YOUTH)


def found(member: Principal = MENTOR) -> Alliance:
    draft = alliances.AllianceDraft(
        name="就业创业服务联盟",
        platform_id=CITY,
        topics=("employment",),
        members=(),
        member_user_ids=(member.sub,),
    )
    return alliances.create_alliance(staff(CITY), draft)


def announce(
    by: Principal, alliance: Alliance, *question_ids: str, season_id: str | None = None
) -> Activity:
    draft = ActivityDraft(
        alliance_id=alliance.id,
        title="就业讲座",
        description="",
        location="长治学院礼堂",
        starts_at="2025-11-20T01:00:00Z",
        ends_at="2025-11-20T03:00:00Z",
        signup_opens_at="2025-11-17T01:00:00Z",
        signup_closes_at="2025-11-19T01:00:00Z",
        capacity=30,
        unit=Unit.PERSON,
        reserved=0,
        season_id=season_id,
        source_question_ids=question_ids,
    )
    return alliances.create_activity(by, draft)


def test_a_member_announces_for_their_own_alliance_only() -> None:
    # Given two alliances on the same city, each with its own member
    ours = found()
    theirs = found(Principal("mentor-2", Role.YOUTH))
    # When our member announces an activity for the other alliance
    with pytest.raises(Forbidden) as refused:
        announce(MENTOR, theirs)
    # Then it is refused, and so is a young person who is no member of either
    assert "alliance's members" in refused.value.message
    with pytest.raises(Forbidden):
        announce(youth("young-1"), ours)


def test_unknown_hidden_withdrawn_and_outside_questions_are_one_same_404() -> None:
    # Given an alliance on the city, and questions: one of another city, one held by the word
    # screen in its county, one withdrawn by its asker
    alliance = found()
    elsewhere = asked(youth("asker-1"), OTHER_CITY)
    held = asked(youth("asker-2"), COUNTY, body="兼职日结的工作靠谱吗？加微信详聊")
    asker = youth("asker-3")
    withdrawn = asked(asker, COUNTY)
    questions.withdraw(asker, withdrawn.id)
    # When its member links each, and an id no question has
    refusals = {}
    for question_id in (elsewhere.id, held.id, withdrawn.id, "01JNOQUESTIONHASTHISID0000"):
        with pytest.raises(NotFound) as refused:
            announce(MENTOR, alliance, question_id)
        refusals[question_id] = refused.value.message.replace(question_id, "<id>")
    # Then every one is a 404 with the very same message, so none tells that a question exists
    assert len(set(refusals.values())) == 1, refusals
    # And staff of the city, who may read the held one, are refused the same way
    with pytest.raises(NotFound):
        announce(staff(CITY), alliance, held.id)


def test_a_season_of_another_city_is_refused() -> None:
    # Given an alliance on the city, and a season defined by another city
    alliance = found()
    draft = seasons.SeasonDraft(
        name="就业创业季",
        topics=("employment",),
        platform_id=OTHER_CITY,
        starts_at="2025-11-17T00:00:00Z",
        ends_at="2025-12-17T00:00:00Z",
        description="",
        sla_hours=None,
    )
    season = seasons.create(staff(OTHER_CITY), draft)
    # When its member attaches an activity to that season
    with pytest.raises(Unprocessable) as refused:
        announce(MENTOR, alliance, season_id=season.id)
    # Then it is refused: the season does not cover the alliance's platform
    assert refused.value.code == "season_out_of_scope"
