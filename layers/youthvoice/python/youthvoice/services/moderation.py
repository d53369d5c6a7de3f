"""The review queue: held questions and answers, approved or removed by staff in scope."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from youthvoice.bootstrap import settings
from youthvoice.domain import projection_keys
from youthvoice.domain import questions as rules
from youthvoice.domain.access import require_supervisor
from youthvoice.domain.audit import AuditEntry
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import Forbidden, NotFound
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.projection import ListEntry
from youthvoice.domain.questions import AssignmentState, Visibility
from youthvoice.domain.routing import INVITATIONS
from youthvoice.services import audit, cases, questions
from youthvoice.services.runtime import reference


class Action(StrEnum):
    APPROVE = "approve"
    REMOVE = "remove"


def queue(principal: Principal, platform_id: str | None, page: PageRequest) -> Page[ListEntry]:
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise Forbidden("only staff review the moderation queue")
    default = principal.platform if principal.role is Role.STAFF else None
    platform = reference().platform(platform_id or default or settings().root_platform)
    require_supervisor(principal, platform.lineage, "review this platform's queue")
    return questions.lists().page(projection_keys.moderation_queue(platform.id), page, None)


def decide(principal: Principal, item_id: str, action: Action) -> str:
    """Returns the item's new visibility. Approval lets a question be routed, an answer count."""
    if cases.store().view(item_id) is not None:
        return cases.change(item_id, lambda case: _decide_question(principal, case, action))
    found = questions.repository().find_answer(item_id)
    if found is None:
        raise NotFound(f"no question or answer {item_id}")
    require_supervisor(principal, found.lineage, "moderate this answer")
    entry = audit.entry(principal, f"answer.{action}", "answer", item_id, found.lineage)
    return cases.change(
        found.answer.question_id, lambda case: _decide_answer(case, item_id, action, entry)
    )


def _decide_question(principal: Principal, case: Case, action: Action) -> str:
    question = case.question
    require_supervisor(principal, question.lineage, "moderate this question")
    case.audit = audit.entry(
        principal, f"question.{action}", "question", question.id, question.lineage
    )
    if action is Action.REMOVE:
        case.question = dataclasses.replace(
            question, visibility=Visibility.REMOVED, under_review=False
        )
        return str(Visibility.REMOVED)
    approved = dataclasses.replace(
        question, visibility=Visibility.VISIBLE, under_review=False, held_reason=None
    )
    if approved.awaiting_response and not approved.assignees:
        invited = questions.route(approved, (), INVITATIONS)
        approved = dataclasses.replace(approved, assignees=tuple(c.expert_id for c in invited))
        case.invited.extend(invited)
    case.question = approved
    return str(Visibility.VISIBLE)


def _decide_answer(case: Case, answer_id: str, action: Action, entry: AuditEntry) -> str:
    """A removed answer only disappears; an approved one counts as if it had just been given."""
    answer = next((a for a in case.view.answers if a.id == answer_id), None)
    if answer is None:
        raise NotFound(f"answer {answer_id} does not exist")
    case.audit = entry
    if action is Action.REMOVE:
        removed = dataclasses.replace(answer, visibility=Visibility.REMOVED)
        case.changed_answers.append(removed)
        case.question = rules.with_answer_excerpt(case.question, case.view.answers, removed)
        return str(Visibility.REMOVED)
    invitation = case.open_invitation(answer.author) if answer.official else None
    shown = dataclasses.replace(answer, visibility=Visibility.VISIBLE)
    case.question, stamped = rules.record_answer(case.question, shown, invitation)
    if invitation is not None:
        case.end(invitation, AssignmentState.ANSWERED, invitation.reason)
    case.changed_answers.append(stamped)
    case.question = rules.with_answer_excerpt(case.question, case.view.answers, stamped)
    return str(Visibility.VISIBLE)
