"""Which answer's first lines a question shows and is searched by (no AWS)."""

from __future__ import annotations

import dataclasses

from tests.unit.test_projection import QUESTION
from youthvoice.domain.questions import ANSWER_EXCERPT, Answer, Visibility, with_answer_excerpt

FIRST = Answer("a1", QUESTION.id, "expert-1", True, "先去社保中心。", "2026-11-01T08:00:00Z")
SECOND = Answer("a2", QUESTION.id, "expert-2", True, "也可以网上办。", "2026-11-01T09:00:00Z")
PEER = Answer("a0", QUESTION.id, "youth-2", False, "我也想知道", "2026-11-01T07:00:00Z")


def test_an_edit_of_the_first_official_answer_is_shown() -> None:
    # Given a question showing its first official answer
    question = dataclasses.replace(QUESTION, answer_excerpt=FIRST.body)
    # When that answer is edited at length
    edited = dataclasses.replace(FIRST, body="改：" + "很长" * ANSWER_EXCERPT)
    shown = with_answer_excerpt(question, [PEER, FIRST, SECOND], edited)
    # Then the question shows the new text's first lines, not a peer's or a later answer's
    assert shown.answer_excerpt == edited.body[:ANSWER_EXCERPT]


def test_the_accepted_answer_is_shown_before_the_first_official_one() -> None:
    question = dataclasses.replace(QUESTION, accepted_answer_id=SECOND.id)
    edited = dataclasses.replace(SECOND, body="改：网上办")
    assert with_answer_excerpt(question, [FIRST, SECOND], edited).answer_excerpt == "改：网上办"


def test_an_approved_answer_is_shown_and_a_removed_one_no_longer() -> None:
    # Given a question whose only official answer was held
    held = dataclasses.replace(FIRST, visibility=Visibility.HELD)
    # When it is approved, and later removed
    approved = with_answer_excerpt(QUESTION, [PEER, held], FIRST)
    removed = dataclasses.replace(FIRST, visibility=Visibility.REMOVED)
    gone = with_answer_excerpt(approved, [PEER, FIRST], removed)
    # Then it is shown once approved, and nothing once removed
    assert approved.answer_excerpt == FIRST.body
    assert gone.answer_excerpt == ""
