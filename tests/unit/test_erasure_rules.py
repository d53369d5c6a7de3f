"""What erasure changes in one question's case: the person's id, nothing else."""

from __future__ import annotations

from youthvoice.domain.case_records import EventKind, TimelineEvent
from youthvoice.domain.cases import Case
from youthvoice.domain.erasure import erase
from youthvoice.domain.people import ERASED_USER, AuthorKind
from youthvoice.domain.questions import Answer, Question, QuestionView, Status

AT = "2026-12-01T08:00:00Z"
ME, OTHER, EXPERT = "u-me", "u-other", "u-expert"


def case_of(
    asker: str, answers: list[Answer], events: list[TimelineEvent], flaggers: set[str]
) -> Case:
    question = Question(
        "q1", asker, False, "第一份工作怎么找", "想听听经验", "employment", "sx-04",
        ("sx-04", "sx"), (), Status.ANSWERED, AT, AT, (),
    )  # fmt: skip
    return Case(QuestionView(question, answers, [], frozenset(flaggers), [], events, None), AT)


def answer(answer_id: str, author: str, asker: str, official: bool) -> Answer:
    kind, name, ref = (
        (AuthorKind.EXPERT, "周老师", "e1") if official else (AuthorKind.YOUNG_PERSON, "", None)
    )
    return Answer(
        answer_id, "q1", author, official, "先问清合同", AT, asker=asker,
        author_kind=kind, author_name=name, author_ref=ref,
    )  # fmt: skip


def test_on_my_question_my_id_leaves_the_question_its_answers_and_its_timeline() -> None:
    # Given my question with an expert's answer, an event I caused and one that told me
    by_expert = answer("a1", EXPERT, ME, official=True)
    mine = TimelineEvent("e1", "q1", AT, EventKind.WITHDRAWN, ME, recipients=(EXPERT,))
    told = TimelineEvent("e2", "q1", AT, EventKind.CLOSED, "staff-1", recipients=(ME, EXPERT))
    case = case_of(ME, [by_expert], [mine, told], set())
    # When I am erased from it
    erase(case, ME)
    # Then the question and the expert's answer name nobody, the expert's authorship stays
    assert case.question.asker == ERASED_USER
    assert [(a.id, a.author, a.asker, a.author_name) for a in case.changed_answers] == [
        ("a1", EXPERT, ERASED_USER, "周老师")
    ]
    # And the events keep what happened but not me
    assert [(e.id, e.actor, e.recipients) for e in case.renamed_events] == [
        ("e1", ERASED_USER, (EXPERT,)),
        ("e2", "staff-1", (EXPERT,)),
    ]
    assert case.forgotten_flag is None


def test_on_anothers_question_only_my_answer_and_my_flag_change() -> None:
    # Given another's question with my peer answer, another peer answer and my flag on it
    case = case_of(
        OTHER, [answer("a1", ME, OTHER, False), answer("a2", "u-x", OTHER, False)], [], {ME}
    )
    # When I am erased from it
    erase(case, ME)
    # Then the question is untouched, my answer is nobody's, and my flag is taken back
    assert case.question == case.view.question
    assert [(a.id, a.author, a.asker, a.author_ref) for a in case.changed_answers] == [
        ("a1", ERASED_USER, OTHER, None)
    ]
    assert (case.renamed_events, case.forgotten_flag) == ([], ME)


def test_a_case_without_me_is_left_unchanged() -> None:
    # Given a question I never touched
    case = case_of(OTHER, [answer("a1", EXPERT, OTHER, True)], [], {"u-x"})
    # When I am erased
    erase(case, ME)
    # Then nothing is to be written
    assert not case.changed
