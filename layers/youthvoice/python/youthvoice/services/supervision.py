"""Supervision (督办): the sweep that climbs the ladder, and the staff actions on a case."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from ulid import ULID

from youthvoice.config import get_settings
from youthvoice.data.pages import TABLE_KEYS
from youthvoice.data.platforms import Page
from youthvoice.data.projections import SupervisionEntry, SupervisionRepository
from youthvoice.data.questions import StaleWrite
from youthvoice.domain import escalation
from youthvoice.domain import questions as rules
from youthvoice.domain.access import require_supervisor
from youthvoice.domain.errors import Forbidden, ValidationFailed
from youthvoice.domain.escalation import CloseReason, Level, TimelineEvent
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import page_request
from youthvoice.domain.questions import WITHDRAWN, Question, QuestionView
from youthvoice.domain.routing import INVITATIONS, Candidate
from youthvoice.services import questions
from youthvoice.services.experts import active_experts
from youthvoice.services.runtime import ladder_policies, now, reference, work_calendar

logger = logging.getLogger(__name__)
RUNGS_PER_SWEEP = len(Level)
RECORD_STATUSES = ("open", "closed")


@dataclass(frozen=True)
class Escalated:
    question_id: str
    level: int
    platform_id: str | None
    at: str


@dataclass
class SweepReport:
    as_of: str
    due: int = 0
    overdue: int = 0
    steps: list[Escalated] = field(default_factory=list)


def _expert_inboxes(view: QuestionView) -> list[str]:
    return [a.user_id for a in view.assignments if a.is_open]


def _advance(question_id: str, as_of: dt.datetime) -> list[Escalated]:
    """Climb every rung that is due. The write is conditional on the question's version, so of
    two sweeps reading the same rung one commits and the other re-reads and finds nothing due."""
    applied: list[Escalated] = []
    at = rules.iso(as_of)
    for _ in range(RUNGS_PER_SWEEP * 2):
        view = questions.repository().view(question_id)
        if view is None:
            break
        question = view.question
        ladder = ladder_policies().for_lineage(question.lineage)
        event_id = str(ULID.from_datetime(as_of))
        season = questions.season_of(question)
        duty = season.on_duty(at) if season else None
        step = escalation.escalate(
            question, _expert_inboxes(view), ladder, work_calendar(), as_of, event_id, duty
        )
        if step is None:
            break
        events = [step.event] if step.event else []
        records = [step.record] if step.record else []
        try:
            questions.save(view, step.question, at, records=records, events=events)
        except StaleWrite:
            logger.info("question %s changed during the sweep: reading it again", question_id)
            continue
        if step.event is not None:
            platform_id = step.record.platform_id if step.record else None
            applied.append(
                Escalated(question_id, int(step.question.escalation_level), platform_id, at)
            )
            logger.info(
                "escalated",
                extra={"question_id": question_id, "level": step.question.escalation_level},
            )
        next_at = step.question.escalate_at
        if next_at is None or next_at > at:
            break
    return applied


def sweep(as_of: dt.datetime) -> SweepReport:
    """A Query per shard of the sparse `due` index for rungs due by `as_of`: the cost follows the
    number of due questions, never the size of the table."""
    report = SweepReport(rules.iso(as_of))
    repository = questions.repository()
    for shard in range(get_settings().due_shards):
        due = list(repository.due(shard, report.as_of))
        report.due += len(due)
        report.overdue += sum(1 for q in due if q.due_at <= report.as_of)
        for question in due:
            report.steps.extend(_advance(question.id, as_of))
    return report


def run_now(principal: Principal, as_of: dt.datetime | None) -> SweepReport:
    """Operators run the sweep by hand; a chosen `as_of` is for tests and demos, never prod."""
    if principal.role is not Role.ADMIN:
        raise Forbidden("only admins run the escalation sweep")
    if as_of is not None and get_settings().is_production:
        raise ValidationFailed("as_of: not accepted in production")
    return sweep(as_of or now())


def _require_staff_action(principal: Principal, view: QuestionView, action: str) -> Question:
    rules.require_readable(principal, view.question)
    require_supervisor(principal, view.question.lineage, action)
    return view.question


def _event(
    principal: Principal, question: Question, kind: str, detail: str, recipients: Sequence[str]
) -> TimelineEvent:
    moment = now()
    return TimelineEvent(
        id=str(ULID.from_datetime(moment)),
        question_id=question.id,
        at=rules.iso(moment),
        kind=kind,
        actor=principal.sub,
        detail=detail,
        recipients=tuple(recipients),
        title=question.title,
    )


def _candidates(question: Question, expert_ids: Sequence[str]) -> list[Candidate]:
    chosen = active_experts(expert_ids, INVITATIONS)
    if any(expert.user_id == question.asker for expert in chosen):
        raise ValidationFailed("expert_ids: the asker cannot answer their own question")
    return [Candidate(e.id, e.user_id, 0, e.topics) for e in chosen]


def reassign(principal: Principal, question_id: str, expert_ids: Sequence[str]) -> Question:
    """Open invitations are withdrawn (their load released) and the chosen experts invited."""

    def attempt() -> Question:
        view = questions.view_of(question_id)
        question = _require_staff_action(principal, view, "reassign this question")
        escalation.require_escalating(question, "reassigned")
        invited = _candidates(question, expert_ids)
        withdrawn = [
            dataclasses.replace(a, state=WITHDRAWN, reason=f"reassigned by {principal.sub}")
            for a in view.assignments
            if a.is_open
        ]
        moved = dataclasses.replace(question, assignees=tuple(c.expert_id for c in invited))
        event = _event(principal, question, "reassigned", ", ".join(expert_ids), ())
        at = rules.iso(now())
        questions.save(view, moved, at, invited=invited, closed=withdrawn, events=[event])
        logger.info("reassigned", extra={"question_id": question_id, "by": principal.sub})
        return moved

    return questions.retrying(attempt)


def extend(principal: Principal, question_id: str, until: dt.datetime, reason: str) -> Question:
    def attempt() -> Question:
        view = questions.view_of(question_id)
        question = _require_staff_action(principal, view, "extend this deadline")
        extended = escalation.extend(principal, question, until, reason, now())
        detail = f"{question.due_at} -> {extended.due_at}: {reason.strip()}"
        event = _event(principal, question, "extended", detail, _expert_inboxes(view))
        questions.save(view, extended, event.at, events=[event])
        logger.info("deadline extended", extra={"question_id": question_id, "by": principal.sub})
        return extended

    return questions.retrying(attempt)


def close(
    principal: Principal, question_id: str, reason: CloseReason, duplicate_of: str | None
) -> Question:
    """Closed as out of scope, a duplicate or spam: invitations withdrawn, the asker told."""

    def attempt() -> Question:
        view = questions.view_of(question_id)
        question = _require_staff_action(principal, view, "close this question")
        closed = escalation.close(question, reason, duplicate_of)
        if duplicate_of is not None and questions.repository().view(duplicate_of) is None:
            raise ValidationFailed(f"duplicate_of: question {duplicate_of} does not exist")
        withdrawn = [
            dataclasses.replace(a, state=WITHDRAWN, reason=f"closed: {reason}")
            for a in view.assignments
            if a.is_open
        ]
        detail = str(reason) + (f" of {duplicate_of}" if duplicate_of else "")
        event = _event(principal, question, "closed", detail, [question.asker])
        questions.save(view, closed, event.at, closed=withdrawn, events=[event])
        logger.info("question closed", extra={"question_id": question_id, "by": principal.sub})
        return closed

    return questions.retrying(attempt)


def records(
    principal: Principal,
    platform_id: str | None,
    level: str | None,
    status: str | None,
    limit: str | None,
    cursor: str | None,
) -> Page[SupervisionEntry]:
    """A subtree's records, most overdue (earliest due) first."""
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise Forbidden("only staff see supervision records")
    default = principal.platform if principal.role is Role.STAFF else None
    platform = reference().platform(platform_id or default or get_settings().root_platform)
    require_supervisor(principal, platform.lineage, "see this platform's supervision records")
    wanted_status = status or "open"
    if wanted_status not in RECORD_STATUSES:
        raise ValidationFailed("status: must be open or closed")
    wanted_level = None
    if level is not None:
        if level not in {str(int(rung)) for rung in Level if rung >= Level.SUPERVISION}:
            raise ValidationFailed("level: must be 1, 2 or 3")
        wanted_level = int(level)
    supervision = SupervisionRepository()
    partition = supervision.partition(platform.id, wanted_status, wanted_level)
    page = page_request(limit, cursor, TABLE_KEYS, {"pk": partition})
    return supervision.page(partition, page)
