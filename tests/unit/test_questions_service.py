"""The question lifecycle's rules, on in-memory stores: routing, deadlines, answers, acceptance,
ratings, the word screen and flags. Over HTTP and DynamoDB: tests/integration/test_questions.py."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from tests.unit.fakes import FakeClock
from tests.unit.scenario import as_expert, asked, expert_on, staff, youth
from youthvoice.domain.errors import Conflict, Forbidden, NotFound, Unprocessable
from youthvoice.domain.identity import Principal
from youthvoice.domain.pagination import PageRequest
from youthvoice.domain.questions import AssignmentState, QuestionView, Rating, Status, Visibility
from youthvoice.services import moderation, questions

pytestmark = pytest.mark.usefixtures("deps")


def read(viewer: Principal | None, question_id: str) -> QuestionView:
    return questions.read(viewer, question_id)


def test_routing_prefers_the_nearest_platform_then_the_least_loaded() -> None:
    # Given an expert on a county, four on its city, and one on the county for another topic
    county = expert_on("sx-02-05", "employment")
    city = sorted((expert_on("sx-02", "employment", "health") for _ in range(4)), key=str)
    other_topic = expert_on("sx-02-05", "health")
    # And three of the city's experts invited to a question from another county
    busy = asked(youth("youth-routing"), "sx-02-01")
    assert busy.assignees == tuple(e.id for e in city[:3])
    # When a question is asked on the county
    question = asked(youth("youth-routing"), "sx-02-05")
    # Then the county's expert comes first, then the city's idle one, then the least loaded
    assert question.assignees == (county.id, city[3].id, city[0].id)
    assert other_topic.id not in question.assignees


def test_the_asker_is_never_invited() -> None:
    # Given two experts on a county, When one of them asks there
    asker, other = (expert_on("sx-02-06", "rights") for _ in range(2))
    question = asked(as_expert(asker), "sx-02-06", topic="rights")
    # Then only the other is invited
    assert question.assignees == (other.id,)


def test_deadlines_follow_the_policy_for_topic_and_platform_kind() -> None:
    # Given Monday 09:00 in Shanghai, When questions are asked on a county and a university
    urgent = asked(youth("youth-sla"), "sx-02-03", topic="mental-health")
    county = asked(youth("youth-sla"), "sx-02-03", topic="employment")
    campus = asked(youth("youth-sla"), "sx-u01", topic="employment")
    # Then each is due after its policy's working hours
    assert urgent.due_at == "2025-11-17T10:00:00Z"  # 9 working hours: Monday 18:00
    assert campus.due_at == "2025-11-18T10:00:00Z"  # 18 (universities): Tuesday 18:00
    assert county.due_at == "2025-11-19T10:00:00Z"  # 27 (default): Wednesday 18:00


def test_a_deadline_in_an_unpublished_year_falls_back_and_warns(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    # Given the last working day of 2026, whose 27 working hours run into 2027 (not yet published)
    clock.moment = dt.datetime(2026, 12, 31, 1, 0, tzinfo=dt.UTC)
    # When a question is asked
    with caplog.at_level(logging.WARNING):
        question = asked(youth("youth-new-year"), "sx-01-05")
    # Then weekdays are assumed, and operators are warned
    assert question.due_at == "2027-01-04T10:00:00Z"
    assert any("no official calendar for 2027-01-01" in r.getMessage() for r in caplog.records)


def test_a_decline_passes_the_question_on_and_a_low_rating_reopens_it(
    clock: FakeClock,
) -> None:
    # Given two experts on 长治市 and a question from 沁县 to which both are invited
    first, second = sorted((expert_on("sx-04", "study") for _ in range(2)), key=str)
    asker = youth("youth-life")
    question = asked(asker, "sx-04-11", topic="study")
    assert question.assignees == (first.id, second.id)
    # When the first declines, once and then again
    declined = questions.decline(as_expert(first), question.id, "出差")
    with pytest.raises(NotFound):
        questions.decline(as_expert(first), question.id, "again")
    # And the second answers and the asker accepts
    answer = questions.answer(as_expert(second), question.id, "可以申请国家助学贷款。", None)
    answered = read(asker, question.id).question
    resolved = questions.accept(asker, question.id, answer.answer.id)
    # And rates it low a month later
    clock.moment = dt.datetime(2026, 12, 24, 8, 0, tzinfo=dt.UTC)
    reopened = questions.rate(asker, question.id, 2, "没解决")
    # Then the decline left the second alone, whose answer was official and closed the invitation
    assert declined.assignees == (second.id,)
    assert answer.answer.official
    assert (answered.status, answered.assignees) == (Status.ANSWERED, ())
    queue = questions.my_invitations(as_expert(second), PageRequest()).items
    assert [(a.question_id, a.state) for a in queue] == [(question.id, AssignmentState.ANSWERED)]
    assert resolved.status is Status.RESOLVED
    # And the low rating reopened it on a new clock: 16:00 in Shanghai on Thursday 24 December,
    # 2 h that day, 9 h Friday, 9 h Monday, 7 h Tuesday
    assert reopened.status is Status.REOPENED
    assert reopened.due_at == "2026-12-29T08:00:00Z"
    assert reopened.accepted_answer_id is None
    # And a second rating must wait for another answer
    with pytest.raises(Conflict):
        questions.rate(asker, question.id, 5, "")
    # And only the asker sees their rating
    assert read(asker, question.id).rating == Rating(2, "没解决")
    assert read(as_expert(second), question.id).rating is None


def test_a_good_rating_keeps_the_question_answered() -> None:
    # Given a question, which may not be rated before an answer
    expert = expert_on("sx-04-02", "study")
    asker = youth("youth-happy")
    question = asked(asker, "sx-04-02", topic="study")
    with pytest.raises(Conflict):
        questions.rate(asker, question.id, 5, "")
    # When it is answered and rated well
    questions.answer(as_expert(expert), question.id, "好的建议", None)
    rated = questions.rate(asker, question.id, 5, "谢谢")
    # Then it stays answered, and cannot be rated again in the same round
    assert rated.status is Status.ANSWERED
    with pytest.raises(Conflict):
        questions.rate(asker, question.id, 4, "")


def test_peer_answers_do_not_stop_the_clock_and_askers_do_not_answer_themselves() -> None:
    # Given a question
    asker = youth("youth-peer-asker")
    question = asked(asker, "sx-05-01")
    # When another young person answers it
    peer = questions.answer(youth("youth-peer"), question.id, "我去年也遇到过", None)
    # Then the answer is not official and the question still awaits one
    assert not peer.answer.official
    assert read(asker, question.id).question.status is Status.OPEN
    # And the asker may not answer their own question
    with pytest.raises(Forbidden):
        questions.answer(asker, question.id, "自问自答", None)


def test_hard_words_are_refused_and_soft_words_held_until_approved() -> None:
    # Given an expert on the city
    asker = youth("youth-mod")
    expert = expert_on("sx-07", "employment")
    # When a question holds a hard word, it is refused naming the category
    with pytest.raises(Unprocessable) as refused:
        asked(asker, "sx-07-01", body="有没有靠谱的赌博网站推荐")
    assert (refused.value.code, refused.value.message) == (
        "content_blocked",
        "content not allowed: gambling",
    )
    # When one holds a soft word, it is held, nobody is invited and only the asker reads it
    held = asked(asker, "sx-07-01", body="兼职日结的工作靠谱吗？加微信详聊")
    assert (held.visibility, held.assignees) == (Visibility.HELD, ())
    with pytest.raises(NotFound):
        read(youth("youth-other"), held.id)
    assert read(asker, held.id).question.id == held.id
    # And once staff approve it, it is visible and routed
    assert moderation.decide(staff("sx-07"), held.id, moderation.Action.APPROVE) == "visible"
    assert read(youth("youth-other"), held.id).question.assignees == (expert.id,)


def test_a_held_answer_counts_only_once_approved() -> None:
    # Given a question and its expert's answer holding a soft word
    expert = expert_on("sx-07-02", "health")
    asker = youth("youth-mod2")
    question = asked(asker, "sx-07-02", topic="health")
    held = questions.answer(as_expert(expert), question.id, "需要的话加微信联系我", None).answer
    # Then the answer is held and the question still open
    assert held.visibility is Visibility.HELD
    assert read(asker, question.id).question.status is Status.OPEN
    # When staff approve it, Then the question is answered by it
    moderation.decide(staff("sx-07"), held.id, moderation.Action.APPROVE)
    approved = read(asker, question.id)
    assert approved.question.status is Status.ANSWERED
    assert [a.id for a in approved.answers] == [held.id]


def test_three_flags_from_different_users_hide_a_question() -> None:
    # Given a question and three young people
    question = asked(youth("youth-flagged"), "sx-08-01")
    flaggers = [youth(f"youth-flagger-{n}") for n in range(3)]
    # When the first flags it twice, the second is refused
    questions.flag(flaggers[0], question.id, "广告")
    with pytest.raises(Conflict):
        questions.flag(flaggers[0], question.id, "广告")
    # And two more flags hide it: after the second it is visible, after the third held
    assert questions.flag(flaggers[1], question.id, "广告").visibility is Visibility.VISIBLE
    assert questions.flag(flaggers[2], question.id, "广告").visibility is Visibility.HELD
    # Then passers-by no longer read it; staff of its platform do
    with pytest.raises(NotFound):
        read(youth("youth-passerby"), question.id)
    assert read(staff("sx-08"), question.id).question.flag_count == 3


def test_flags_on_an_answered_question_put_it_under_review_without_hiding_it() -> None:
    # Given a question answered by its expert
    expert = expert_on("sx-04-03", "health")
    question = asked(youth("youth-answered"), "sx-04-03", topic="health")
    questions.answer(as_expert(expert), question.id, "多休息", None)
    # When three different users flag it
    flagged = [questions.flag(youth(f"youth-reporter-{n}"), question.id, "广告") for n in range(3)]
    # Then it stays visible to everyone, with its answer, and awaits staff review
    assert [q.visibility for q in flagged] == [Visibility.VISIBLE] * 3
    assert flagged[-1].under_review
    assert len(read(youth("youth-reader"), question.id).answers) == 1
