"""Erasure (`DELETE /me`): what becomes of a person's traces in one question's case.

What they wrote stays, anonymised: questions keep their place in the figures, the feeds and the
supervision that answers them, and others' answers keep their context. Their user id leaves every
item of the case for `ERASED_USER`, so nothing links the texts to them or to each other. Their
flag on the question is taken back; the count it raised stays, as every published figure does.
"""

from __future__ import annotations

import dataclasses

from youthvoice.domain.cases import Case
from youthvoice.domain.people import ERASED_USER, AuthorKind
from youthvoice.domain.questions import Answer


def _anonymised(answer: Answer, user_id: str) -> Answer:
    if answer.author != user_id:
        return dataclasses.replace(answer, asker=ERASED_USER)
    return dataclasses.replace(
        answer,
        author=ERASED_USER,
        author_kind=AuthorKind.YOUNG_PERSON,
        author_name="",
        author_ref=None,
        asker=ERASED_USER if answer.asker == user_id else answer.asker,
    )


def erase(case: Case, user_id: str) -> None:
    """Record on the case every change that takes `user_id` out of it; none if it holds none."""
    question = case.question
    asked = question.asker == user_id
    if asked:
        case.question = dataclasses.replace(question, asker=ERASED_USER)
    case.changed_answers += [
        _anonymised(answer, user_id)
        for answer in case.view.answers
        if answer.author == user_id or (asked and answer.asker == user_id)
    ]
    case.renamed_events += [
        dataclasses.replace(
            event,
            actor=ERASED_USER if event.actor == user_id else event.actor,
            recipients=tuple(r for r in event.recipients if r != user_id),
        )
        for event in case.view.events
        if event.actor == user_id or user_id in event.recipients
    ]
    if user_id in case.view.flaggers:
        case.forgotten_flag = user_id
