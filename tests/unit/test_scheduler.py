"""The local scheduler, driven by an injected clock."""

from __future__ import annotations

import datetime as dt

import pytest

from youthvoice.domain.errors import ValidationFailed
from youthvoice_local.scheduler import Job, Scheduler, rate_seconds, scheduled_event

START = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)


def test_rate_expressions() -> None:
    assert rate_seconds("rate(5 minutes)") == 300
    assert rate_seconds("rate(1 day)") == 86400
    with pytest.raises(ValidationFailed, match="rate"):
        rate_seconds("cron(0 12 * * ? *)")


def test_jobs_fire_at_their_rate_compressed_by_speed() -> None:
    runs: list[dt.datetime] = []
    scheduler = Scheduler([Job("sweep", 300, runs.append)], speed=60)
    fired = [scheduler.tick(START + dt.timedelta(seconds=s)) for s in range(0, 16)]
    # rate(5 minutes) at 60x is every 5 seconds; the first tick only arms the clock
    assert [len(f) for f in fired].count(1) == 3
    assert runs == [START + dt.timedelta(seconds=s) for s in (5, 10, 15)]


def test_a_scheduled_event_looks_like_eventbridge() -> None:
    event = scheduled_event("reconcile", "cn-north-1", START)
    assert event["detail-type"] == "Scheduled Event"
    assert event["time"] == "2026-11-29T00:00:00Z"
    assert event["resources"][0].startswith("arn:aws-cn:events:cn-north-1:")
