"""A person's rights over what the service holds about them (PIPL): a copy, and erasure."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain import erasure
from youthvoice.domain.alliances import Signup
from youthvoice.domain.errors import Conflict, Forbidden
from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import every
from youthvoice.domain.projection import Notification
from youthvoice.domain.questions import Answer, GivenFlag, Like, Question, QuestionView, Rating
from youthvoice.domain.quotas import Action
from youthvoice.domain.timestamps import iso
from youthvoice.services import (
    alliances,
    audit,
    cases,
    experts,
    notifications,
    people,
    questions,
    quotas,
)


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


def _asked(principal: Principal) -> list[QuestionView]:
    """My questions, each read whole (one Query per question) for the rating I gave it: only
    an asker rates, and a rating is kept in its question's partition."""
    listed = every(lambda page: questions.asked_by_me(principal, page))
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
        answers=list(every(lambda page: questions.answered_by_me(principal, page))),
        likes=list(every(lambda page: questions.liked_by_me(principal, page))),
        flags=list(every(lambda page: questions.flagged_by_me(principal, page))),
        signups=list(every(lambda page: alliances.my_signups(principal, page))),
        notifications=list(every(lambda page: notifications.inbox(principal, False, page).page)),
        expert=profiles[0] if profiles else None,
    )


class Accounts(Protocol):
    def close(self, user_id: str) -> bool:
        """Deletes the person's account at the identity provider; False when none is reachable."""


@dataclass(frozen=True)
class Erasure:
    """The receipt of an erasure: its id is the only name the audit trail keeps for the person."""

    id: str
    at: str
    questions: int  # asked, now anonymised
    answers: int  # written, now anonymised
    flags: int
    likes: int
    signups_withdrawn: int
    signups_forgotten: int
    alliances: int  # whose member list named them
    notifications: int
    account_closed: bool


def _refuse_accounts_others_manage(principal: Principal) -> None:
    if principal.role in (Role.STAFF, Role.ADMIN):
        raise Forbidden(
            "staff and admin accounts are closed by an administrator of the identity provider: "
            "their acts stay in the audit trail for as long as the law asks"
        )
    if principal.role is Role.EXPERT or experts.of_user(principal.sub).items:
        raise Conflict(
            "an expert profile is retired by staff of its platform before its account is erased",
            code="expert_profile_active",
        )


def erase(principal: Principal) -> Erasure:
    """Takes the person out of everything the service keeps, as docs/operations.md states.

    Each question's case changes in its own transaction and each list is read from its start
    again, so an erasure cut short is finished by the next `DELETE /me` without repeating any
    step that had happened: anonymised items have left the lists that named the person."""
    _refuse_accounts_others_manage(principal)
    quotas.spend(principal, Action.ERASE_ME)
    user = principal.sub
    asked = [q.id for q in every(lambda page: questions.asked_by_me(principal, page))]
    answered = [
        a.question_id for a in every(lambda page: questions.answered_by_me(principal, page))
    ]
    flagged = [f.question_id for f in every(lambda page: questions.flagged_by_me(principal, page))]
    for question_id in dict.fromkeys([*asked, *answered, *flagged]):
        cases.change(question_id, lambda case: erasure.erase(case, user))
    liked = list(every(lambda page: questions.liked_by_me(principal, page)))
    for like in liked:
        questions.repository().forget_like(like.answer_id, user)
    signups = alliances.erase_signups(user)
    left = alliances.leave_alliances(user)
    deleted = dependencies().stores.inboxes.erase(user)
    dependencies().stores.profiles.forget(user)
    closed = dependencies().stores.accounts.close(user)
    moment = now()
    receipt = Erasure(
        id=str(ULID.from_datetime(moment)),
        at=iso(moment),
        questions=len(asked),
        answers=len(answered),
        flags=len(flagged),
        likes=len(liked),
        signups_withdrawn=signups.withdrawn,
        signups_forgotten=signups.forgotten,
        alliances=left,
        notifications=deleted,
        account_closed=closed,
    )
    erased = dataclasses.replace(principal, sub=f"erased:{receipt.id}")
    with audit.recorded(erased, "person.erased", "person", receipt.id, [settings().root_platform]):
        pass
    return receipt
