"""A person's copy of what the service holds about them (PIPL's right to a copy)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from youthvoice.domain.alliances import Signup
from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Principal
from youthvoice.domain.pagination import MAX_LIMIT, Page, PageRequest
from youthvoice.domain.projection import Notification
from youthvoice.domain.questions import Answer, GivenFlag, Like, Question, QuestionView, Rating
from youthvoice.domain.quotas import Action
from youthvoice.services import (
    alliances,
    cases,
    experts,
    notifications,
    people,
    questions,
    quotas,
)

T = TypeVar("T")


@dataclass(frozen=True)
class PersonalData:
    principal: Principal
    nickname: str | None
    questions: list[Question]
    ratings: dict[str, Rating]  # by question: the latest round's, the only one kept
    answers: list[Answer]
    likes: list[Like]
    flags: list[GivenFlag]
    signups: list[Signup]
    notifications: list[Notification]
    expert: Expert | None


def _every(read: Callable[[PageRequest], Page[T]]) -> Iterator[T]:
    """Every page of one of the caller's own lists, through the Query that serves it."""
    cursor: str | None = None
    while True:
        page = read(PageRequest(MAX_LIMIT, cursor))
        yield from page.items
        cursor = page.next_cursor
        if cursor is None:
            return


def _asked(principal: Principal) -> list[QuestionView]:
    """My questions, each read whole (one Query per question) for the rating I gave it: only
    an asker rates, and a rating is kept in its question's partition."""
    listed = _every(lambda page: questions.asked_by_me(principal, page))
    return [cases.read(question.id) for question in listed]


def export(principal: Principal) -> PersonalData:
    """Only keys that name the caller are read, so nothing of another person's can slip in.
    Not audited: it is the person's own act on their own data."""
    quotas.spend(principal, Action.EXPORT_ME)
    profiles = experts.of_user(principal.sub).items
    asked = _asked(principal)
    return PersonalData(
        principal=principal,
        nickname=people.nickname(principal),
        questions=[view.question for view in asked],
        ratings={view.question.id: view.rating for view in asked if view.rating is not None},
        answers=list(_every(lambda page: questions.answered_by_me(principal, page))),
        likes=list(_every(lambda page: questions.liked_by_me(principal, page))),
        flags=list(_every(lambda page: questions.flagged_by_me(principal, page))),
        signups=list(_every(lambda page: alliances.my_signups(principal, page))),
        notifications=list(_every(lambda page: notifications.inbox(principal, False, page).page)),
        expert=profiles[0] if profiles else None,
    )
