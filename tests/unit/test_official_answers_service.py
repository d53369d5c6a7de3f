"""Who may answer officially, once per round, with edits and not with self-likes, on in-memory
stores. Points, figures and the duty desk's notices: tests/integration/test_official_answers.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from tests.unit.fakes import FakeClock
from tests.unit.scenario import ADMIN, as_expert, asked, expert_on, youth
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import Conflict, Forbidden
from youthvoice.domain.escalation import desk
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.questions import Status
from youthvoice.domain.timestamps import parse_iso
from youthvoice.services import cases, experts, questions

pytestmark = pytest.mark.usefixtures("deps")
COUNTY, CITY, OTHER_CITY = "sx-04-11", "sx-04", "sx-01"


def never_registered() -> Principal:
    return Principal("self-made-expert", Role.EXPERT, COUNTY)


def paused() -> Principal:
    expert = expert_on(COUNTY, "employment")
    experts.update(ADMIN, expert.id, "paused", None)
    return as_expert(expert)


def registered_elsewhere() -> Principal:
    return as_expert(expert_on(OTHER_CITY, "health"))


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        pytest.param(never_registered, "you have no expert profile", id="never registered"),
        pytest.param(paused, "your expert profile is paused", id="paused"),
        pytest.param(
            registered_elsewhere,
            "neither invited to this question nor registered for topic employment",
            id="elsewhere",
        ),
    ],
)
def test_an_expert_token_alone_does_not_answer_officially(
    who: Callable[[], Principal], reason: str
) -> None:
    # Given a question, and an expert-role user who is not an eligible expert for it
    question = asked(youth("asker"), COUNTY)
    author = who()
    # When they answer, Then it is refused with the reason, and the question still waits
    with pytest.raises(Forbidden) as refused:
        questions.answer(author, question.id, "可以先去人社局咨询。", None)
    assert reason in refused.value.message
    assert cases.read(question.id).question.status is Status.OPEN


def test_experts_of_the_topic_on_the_lineage_answer_officially_once_per_round() -> None:
    # Given an expert of the city for the topic (not invited: the county has its own expert)
    expert_on(COUNTY, "employment")
    city_expert = as_expert(expert_on(CITY, "employment"))
    asker = youth("asker-rounds")
    question = asked(asker, COUNTY)
    # When they answer twice in a row
    first = questions.answer(city_expert, question.id, "可以先去人社局咨询。", None).answer
    with pytest.raises(Conflict) as second:
        questions.answer(city_expert, question.id, "再补充", None)
    # Then the first is official and the second a conflict that points to editing
    assert (first.official, first.round) == (True, 1)
    assert "edit that answer" in second.value.message
    # And after a low rating reopens the question, the next round takes a new answer
    questions.rate(asker, question.id, 1, "")
    again = questions.answer(city_expert, question.id, "第二轮的回答", None).answer
    assert again.round == 2


def test_the_author_edits_within_a_day_and_the_edit_is_on_the_timeline(clock: FakeClock) -> None:
    # Given an official answer posted now
    expert = as_expert(expert_on(COUNTY, "rights"))
    question = asked(youth("asker-edit"), COUNTY, topic="rights")
    posted = questions.answer(expert, question.id, "可以先去人社局咨询。", None).answer
    # When the author edits it, someone else tries, and the author tries again after 24 hours
    edited = questions.edit_answer(expert, posted.id, "更正：先带上劳动合同。")
    with pytest.raises(Forbidden):
        questions.edit_answer(youth("not-the-author"), posted.id, "改一下")
    clock.moment = parse_iso(posted.created_at) + dt.timedelta(hours=24, seconds=1)
    with pytest.raises(Conflict):
        questions.edit_answer(expert, posted.id, "再改一次")
    # Then only the timely edit by the author lands, and staff see it on the timeline
    assert (edited.body, edited.edited_at) == ("更正：先带上劳动合同。", posted.created_at)
    timeline = cases.read(question.id).events
    assert [e.detail for e in timeline if e.kind == "answer_edited"] == [posted.id]


def test_an_expert_cannot_like_their_own_answer() -> None:
    # Given an expert's answer
    expert = as_expert(expert_on(COUNTY, "mental-health"))
    question = asked(youth("asker-like"), COUNTY, topic="mental-health")
    posted = questions.answer(expert, question.id, "可以先去人社局咨询。", None).answer
    # When the author likes it, Then it is refused and the count stays 0
    with pytest.raises(Forbidden):
        questions.like(expert, posted.id)
    assert cases.read(question.id).answers[0].likes == 0


def test_rating_loops_reopen_at_most_twice_and_the_last_low_rating_goes_to_the_desk() -> None:
    # Given an answered question
    expert = as_expert(expert_on("sx-04-10", "employment"))
    asker = youth("asker-farm")
    question = asked(asker, "sx-04-10")
    # When the asker accepts and rates 1, three times over (the expert answering each round)
    statuses = []
    for round_number in range(3):
        posted = questions.answer(expert, question.id, f"第{round_number}轮", None).answer
        questions.accept(asker, question.id, posted.id)
        statuses.append(questions.rate(asker, question.id, 1, "").status)
    # Then it reopened twice, and the third low rating stayed resolved and went to the duty desk
    assert statuses == [Status.REOPENED, Status.REOPENED, Status.RESOLVED]
    (low,) = [e for e in cases.read(question.id).events if e.kind == "low_rating"]
    assert low.recipients == (desk("sx-04-10"),)


def test_only_the_currently_accepted_answer_is_flagged_accepted() -> None:
    # Given a question whose asker accepts an answer, then reopens it with a low rating
    expert = as_expert(expert_on("sx-04-09", "employment"))
    asker = youth("asker-reaccepts")
    question = asked(asker, "sx-04-09")
    first = questions.answer(expert, question.id, "第一轮", None).answer
    questions.accept(asker, question.id, first.id)
    questions.rate(asker, question.id, 1, "")
    # Then the reopen takes the acceptance back
    assert [a.accepted for a in cases.read(question.id).answers] == [False]
    # When the expert answers the next round, the asker accepts that answer and rates it 5
    second = questions.answer(expert, question.id, "第二轮", None).answer
    questions.accept(asker, question.id, second.id)
    questions.rate(asker, question.id, 5, "")
    # Then only the answer accepted now holds the flag, and both official answers are well rated
    answers = {a.id: a for a in cases.read(question.id).answers}
    assert (answers[first.id].accepted, answers[second.id].accepted) == (False, True)
    assert answers[first.id].well_rated and answers[second.id].well_rated


def test_a_change_writes_each_answer_once_and_corrects_a_stale_acceptance() -> None:
    # Given a case kept before the rule: its first answer still flagged after another was accepted
    expert = as_expert(expert_on("sx-04-08", "employment"))
    asker = youth("asker-stale")
    question = asked(asker, "sx-04-08")
    first = questions.answer(expert, question.id, "第一轮", None).answer
    view = cases.read(question.id)
    stale = dataclasses.replace(first, accepted=True)
    second = dataclasses.replace(first, id="second", accepted=True)
    case = Case(
        dataclasses.replace(
            view,
            question=dataclasses.replace(view.question, accepted_answer_id="second"),
            answers=[stale, second],
        ),
        view.question.created_at,
    )
    # When a use case changes both answers (a rating of 5 credits them)
    case.changed_answers.extend(dataclasses.replace(a, well_rated=True) for a in (stale, second))
    # Then each is written once, well rated, and only the accepted one keeps the flag
    assert [(a.id, a.accepted, a.well_rated) for a in case.answers_to_write()] == [
        (first.id, False, True),
        ("second", True, True),
    ]
