"""The supervision ladder, extensions and closing, as pure rules over an injected moment."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from youthvoice.domain.case_records import (
    EventKind,
    Level,
    RecordStatus,
    SupervisionRecord,
    TimelineEvent,
)
from youthvoice.domain.errors import Conflict, ValidationFailed
from youthvoice.domain.escalation import (
    CloseReason,
    Ladder,
    LadderPolicies,
    Step,
    close,
    escalate,
    extend,
    settle,
    start_clock,
)
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.projection import Change, effects
from youthvoice.domain.projection_keys import CounterKey
from youthvoice.domain.questions import Question, Status, on_new_clock
from youthvoice.domain.worktime import SHANGHAI, WorkCalendar, parse_overrides

CALENDAR = WorkCalendar()
LADDER = Ladder()
STAFF = Principal("staff-1", Role.STAFF, "sx-04")
COUNTY = ("sx-04-11", "sx-04", "sx")


def local(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def asked(at: dt.datetime, lineage: tuple[str, ...] = COUNTY) -> Question:
    """Given a question asked at `at` on the lineage's first platform, with the 27-hour SLA."""
    question = Question(
        id="q-1",
        asker="asker",
        anonymous=False,
        title="怎么申请创业贷款？",
        body="body",
        topic="employment",
        platform_id=lineage[0],
        lineage=lineage,
        tags=(),
        status=Status.OPEN,
        created_at="",
        due_at="",
        assignees=("ex-1",),
    )
    return on_new_clock(question, start_clock(at, dt.timedelta(hours=27), LADDER, CALENDAR))


def step_at(question: Question, moment: dt.datetime, ladder: Ladder = LADDER) -> Step | None:
    return escalate(question, ["expert-user"], ladder, CALENDAR, moment, "ev")


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_reminder_falls_at_three_quarters_of_the_working_time() -> None:
    # Monday 09:00: 27 working hours end Wednesday 18:00; 75 % (20h15) is Wednesday 11:15
    question = asked(local(11, 17, 9))
    assert question.due_at == utc(local(11, 19, 18))
    assert question.escalate_at == utc(local(11, 19, 11, 15))
    assert question.escalation_level == -1


def test_a_county_question_climbs_every_rung_once() -> None:
    question = asked(local(11, 17, 9))
    assert step_at(question, local(11, 19, 11, 14)) is None

    reminder = step_at(question, local(11, 19, 11, 15))
    assert reminder is not None and reminder.event is not None
    assert (reminder.question.escalation_level, reminder.record) == (Level.REMINDER, None)
    assert reminder.event.kind == "reminder"
    assert reminder.event.recipients == ("expert-user",)
    assert reminder.question.escalate_at == question.due_at
    assert step_at(reminder.question, local(11, 19, 17, 59)) is None

    supervised = step_at(reminder.question, local(11, 19, 18))
    assert supervised is not None and supervised.record is not None
    assert supervised.record.platform_id == "sx-04-11"
    assert supervised.record.lineage == COUNTY
    # the record gets 9 working hours: Thursday 18:00
    assert supervised.record.due_at == utc(local(11, 20, 18))
    assert supervised.event is not None
    assert supervised.event.recipients == ("desk#sx-04-11", "expert-user")

    parent = step_at(supervised.question, local(11, 20, 18))
    assert parent is not None and parent.record is not None and parent.event is not None
    assert (parent.record.level, parent.record.platform_id) == (Level.PARENT, "sx-04")
    assert parent.record.lineage == ("sx-04", "sx")
    assert parent.event.recipients == ("desk#sx-04", "desk#sx-04-11")

    province = step_at(parent.question, local(11, 21, 18))
    assert province is not None and province.record is not None
    assert (province.record.level, province.record.platform_id) == (Level.PROVINCE, "sx")
    assert province.question.escalate_at is None
    assert step_at(province.question, local(12, 31, 9)) is None


def test_a_late_sweep_skips_the_pointless_reminder() -> None:
    question = asked(local(11, 17, 9))
    step = step_at(question, local(11, 24, 9))
    assert step is not None and step.record is not None
    assert step.question.escalation_level == Level.SUPERVISION


def test_a_ladder_stops_where_the_platform_configures_it() -> None:
    policies = LadderPolicies.from_data(
        {"default": {}, "by_platform": {"sx-04": {"top": "parent"}}}
    )
    ladder = policies.for_lineage(COUNTY)
    assert ladder.top is Level.PARENT
    assert policies.for_lineage(("sx-01", "sx")).top is Level.PROVINCE
    question = dataclasses.replace(asked(local(11, 17, 9)), escalation_level=Level.SUPERVISION)
    last = step_at(question, local(11, 20, 18), ladder)
    assert last is not None and last.question.escalation_level == Level.PARENT
    assert last.question.escalate_at is None


def test_a_province_question_has_one_supervision_rung() -> None:
    question = asked(local(11, 17, 9), ("sx",))
    step = step_at(question, local(11, 19, 18))
    assert step is not None and step.record is not None
    assert step.record.platform_id == "sx"
    assert step.question.escalate_at is None


@pytest.mark.parametrize(
    "data",
    [{"default": {"reminder_fraction": 1.5}}, {"default": {"record_working_hours": {"parent": 0}}}],
)
def test_a_broken_ladder_file_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValidationFailed):
        LadderPolicies.from_data(data)


def test_an_extension_moves_the_deadline_once_and_only_before_it() -> None:
    question = asked(local(11, 17, 9))
    until = local(11, 21, 18)
    extended = extend(STAFF, question, until, "需要联系人社局", local(11, 18, 10))
    assert extended.due_at == utc(until)
    assert extended.extended
    assert extended.escalate_at == question.escalate_at
    with pytest.raises(Conflict, match="already been extended"):
        extend(STAFF, extended, local(11, 24, 18), "again", local(11, 18, 11))
    with pytest.raises(Conflict, match="passed"):
        extend(STAFF, question, until, "late", local(11, 19, 18))
    with pytest.raises(ValidationFailed, match="after the current deadline"):
        extend(STAFF, question, local(11, 19, 17), "earlier", local(11, 18, 10))
    with pytest.raises(ValidationFailed, match="30 days"):
        extend(STAFF, question, local(12, 31, 9), "too far", local(11, 18, 10))
    with pytest.raises(ValidationFailed, match="time zone"):
        extend(STAFF, question, dt.datetime(2025, 11, 21, 18), "naive", local(11, 18, 10))


def test_after_the_reminder_an_extension_also_moves_the_next_rung() -> None:
    reminded = dataclasses.replace(asked(local(11, 17, 9)), escalation_level=Level.REMINDER)
    extended = extend(STAFF, reminded, local(11, 21, 18), "reason", local(11, 19, 12))
    assert extended.escalate_at == utc(local(11, 21, 18))


def test_closing_needs_duplicate_of_exactly_for_duplicates() -> None:
    question = asked(local(11, 17, 9))
    with pytest.raises(ValidationFailed):
        close(question, CloseReason.DUPLICATE, None)
    with pytest.raises(ValidationFailed):
        close(question, CloseReason.SPAM, "q-0")
    closed = close(question, CloseReason.DUPLICATE, "q-0")
    assert (closed.status, closed.duplicate_of, closed.escalate_at) == (Status.CLOSED, "q-0", None)
    assert not closed.escalating
    with pytest.raises(Conflict):
        close(closed, CloseReason.SPAM, None)


def test_open_records_close_when_the_question_is_answered() -> None:
    record = SupervisionRecord(
        "q-1", 1, Level.SUPERVISION, "sx-04-11", COUNTY, "t", "employment", "a", "b"
    )
    question = asked(local(11, 17, 9))
    assert settle([record], question, "now") == []
    answered = dataclasses.replace(question, status=Status.ANSWERED)
    (closed,) = settle([record], answered, "now")
    assert (closed.status, closed.outcome, closed.closed_at) == ("closed", "answered", "now")


def test_a_new_event_notifies_its_recipients_and_a_record_lists_up_the_lineage() -> None:
    event = TimelineEvent(
        "ev", "q-1", "2025-11-19T10:00:00Z", EventKind.ESCALATED, "sweep", "", ("a", "b")
    )
    notified = effects(Change("e1", "7", None, event))
    assert notified.counters == {
        CounterKey("inbox", "a", "unread"): 1,
        CounterKey("inbox", "b", "unread"): 1,
    }
    assert effects(Change("e2", "8", event, event)).counters == {}
    record = SupervisionRecord("q-1", 1, Level.PARENT, "sx-04", ("sx-04", "sx"), "t", "x", "a", "b")
    listed = {key.scope for key in effects(Change("e3", "9", None, record)).documents}
    assert listed == {"sx-04#open", "sx-04#open#L2", "sx#open", "sx#open#L2"}
    moved = effects(
        Change("e4", "10", record, dataclasses.replace(record, status=RecordStatus.CLOSED))
    )
    removed = {k.scope for k, v in moved.documents.items() if v is None}
    added = {k.scope for k, v in moved.documents.items() if v is not None}
    assert removed == listed
    assert added == {scope.replace("open", "closed") for scope in listed}


def test_calendar_files_are_checked_before_anything_is_stored() -> None:
    days = parse_overrides({"days": [{"date": "2027-01-01", "working": False, "name": "元旦"}]})
    assert [(d.day, d.working, d.name) for d in days] == [(dt.date(2027, 1, 1), False, "元旦")]
    broken_files: list[object] = [
        {"days": [{"date": "2027-02-30", "working": False}]},
        {"days": [{"date": "2027-01-01", "working": "no"}]},
        {
            "days": [
                {"date": "2027-01-01", "working": False},
                {"date": "2027-01-01", "working": True},
            ]
        },
        [],
    ]
    for broken in broken_files:
        with pytest.raises(ValidationFailed):
            parse_overrides(broken)
