"""The sample events in events/ drive the real handlers, as Lambda (or `chalice invoke`) would."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pytest
from chalice.local import LambdaContext

import app
from functions.observability import logger
from tests.conftest import ROOT
from tests.integration.conftest import DEMO_EXPERTS, Stack
from youthvoice.bootstrap import clock_set_to
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.seasons import local_day
from youthvoice.services import cases, questions
from youthvoice.services.questions import Draft
from youthvoice.services.reconcile import reconcile_counters


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "events" / name).read_text())
    return loaded


def test_api_event_is_answered_and_logged_once_with_its_request_id(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    event = sample("api-get-platform.json")
    response = app.app(event, LambdaContext("api_handler", 512))
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    assert body["name"] == "长治市"
    counties, universities, enterprises = 13, 4, 1
    assert len(body["children"]) == counties + universities + enterprises
    # Then a refused request logs one JSON line carrying API Gateway's request id
    missing = {**event, "pathParameters": {"platform_id": "nowhere"}}
    assert app.app(missing, LambdaContext("api_handler", 512))["statusCode"] == 404
    refused = [r for r in caplog.records if r.getMessage() == "request refused"]
    assert len(refused) == 1
    line = json.loads(logger.registered_formatter.format(refused[0]))
    assert line["correlation_id"] == event["requestContext"]["requestId"]
    assert line["code"] == "not_found"
    assert len(logging.getLogger(logger.name).handlers) == 1


def test_stream_event_sample_applies_once_however_often_delivered(stack: Stack) -> None:
    event = sample("dynamodb-expert-inserts.json")
    context = LambdaContext("project_content", 512)
    assert app.project_content(event, context) == {"batchItemFailures": []}
    assert app.project_content(event, context) == {"batchItemFailures": []}
    inserted = len(event["Records"])
    assert stack.http.get("/platforms/sx").json_body["experts"] == DEMO_EXPERTS + inserted


def test_scheduled_reconciliation_names_the_drift_a_lost_stream_record_leaves(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    event, context = sample("scheduled-reconcile.json"), LambdaContext("reconcile", 512)
    # Given a projected stack with a question in Content whose stream record never reached the
    # projector (exactly the counters below drift: nothing else is reported)
    asked = questions.ask(
        Principal("drift-youth", Role.YOUTH),
        Draft("毕业后去哪里找工作", "想了解渠道", "employment", "sx-04-11", False, ()),
    )
    # When the schedule fires
    result = app.reconcile(event, context)
    # Then each counter the question should have moved is reported, named, 0 against 1
    day = local_day(asked.created_at)
    lineage = ("sx-04-11", "sx-04", "sx")
    expected = {("platform", p) for p in lineage} | {("topic", "employment")}
    expected |= {("platform-topic-day", f"{p}#employment#{day}") for p in lineage}
    expected |= {("platform-day", f"{p}#{day}") for p in lineage}
    expected |= {("platform-month", f"{p}#{day[:7]}") for p in lineage}
    logged = [r.__dict__ for r in caplog.records if r.getMessage() == "counter drift"]
    named = {
        (d["scope"], d["scope_id"], d["metric"], d["projected"], d["recounted"]) for d in logged
    }
    assert named == {(scope, scope_id, "questions", 0, 1) for scope, scope_id in expected}
    assert result == {"drifts": len(expected)}
    # And once an operator repairs them (the schedule only reports), the figures count it
    repaired = reconcile_counters("sx", repair=True)
    assert {(d.scope, d.scope_id, d.metric) for d in repaired} == {n[:3] for n in named}
    for path in ("/stats", "/platforms/sx-04/stats", "/platforms/sx-04-11/stats"):
        assert stack.http.get(path).json_body["questions"] == 1


def test_scheduled_events_run_the_sweep_and_the_season_lifecycle(stack: Stack) -> None:
    # Given a question whose deadline passed (asked a year before the sample's moment)
    asker = Principal("sample-youth", Role.YOUTH)
    with clock_set_to(lambda: dt.datetime(2025, 11, 28, 1, 0, tzinfo=dt.UTC)):
        asked = questions.ask(
            asker,
            Draft("毕业后去哪里找工作", "想了解渠道", "employment", "sx-04-11", False, ()),
        )
    # When the schedules fire
    swept = app.escalation_sweep(
        sample("scheduled-escalation-sweep.json"), LambdaContext("escalation_sweep", 512)
    )
    lifecycle = app.season_lifecycle(
        sample("scheduled-season-lifecycle.json"), LambdaContext("season_lifecycle", 512)
    )
    # Then the overdue question was supervised, and there was no season to open or close
    assert swept["overdue"] >= 1
    assert swept["escalations"] >= 1
    assert cases.read(asked.id).question.escalation_level >= 1
    assert lifecycle == {"opened": 0, "closed": 0}
