"""Fire every `@app.schedule` handler at its rate, optionally faster (`--speed`) for demos."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalice.app import ScheduleExpression

from youthvoice.domain.errors import ValidationFailed

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def rate_seconds(expression: str | ScheduleExpression) -> float:
    text = expression if isinstance(expression, str) else expression.to_string()
    match = _RATE.match(text.strip())
    if not match:
        raise ValidationFailed(
            f"the local scheduler understands rate(...) expressions only, not {expression!r}"
        )
    return int(match.group(1)) * _SECONDS[match.group(2).rstrip("s")]


def scheduled_event(rule_name: str, region: str, at: dt.datetime) -> dict[str, Any]:
    """The event EventBridge sends a scheduled Lambda."""
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:{partition}:events:{region}:123456789012:rule/{rule_name}"],
        "detail": {},
    }


@dataclass
class Job:
    name: str
    interval_seconds: float
    run: Callable[[dt.datetime], None]
    next_run: dt.datetime | None = None


class Scheduler:
    """`tick(now)` runs what is due: the caller owns the clock, so tests never sleep."""

    def __init__(self, jobs: list[Job], speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValidationFailed("speed must be positive")
        self._jobs = jobs
        self._speed = speed

    def interval(self, job: Job) -> dt.timedelta:
        return dt.timedelta(seconds=job.interval_seconds / self._speed)

    def tick(self, now: dt.datetime) -> list[str]:
        fired = []
        for job in self._jobs:
            if job.next_run is None:
                job.next_run = now + self.interval(job)
            elif now >= job.next_run:
                job.run(now)
                fired.append(job.name)
                job.next_run = now + self.interval(job)
        return fired
