"""Supervision (督办): the sweep that climbs the ladder, and the staff actions on a case."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain import escalation
from youthvoice.domain import questions as rules
from youthvoice.domain.access import require_experts_in_reach, require_supervisor
from youthvoice.domain.case_records import EventKind, Level, RecordStatus, TimelineEvent
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import Forbidden, ProblemCode, ValidationFailed
from youthvoice.domain.escalation import CloseReason
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.people import acting
from youthvoice.domain.projection import SupervisionEntry
from youthvoice.domain.questions import AssignmentState, Question, QuestionView
from youthvoice.domain.routing import INVITATIONS, Candidate
from youthvoice.domain.timestamps import iso
from youthvoice.services import audit, cases, questions
from youthvoice.services.experts import active_experts
from youthvoice.services.runtime import ladder_policies, reference, work_calendar

logger = logging.getLogger(__name__)
RUNGS_PER_SWEEP = len(Level)
SWEEP_ACTION = "escalations.run"


class DueQuestions(Protocol):
    """The sparse index of questions whose next rung is due, one shard at a time."""

    def due(self, shard: int, as_of: str) -> Iterator[Question]: ...


class SupervisionLists(Protocol):
    def page(
        self, platform_id: str, status: str, level: int | None, page: PageRequest
    ) -> Page[SupervisionEntry]: ...


def _due() -> DueQuestions:
    return dependencies().stores.questions


def _lists() -> SupervisionLists:
    return dependencies().stores.supervision


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


def _climb(case: Case, as_of: dt.datetime) -> escalation.Step | None:
    """The next rung, if it is due, recorded on the case."""
    question = case.question
    ladder = ladder_policies().for_lineage(question.lineage)
    season = questions.season_of(question)
    duty = season.on_duty(case.at) if season else None
    event_id = str(ULID.from_datetime(as_of))
    step = escalation.escalate(
        question, _expert_inboxes(case.view), ladder, work_calendar(), as_of, event_id, duty
    )
    if step is not None:
        case.question = step.question
        case.events.extend([step.event] if step.event else [])
        case.records.extend([step.record] if step.record else [])
    return step


def _advance(question_id: str, as_of: dt.datetime) -> list[Escalated]:
    """Climb every rung that is due, one unit of work each. Each commit is conditional on the
    question's version, so of two sweeps reading the same rung one commits and the other reads
    again and finds nothing due."""
    applied: list[Escalated] = []
    at = iso(as_of)
    for _ in range(RUNGS_PER_SWEEP):
        step = cases.change(question_id, lambda case: _climb(case, as_of), at=as_of)
        if step is None:
            break
        if step.event is not None:
            level = int(step.question.escalation_level)
            platform_id = step.record.platform_id if step.record else None
            applied.append(Escalated(question_id, level, platform_id, at))
            logger.info("escalated", extra={"question_id": question_id, "level": level})
        next_at = step.question.escalate_at
        if next_at is None or next_at > at:
            break
    return applied


def sweep(as_of: dt.datetime) -> SweepReport:
    """A Query per shard of the sparse `due` index for rungs due by `as_of`: the cost follows the
    number of due questions, never the size of the table."""
    report = SweepReport(iso(as_of))
    for shard in range(settings().due_shards):
        due = list(_due().due(shard, report.as_of))
        report.due += len(due)
        report.overdue += sum(1 for q in due if q.due_at <= report.as_of)
        for question in due:
            report.steps.extend(_advance(question.id, as_of))
    return report


def run_now(principal: Principal, as_of: dt.datetime | None) -> SweepReport:
    """Operators run the sweep by hand; a chosen `as_of` is for tests and demos, never prod.
    A person running it is a privileged act, recorded with the sweep's first change (alone when
    it changes nothing); the scheduled sweep is the service's own and is not."""
    if principal.role is not Role.ADMIN:
        raise Forbidden("only admins run the escalation sweep")
    if as_of is not None and settings().is_production:
        raise ValidationFailed("as_of: not accepted in production")
    moment = as_of or now()
    with audit.recorded(principal, SWEEP_ACTION, "sweep", iso(moment), [settings().root_platform]):
        return sweep(moment)


def _require_staff_action(principal: Principal, case: Case, action: str, name: str) -> Question:
    """Refused outside the caller's reach; allowed, the act is recorded in the audit trail as
    `question.{name}`."""
    question = case.question
    rules.require_readable(principal, question)
    require_supervisor(principal, question.lineage, action)
    case.audit = audit.entry(
        principal, f"question.{name}", "question", question.id, question.lineage
    )
    return question


def _event(
    principal: Principal, case: Case, kind: EventKind, detail: str, recipients: Sequence[str]
) -> TimelineEvent:
    return TimelineEvent(
        id=str(ULID.from_datetime(now())),
        question_id=case.question.id,
        at=case.at,
        kind=kind,
        actor=principal.sub,
        detail=detail,
        recipients=tuple(recipients),
        title=case.question.title,
    ).by(acting(principal))


def _candidates(
    principal: Principal, question: Question, expert_ids: Sequence[str]
) -> list[Candidate]:
    chosen = active_experts(expert_ids, INVITATIONS)
    require_experts_in_reach(principal, question.lineage, chosen)
    if any(expert.user_id == question.asker for expert in chosen):
        raise ValidationFailed("expert_ids: the asker cannot answer their own question")
    return [Candidate(e.id, e.user_id, 0, e.topics) for e in chosen]


def reassign(principal: Principal, question_id: str, expert_ids: Sequence[str]) -> Question:
    """The chosen experts are invited; other open invitations are withdrawn (their load
    released); a chosen expert who is already invited keeps that invitation."""

    def apply(case: Case) -> Question:
        question = _require_staff_action(principal, case, "reassign this question", "reassign")
        escalation.require_escalating(question, "reassigned")
        chosen = _candidates(principal, question, expert_ids)
        kept = {a.expert_id for a in case.open_invitations()}
        for invitation in case.open_invitations():
            if invitation.expert_id not in {c.expert_id for c in chosen}:
                case.end(invitation, AssignmentState.WITHDRAWN, f"reassigned by {principal.sub}")
        case.invited.extend(c for c in chosen if c.expert_id not in kept)
        case.question = dataclasses.replace(question, assignees=tuple(c.expert_id for c in chosen))
        case.events.append(_event(principal, case, EventKind.REASSIGNED, ", ".join(expert_ids), ()))
        return case.question

    moved = cases.change(question_id, apply)
    logger.info("reassigned", extra={"question_id": question_id, "by": principal.sub})
    return moved


def extend(principal: Principal, question_id: str, until: dt.datetime, reason: str) -> Question:
    def apply(case: Case) -> Question:
        question = _require_staff_action(principal, case, "extend this deadline", "extend")
        case.question = escalation.extend(principal, question, until, reason, now())
        detail = f"{question.due_at} -> {case.question.due_at}: {reason.strip()}"
        case.events.append(
            _event(principal, case, EventKind.EXTENDED, detail, _expert_inboxes(case.view))
        )
        return case.question

    extended = cases.change(question_id, apply)
    logger.info("deadline extended", extra={"question_id": question_id, "by": principal.sub})
    return extended


def close(
    principal: Principal, question_id: str, reason: CloseReason, duplicate_of: str | None
) -> Question:
    """Closed as out of scope, a duplicate or spam: invitations withdrawn, the asker told."""
    if duplicate_of is not None and cases.store().view(duplicate_of) is None:
        raise ValidationFailed.of(
            "duplicate_of",
            ProblemCode.UNKNOWN_REFERENCE,
            f"question {duplicate_of} does not exist",
        )

    def apply(case: Case) -> Question:
        question = _require_staff_action(principal, case, "close this question", "close")
        case.question = escalation.close(question, reason, duplicate_of)
        for invitation in case.open_invitations():
            case.end(invitation, AssignmentState.WITHDRAWN, f"closed: {reason}")
        detail = str(reason) + (f" of {duplicate_of}" if duplicate_of else "")
        case.events.append(_event(principal, case, EventKind.CLOSED, detail, [question.asker]))
        return case.question

    closed = cases.change(question_id, apply)
    logger.info("question closed", extra={"question_id": question_id, "by": principal.sub})
    return closed


@dataclass(frozen=True)
class Desk:
    """A page of records and the moment it was read at, which their overdue times count to."""

    page: Page[SupervisionEntry]
    now: dt.datetime


def records(
    principal: Principal,
    platform_id: str | None,
    level: int | None,
    status: str | None,
    page: PageRequest,
) -> Desk:
    """A subtree's records, most overdue (earliest due) first."""
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise Forbidden("only staff see supervision records")
    default = principal.platform if principal.role is Role.STAFF else None
    platform = reference().platform(platform_id or default or settings().root_platform)
    require_supervisor(principal, platform.lineage, "see this platform's supervision records")
    wanted_status = status or RecordStatus.OPEN
    if wanted_status not in set(RecordStatus):
        raise ValidationFailed.of(
            "status", ProblemCode.NOT_ALLOWED, "must be open or closed", allowed=tuple(RecordStatus)
        )
    if level is not None and level not in {rung for rung in Level if rung >= Level.SUPERVISION}:
        raise ValidationFailed.of(
            "level", ProblemCode.NOT_ALLOWED, "must be 1, 2 or 3", allowed=(1, 2, 3)
        )
    return Desk(_lists().page(platform.id, wanted_status, level, page), now())
