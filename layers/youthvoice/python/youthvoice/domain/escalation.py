"""Supervision (督办): the response clock, the escalation ladder, and what staff may do to a case.

A question awaiting a response carries its escalation level and `escalate_at`, the moment the
next rung is due. The sweep applies a rung when that moment has passed; each rung is recorded on
the question's timeline and notifies the people concerned. Rungs: 0 a reminder to the invited
experts at a fraction of the SLA, 1 a supervision record for the platform's duty staff at the
breach, 2 the parent platform's staff after the record's own deadline, 3 the province after that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from youthvoice.domain.case_records import (
    EventKind,
    Level,
    RecordStatus,
    SupervisionRecord,
    TimelineEvent,
)
from youthvoice.domain.errors import Conflict, ValidationFailed
from youthvoice.domain.identity import Principal
from youthvoice.domain.people import AuthorKind, Writer
from youthvoice.domain.questions import (
    Question,
    QuestionView,
    ResponseClock,
    Status,
    Visibility,
)
from youthvoice.domain.seasons import DutySlot
from youthvoice.domain.timestamps import iso, parse_iso
from youthvoice.domain.worktime import WorkCalendar

MAX_EXTENSION = dt.timedelta(days=30)


class CloseReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    DUPLICATE = "duplicate"
    SPAM = "spam"
    WITHDRAWN = "withdrawn"  # by the asker, never by staff


@dataclass(frozen=True)
class Ladder:
    """One platform's ladder: when to remind, and how long each supervision record runs."""

    reminder_fraction: float = 0.75
    record_hours: Mapping[Level, int] = field(
        default_factory=lambda: {Level.SUPERVISION: 9, Level.PARENT: 9, Level.PROVINCE: 18}
    )
    top: Level = Level.PROVINCE

    @classmethod
    def from_data(cls, data: Mapping[str, Any], base: Ladder | None = None) -> Ladder:
        base = base or cls()
        hours = dict(base.record_hours)
        for name, value in data.get("record_working_hours", {}).items():
            hours[Level[name.upper()]] = int(value)
        ladder = cls(
            reminder_fraction=float(data.get("reminder_fraction", base.reminder_fraction)),
            record_hours=hours,
            top=Level[str(data["top"]).upper()] if "top" in data else base.top,
        )
        if not 0 < ladder.reminder_fraction < 1:
            raise ValidationFailed("ladder: reminder_fraction must be between 0 and 1")
        if any(h <= 0 for h in hours.values()) or ladder.top < Level.SUPERVISION:
            raise ValidationFailed(
                "ladder: record hours must be positive, top at least supervision"
            )
        return ladder


@dataclass(frozen=True)
class LadderPolicies:
    """The default ladder, and platforms that configure their own (their subtree inherits it)."""

    default: Ladder
    by_platform: Mapping[str, Ladder] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> LadderPolicies:
        default = Ladder.from_data(data.get("default", {}))
        return cls(
            default,
            {
                platform: Ladder.from_data(rule, default)
                for platform, rule in data.get("by_platform", {}).items()
            },
        )

    def for_lineage(self, lineage: Sequence[str]) -> Ladder:
        return next((self.by_platform[p] for p in lineage if p in self.by_platform), self.default)


def start_clock(
    start: dt.datetime, target: dt.timedelta, ladder: Ladder, calendar: WorkCalendar
) -> ResponseClock:
    """The reminder falls at the ladder's fraction of the target, both in working time."""
    return ResponseClock(
        reminder_at=iso(calendar.add_working_time(start, target * ladder.reminder_fraction)),
        due_at=iso(calendar.add_working_time(start, target)),
    )


def desk(platform_id: str) -> str:
    """The inbox a platform's duty staff share. No user id contains `#`, so no user's inbox is
    a desk's."""
    return f"desk#{platform_id}"


def rung_platforms(question: Question) -> dict[Level, str]:
    """Which platform's staff each rung reaches; a rung that would repeat a platform is skipped."""
    lineage = question.lineage
    platforms = {Level.SUPERVISION: lineage[0]}
    if len(lineage) > 1:
        platforms[Level.PARENT] = lineage[1]
    if len(lineage) > 2:
        platforms[Level.PROVINCE] = lineage[-1]
    return platforms


def _next_level(question: Question, ladder: Ladder, now: str) -> Level | None:
    """A reminder is pointless once the deadline has passed: the sweep goes straight to rung 1."""
    rungs = rung_platforms(question)
    for level in Level:
        if level <= question.escalation_level or level > ladder.top:
            continue
        if level is Level.REMINDER and question.due_at <= now:
            continue
        if level is Level.REMINDER or level in rungs:
            return level
    return None


@dataclass(frozen=True)
class Step:
    question: Question
    event: TimelineEvent | None
    record: SupervisionRecord | None


def escalate(
    question: Question,
    expert_inboxes: Sequence[str],
    ladder: Ladder,
    calendar: WorkCalendar,
    now: dt.datetime,
    event_id: str,
    duty: DutySlot | None = None,
) -> Step | None:
    """The next rung, if one is due; None when nothing is (so a second sweep does nothing).

    A season question's supervision record goes to the season's department on duty."""
    at = iso(now)
    if not question.escalating or question.escalate_at is None or question.escalate_at > at:
        return None
    level = _next_level(question, ladder, at)
    if level is None:
        # The ladder was shortened since this clock started: nothing more to do, leave the index.
        return Step(dataclasses.replace(question, escalate_at=None), None, None)
    rungs = rung_platforms(question)
    escalated = dataclasses.replace(question, escalation_level=level)
    record = None
    if level is Level.REMINDER:
        escalate_at: str | None = question.due_at
        recipients = list(expert_inboxes) or [desk(question.platform_id)]
    else:
        platform_id = rungs[level]
        # The record's own time runs from when it is opened: a late sweep never hands staff a
        # record that is already overdue.
        hours = dt.timedelta(hours=ladder.record_hours[level])
        record = SupervisionRecord(
            question_id=question.id,
            round=question.round,
            level=level,
            platform_id=platform_id,
            lineage=question.lineage[question.lineage.index(platform_id) :],
            title=question.title,
            topic=question.topic,
            opened_at=at,
            due_at=iso(calendar.add_working_time(now, hours)),
            department=duty.department if duty and level is Level.SUPERVISION else None,
            question_due_at=question.due_at,
        )
        escalate_at = record.due_at if _next_level(escalated, ladder, at) is not None else None
        earlier = [desk(rungs[lower]) for lower in rungs if lower < level]
        recipients = [desk(platform_id), *earlier[-1:]]
        if level is Level.SUPERVISION:
            recipients += [*(duty.staff_ids if duty else ()), *expert_inboxes]
    event = TimelineEvent(
        id=event_id,
        question_id=question.id,
        at=at,
        kind=EventKind.REMINDER if level is Level.REMINDER else EventKind.ESCALATED,
        actor="sweep",
        detail=f"level {int(level)}"
        + (f": {record.platform_id}" if record else "")
        + (f" ({record.department})" if record and record.department else ""),
        recipients=tuple(dict.fromkeys(recipients)),
        level=level,
        title=question.title,
    )
    return Step(dataclasses.replace(escalated, escalate_at=escalate_at), event, record)


def settle(
    records: Sequence[SupervisionRecord], question: Question, at: str
) -> list[SupervisionRecord]:
    """Once the question no longer awaits a response, its open records close with the outcome."""
    if question.awaiting_response and question.visibility is not Visibility.REMOVED:
        return []
    outcome = _outcome(question)
    return [
        dataclasses.replace(r, status=RecordStatus.CLOSED, closed_at=at, outcome=outcome)
        for r in records
        if r.is_open
    ]


def _outcome(question: Question) -> str:
    if withdrawn(question):
        return str(CloseReason.WITHDRAWN)
    return "removed" if question.visibility is Visibility.REMOVED else str(question.status)


def require_escalating(question: Question, action: str) -> None:
    if not question.escalating:
        raise Conflict(f"only a question awaiting a response can be {action}")


def extend(
    principal: Principal, question: Question, until: dt.datetime, reason: str, now: dt.datetime
) -> Question:
    """Once per question, before the deadline, to a later moment at most 30 days past it."""
    if until.tzinfo is None:
        raise ValidationFailed("until: give a time zone (e.g. Z)")
    require_escalating(question, "extended")
    if question.extended:
        raise Conflict("this question's deadline has already been extended once")
    due = parse_iso(question.due_at)
    if now >= due:
        raise Conflict("the deadline has passed: it can no longer be extended")
    if not due < until <= due + MAX_EXTENSION:
        raise ValidationFailed("until: must be after the current deadline, by at most 30 days")
    extended_to = iso(until)
    reminded = question.escalation_level >= Level.REMINDER
    return dataclasses.replace(
        question,
        due_at=extended_to,
        extended=True,
        escalate_at=extended_to if reminded else question.escalate_at,
    )


def close(question: Question, reason: CloseReason, duplicate_of: str | None) -> Question:
    require_escalating(question, "closed")
    if (reason is CloseReason.DUPLICATE) != (duplicate_of is not None):
        raise ValidationFailed('duplicate_of: required with "duplicate", and only with it')
    if duplicate_of == question.id:
        raise ValidationFailed("duplicate_of: a question cannot duplicate itself")
    return dataclasses.replace(
        question,
        status=Status.CLOSED,
        close_reason=str(reason),
        duplicate_of=duplicate_of,
        assignees=(),
        escalate_at=None,
    )


def withdraw(question: Question) -> Question:
    """The asker takes the question back: closed, and removed from everything public."""
    return dataclasses.replace(
        question,
        status=Status.CLOSED,
        close_reason=str(CloseReason.WITHDRAWN),
        visibility=Visibility.REMOVED,
        under_review=False,
        assignees=(),
        escalate_at=None,
    )


def withdrawn(question: Question) -> bool:
    return question.close_reason == CloseReason.WITHDRAWN


def timeline(view: QuestionView) -> list[TimelineEvent]:
    """What happened to the question, oldest first: the stored audit events, and the steps its
    own items already record (asked, invited, answered)."""
    question = view.question
    asked = TimelineEvent(
        question.id, question.id, question.created_at, EventKind.ASKED, question.asker
    )
    steps = [asked.by(Writer(question.asker, AuthorKind.YOUNG_PERSON))]
    steps += [
        TimelineEvent(
            f"{a.question_id}#{a.user_id}",
            question.id,
            a.created_at,
            EventKind.INVITED,
            "routing",
            f"{a.expert_id} ({a.state}{': ' + a.reason if a.reason else ''})",
        )
        for a in view.assignments
    ]
    steps += [
        TimelineEvent(
            a.id,
            question.id,
            a.created_at,
            EventKind.ANSWERED if a.official else EventKind.PEER_ANSWERED,
            a.author,
            "" if a.counts else str(a.visibility),
        ).by(a.writer())
        for a in view.answers
    ]
    return sorted([*steps, *view.events], key=lambda e: (e.at, e.id))
