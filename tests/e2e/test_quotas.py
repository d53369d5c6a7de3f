"""The shipped quotas on the running local stack: the 11th question in an hour is a 429."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import RunningStack, stack_while_testing
from tests.e2e.test_question_flow import Client
from youthvoice.config import QUOTA_SETTINGS

QUESTION = {"title": "毕业后去哪里找工作", "body": "想了解招聘渠道", "topic": "employment",
            "platform_id": "sx-04-11"}  # fmt: skip
ASKS_PER_HOUR = next(d for name, _, _, d in QUOTA_SETTINGS if name == "QUOTA_ASKS_PER_HOUR")
DEFAULTS = {name: str(default) for name, _, _, default in QUOTA_SETTINGS}


@pytest.fixture
def defaults(local_dir: Path) -> Iterator[RunningStack]:
    """A stack with the shipped quotas (the suite's environment lifts them)."""
    yield from stack_while_testing(local_dir, DEFAULTS)


def seconds_to_hour_end() -> float:
    return 3600 - time.time() % 3600


def test_one_account_is_refused_past_its_hourly_quota_and_others_are_not(
    defaults: RunningStack, local_dir: Path
) -> None:
    # Given a young person and another
    eager = Client(defaults, local_dir, "--sub", "youth-eager", "--role", "youth")
    other = Client(defaults, local_dir, "--sub", "youth-other", "--role", "youth")
    hour = int(time.time() // 3600)
    # When the first asks one question more than the hourly quota
    statuses = [
        eager.call("POST", "/questions", QUESTION).status_code for _ in range(ASKS_PER_HOUR)
    ]
    refused = eager.call("POST", "/questions", QUESTION)
    expected_wait = seconds_to_hour_end()
    if int(time.time() // 3600) != hour:
        pytest.skip("the hour ended during the test: its window is not the one measured")
    # Then the first ten are created, the eleventh is a 429 until the hour ends
    assert statuses == [201] * ASKS_PER_HOUR
    assert refused.status_code == 429, refused.text
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert abs(int(refused.headers["Retry-After"]) - expected_wait) <= 2
    # And the other account is unaffected
    assert other.call("POST", "/questions", QUESTION).status_code == 201
