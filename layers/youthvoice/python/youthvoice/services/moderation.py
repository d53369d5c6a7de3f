"""The review queue: held questions and answers, approved or removed by staff in scope."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from youthvoice.config import get_settings
from youthvoice.data.pages import TABLE_KEYS
from youthvoice.data.platforms import Page
from youthvoice.data.projections import ListRepository
from youthvoice.domain import projection_keys
from youthvoice.domain import questions as rules
from youthvoice.domain.access import require_supervisor
from youthvoice.domain.errors import Forbidden, NotFound
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import page_request
from youthvoice.domain.projection import ListEntry
from youthvoice.domain.questions import ANSWERED_STATE, Answer, QuestionView, Visibility
from youthvoice.domain.routing import INVITATIONS
from youthvoice.services import questions
from youthvoice.services.runtime import now, reference


class Action(StrEnum):
    APPROVE = "approve"
    REMOVE = "remove"


def queue(
    principal: Principal, platform_id: str | None, limit: str | None, cursor: str | None
) -> Page[ListEntry]:
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise Forbidden("only staff review the moderation queue")
    default = principal.platform if principal.role is Role.STAFF else None
    platform = reference().platform(platform_id or default or get_settings().root_platform)
    require_supervisor(principal, platform.lineage, "review this platform's queue")
    key = projection_keys.moderation_queue(platform.id)
    lists = ListRepository()
    page = page_request(limit, cursor, TABLE_KEYS, {"pk": lists.partition(key)})
    return lists.page(key, page, None)


def decide(principal: Principal, item_id: str, action: Action) -> str:
    """Returns the item's new visibility. Approval lets a question be routed, an answer count."""
    view = questions.repository().view(item_id)
    if view is not None:
        return _decide_question(principal, view, action)
    found = questions.repository().find_answer(item_id)
    if found is None:
        raise NotFound(f"no question or answer {item_id}")
    require_supervisor(principal, found.lineage, "moderate this answer")
    if action is Action.REMOVE:
        questions.repository().set_answer_visibility(
            found.answer.question_id, item_id, str(Visibility.REMOVED)
        )
        return str(Visibility.REMOVED)
    return _approve_answer(found.answer)


def _decide_question(principal: Principal, view: QuestionView, action: Action) -> str:
    question = view.question
    require_supervisor(principal, question.lineage, "moderate this question")
    if action is Action.REMOVE:
        removed = dataclasses.replace(question, visibility=Visibility.REMOVED)
        questions.save(view, removed, rules.iso(now()))
        return str(Visibility.REMOVED)
    approved = dataclasses.replace(question, visibility=Visibility.VISIBLE)
    invited = []
    if approved.awaiting_response and not approved.assignees:
        invited = questions.route(approved, (), INVITATIONS)
        approved = dataclasses.replace(approved, assignees=tuple(c.expert_id for c in invited))
    questions.save(view, approved, rules.iso(now()), invited=invited)
    return str(Visibility.VISIBLE)


def _approve_answer(answer: Answer) -> str:
    view = questions.repository().view(answer.question_id)
    if view is None:
        raise NotFound(f"question {answer.question_id} does not exist")
    question = view.question
    invitation = questions.open_invitation(view, answer.author) if answer.official else None
    shown = dataclasses.replace(answer, visibility=Visibility.VISIBLE)
    counted, stamped = rules.record_answer(question, shown, invitation)
    closed = [dataclasses.replace(invitation, state=ANSWERED_STATE)] if invitation else []
    questions.save(view, counted, rules.iso(now()), closed=closed, answers=[stamped])
    return str(Visibility.VISIBLE)
