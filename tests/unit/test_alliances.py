"""The alliance rules, pure: who acts for an alliance, which questions its activities may answer,
and which seasons may count them."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from youthvoice.domain.alliances import (
    Alliance,
    may_act_for,
    may_link,
    require_linkable,
    require_season_over,
)
from youthvoice.domain.errors import NotFound, Unprocessable
from youthvoice.domain.escalation import withdraw
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.questions import Question, Status, Visibility
from youthvoice.domain.seasons import Season

COUNTY_LINEAGE = ("sx-04-11", "sx-04", "sx")
CITY_LINEAGE = ("sx-04", "sx")
OTHER_CITY_LINEAGE = ("sx-01", "sx")


def alliance_on(lineage: tuple[str, ...], members: tuple[str, ...] = ("mentor-1",)) -> Alliance:
    return Alliance(
        id="alliance-1",
        name="就业创业服务联盟",
        platform_id=lineage[0],
        lineage=lineage,
        topics=("employment",),
        members=(),
        member_user_ids=members,
        created_by="league-4",
        created_at="2025-11-01T00:00:00Z",
    )


def question_on(lineage: tuple[str, ...], **changes: Any) -> Question:
    question = Question(
        id="q-1",
        asker="asker-1",
        anonymous=False,
        title="毕业后去哪里找工作",
        body="想了解招聘渠道",
        topic="employment",
        platform_id=lineage[0],
        lineage=lineage,
        tags=(),
        status=Status.OPEN,
        created_at="2025-11-17T01:00:00Z",
        due_at="2025-11-19T01:00:00Z",
        assignees=(),
    )
    return dataclasses.replace(question, **changes)


def season_on(lineage: tuple[str, ...]) -> Season:
    return Season(
        id="season-1",
        name="就业创业季",
        topics=("employment",),
        platform_id=lineage[0],
        lineage=lineage,
        starts_at="2025-11-01T00:00:00Z",
        ends_at="2025-12-01T00:00:00Z",
        description="",
        created_by="league-4",
        created_at="2025-10-30T00:00:00Z",
    )


def test_a_member_acts_for_their_own_alliance_only() -> None:
    # Given an alliance on the city listing mentor-1, and another listing mentor-2
    ours = alliance_on(CITY_LINEAGE)
    theirs = alliance_on(CITY_LINEAGE, members=("mentor-2",))
    mentor = Principal("mentor-1", Role.YOUTH)
    # Then the member acts for their alliance and not for the other, on the same platform
    assert may_act_for(mentor, ours)
    assert not may_act_for(mentor, theirs)


@pytest.mark.parametrize(
    ("principal", "acts"),
    [
        (Principal("league-4", Role.STAFF, "sx-04"), True),
        (Principal("league-0", Role.STAFF, "sx"), True),
        (Principal("admin-1", Role.ADMIN), True),
        (Principal("league-1", Role.STAFF, "sx-01"), False),
        (Principal("county-11", Role.STAFF, "sx-04-11"), False),
        (Principal("expert-4", Role.EXPERT, "sx-04"), False),
        (Principal("young-1", Role.YOUTH), False),
    ],
)
def test_staff_act_for_alliances_of_their_subtree_only(principal: Principal, acts: bool) -> None:
    # Given an alliance on the city whose only member is mentor-1
    alliance = alliance_on(CITY_LINEAGE)
    # Then staff of the city or above and admins act for it; staff below, elsewhere, or others not
    assert may_act_for(principal, alliance) is acts


def test_a_visible_question_of_the_alliances_subtree_may_be_linked() -> None:
    # Given an alliance on the city
    # Then a visible question of one of its counties, or of the city itself, may be linked
    assert may_link("sx-04", question_on(COUNTY_LINEAGE))
    assert may_link("sx-04", question_on(CITY_LINEAGE))
    # And an answered or resolved one too: an activity may follow an answer
    assert may_link("sx-04", question_on(COUNTY_LINEAGE, status=Status.RESOLVED))


@pytest.mark.parametrize(
    "question",
    [
        question_on(OTHER_CITY_LINEAGE),
        question_on(("sx",)),
        question_on(COUNTY_LINEAGE, visibility=Visibility.HELD),
        question_on(COUNTY_LINEAGE, visibility=Visibility.REMOVED),
        withdraw(question_on(COUNTY_LINEAGE)),
        dataclasses.replace(withdraw(question_on(COUNTY_LINEAGE)), visibility=Visibility.VISIBLE),
    ],
    ids=["other city", "above the alliance", "held", "removed", "withdrawn", "withdrawn, shown"],
)
def test_hidden_withdrawn_or_outside_questions_may_not_be_linked(question: Question) -> None:
    # Given an alliance on the city
    # Then a question elsewhere, above it, hidden by moderation or withdrawn may not be linked
    assert not may_link("sx-04", question)


def test_an_unknown_id_and_a_hidden_question_are_refused_alike() -> None:
    # Given an alliance on the city, and a held question of its county
    alliance = alliance_on(CITY_LINEAGE)
    held = question_on(COUNTY_LINEAGE, visibility=Visibility.HELD)
    # When each is linked, and an id no question has
    with pytest.raises(NotFound) as hidden:
        require_linkable(alliance, held.id, held)
    with pytest.raises(NotFound) as unknown:
        require_linkable(alliance, held.id, None)
    # Then the two refusals are word for word the same
    assert hidden.value.message == unknown.value.message
    assert held.id in unknown.value.message
    # And a visible question passes
    require_linkable(alliance, "q-1", question_on(COUNTY_LINEAGE))


@pytest.mark.parametrize("lineage", [CITY_LINEAGE, ("sx",)], ids=["the city", "the province"])
def test_a_season_over_the_alliances_platform_may_count_its_activities(
    lineage: tuple[str, ...],
) -> None:
    # Given an alliance on the city, and a season on the city or the province
    # Then the season may take its activities
    require_season_over(alliance_on(CITY_LINEAGE), season_on(lineage))


@pytest.mark.parametrize(
    "lineage", [OTHER_CITY_LINEAGE, COUNTY_LINEAGE], ids=["another city", "a county below"]
)
def test_a_season_elsewhere_or_below_may_not(lineage: tuple[str, ...]) -> None:
    # Given an alliance on the city, and a season on another city or on one of its counties
    # When the season is given to one of its activities
    with pytest.raises(Unprocessable) as refused:
        require_season_over(alliance_on(CITY_LINEAGE), season_on(lineage))
    # Then it is refused, naming both platforms
    assert refused.value.code == "season_out_of_scope"
    assert lineage[0] in refused.value.message
    assert refused.value.message.endswith("the alliance's platform sx-04")
