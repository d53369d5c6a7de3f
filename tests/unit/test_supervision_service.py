"""Supervision (督办) on in-memory stores: what the sweep decides at each moment, and what staff
may do to a case. The lists, notices and the race between sweeps in DynamoDB:
tests/integration/test_supervision.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from tests.unit.fakes import FakeClock, FakeStores
from tests.unit.scenario import ADMIN, as_expert, asked, expert_on, staff, youth
from youthvoice.bootstrap import Dependencies, bootstrap, installed
from youthvoice.config import Stage
from youthvoice.domain.case_records import RecordStatus
from youthvoice.domain.errors import Conflict, Forbidden, ValidationFailed
from youthvoice.domain.escalation import CloseReason
from youthvoice.domain.questions import AssignmentState, Question, Status
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services import cases, questions, supervision

pytestmark = pytest.mark.usefixtures("deps")
COUNTY, CITY = "sx-04-11", "sx-04"


def shanghai(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def climbed(moment: dt.datetime, question: Question) -> list[tuple[int, str | None]]:
    """The rungs this question climbed in a sweep at `moment`."""
    report = supervision.sweep(moment)
    return [(s.level, s.platform_id) for s in report.steps if s.question_id == question.id]


def test_a_question_climbs_every_rung_then_an_answer_closes_its_records() -> None:
    # Given an expert on 沁县 and a question asked there Monday 09:00 (due Wednesday 18:00)
    expert = expert_on(COUNTY, "employment")
    question = asked(youth("ladder-youth"), COUNTY)
    assert question.due_at == iso(shanghai(11, 19, 18))
    # When the sweep runs, Then before 75 % of the SLA nothing happens; at it a reminder
    assert climbed(shanghai(11, 19, 11, 14), question) == []
    assert climbed(shanghai(11, 19, 11, 15), question) == [(0, None)]
    # And at the breach the county's staff get a record due a working day later
    assert climbed(shanghai(11, 19, 18), question) == [(1, COUNTY)]
    (record,) = cases.read(question.id).supervision
    assert (record.level, record.status, record.due_at) == (1, "open", iso(shanghai(11, 20, 18)))
    # And when that record runs out, the city; then the province; then nothing is left
    assert climbed(shanghai(11, 20, 18), question) == [(2, CITY)]
    assert climbed(shanghai(11, 21, 18), question) == [(3, "sx")]
    assert climbed(shanghai(12, 31, 9), question) == []
    view = cases.read(question.id)
    assert view.question.escalation_level == 3
    assert [(e.kind, e.level) for e in view.events] == [
        ("reminder", 0),
        ("escalated", 1),
        ("escalated", 2),
        ("escalated", 3),
    ]
    # And an official answer stops the clock and closes every open record as answered
    questions.answer(as_expert(expert), question.id, "去人社局", None)
    closed = cases.read(question.id).supervision
    assert [(r.level, r.status, r.outcome) for r in closed] == [
        (level, RecordStatus.CLOSED, "answered") for level in (1, 2, 3)
    ]


def test_the_sweep_finds_nothing_due_for_a_question_answered_in_time() -> None:
    # Given a question answered on Monday
    expert = expert_on(COUNTY, "employment")
    question = asked(youth("prompt-youth"), COUNTY)
    questions.answer(as_expert(expert), question.id, "去人社局", None)
    # When the sweep runs after its deadline, Then it climbs nothing
    assert climbed(shanghai(11, 21, 18), question) == []
    assert cases.read(question.id).supervision == []


def test_staff_reassign_extend_and_close_within_their_subtree(clock: FakeClock) -> None:
    # Given an invited expert, another on a neighbouring county, and a question on the first
    first = expert_on(COUNTY, "employment")
    chosen = expert_on("sx-04-02", "employment")
    question = asked(youth("actions-youth"), COUNTY)
    city, outsider = staff(CITY), staff("sx-01")
    # When staff outside the subtree, or naming nobody or an unknown expert, reassign: refused
    with pytest.raises(Forbidden):
        supervision.reassign(outsider, question.id, [chosen.id])
    for nobody in ([], ["nobody"]):
        with pytest.raises(ValidationFailed):
            supervision.reassign(city, question.id, nobody)
    # When the city's staff reassign it to the chosen expert
    clock.moment = shanghai(11, 17, 10)
    moved = supervision.reassign(city, question.id, [chosen.id])
    # Then the chosen expert is invited and the first's invitation withdrawn
    assert moved.assignees == (chosen.id,)
    states = {a.expert_id: a.state for a in cases.read(question.id).assignments}
    assert states == {first.id: AssignmentState.WITHDRAWN, chosen.id: AssignmentState.INVITED}
    # When they extend the deadline once, again, and to a moment without a zone
    clock.moment = shanghai(11, 18, 10)
    until = shanghai(11, 21, 18)
    extended = supervision.extend(city, question.id, until, "待人社局回复")
    with pytest.raises(Conflict):
        supervision.extend(city, question.id, until, "again")
    with pytest.raises(ValidationFailed):
        supervision.extend(city, question.id, until.replace(tzinfo=None), "x")
    # Then only the first extension lands
    assert (extended.due_at, extended.extended) == (iso(until), True)
    # When they close it as a duplicate without naming the original, or of an unknown one
    with pytest.raises(ValidationFailed):
        supervision.close(city, question.id, CloseReason.DUPLICATE, None)
    with pytest.raises(ValidationFailed):
        supervision.close(city, question.id, CloseReason.DUPLICATE, "no")
    # And then as out of scope, and once more as spam
    clock.moment = shanghai(11, 18, 11)
    closed = supervision.close(city, question.id, CloseReason.OUT_OF_SCOPE, None)
    with pytest.raises(Conflict):
        supervision.close(city, question.id, CloseReason.SPAM, None)
    # Then it is closed, too late to answer, and its timeline records each action
    assert (closed.status, closed.close_reason) == (Status.CLOSED, "out_of_scope")
    with pytest.raises(Conflict):
        questions.answer(as_expert(chosen), question.id, "晚了", None)
    audited = [e.kind for e in cases.read(question.id).events]
    assert audited == ["reassigned", "extended", "closed"]
    assert climbed(shanghai(12, 31, 9), question) == []


@pytest.fixture
def production(deps: Dependencies, stores: FakeStores, clock: FakeClock) -> Iterator[None]:
    """The same stores and clock, with the production stage's settings."""
    settings = dataclasses.replace(deps.settings, stage=Stage.PROD)
    with installed(bootstrap(settings, clock, stores)):
        yield


@pytest.mark.usefixtures("production")
def test_only_admins_run_the_sweep_and_as_of_never_in_production() -> None:
    # Given production settings, When staff run the sweep, Then it is refused
    with pytest.raises(Forbidden):
        supervision.run_now(staff("sx"), None)
    # When an admin runs it as of a chosen moment, Then that is refused too
    with pytest.raises(ValidationFailed) as refused:
        supervision.run_now(ADMIN, shanghai(11, 20, 8))
    assert refused.value.message == "as_of: not accepted in production"
    # And run now, it sweeps
    assert supervision.run_now(ADMIN, None).as_of == "2025-11-17T01:00:00Z"
