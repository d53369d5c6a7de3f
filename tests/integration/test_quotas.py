"""Per-user quotas over HTTP: the default limits answer 429 with Retry-After, per user."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.bootstrap import bootstrap, clock_set_to, installed
from youthvoice.config import get_settings, load_settings
from youthvoice.domain.identity import Role

# 40 s before the hour ends (UTC); the day ends 13 h later.
AT = dt.datetime(2026, 11, 2, 10, 59, 20, tzinfo=dt.UTC)
QUESTION = {"title": "毕业后去哪里找工作", "body": "想了解招聘渠道", "topic": "employment"}


@contextmanager
def quotas_of(environment: dict[str, str]) -> Iterator[None]:
    """Use cases spend the quotas these settings give (the suite's settings lift them), on a
    fixed clock."""
    limited = dataclasses.replace(get_settings(), quotas=load_settings(environment).quotas)
    with installed(bootstrap(limited, lambda: AT)):
        yield


@pytest.fixture(autouse=True)
def default_quotas() -> Iterator[None]:
    """The shipped defaults."""
    with quotas_of({}):
        yield


def ask(stack: Stack, sub: str, role: Role = Role.YOUTH) -> tuple[int, dict[str, str], Any]:
    response = stack.http.request(
        "POST",
        "/questions",
        headers={**bearer(sub, role), "Content-Type": "application/json"},
        body=json.dumps({**QUESTION, "platform_id": "sx-03-01"}).encode(),
    )
    return response.status_code, response.headers, response.json_body


def test_the_eleventh_question_in_an_hour_is_refused_until_the_hour_ends(
    bare_stack: Stack,
) -> None:
    # Given a young person who asked 10 questions this hour (the default quota)
    assert [ask(bare_stack, "youth-eager")[0] for _ in range(10)] == [201] * 10
    # When they ask an eleventh
    status, headers, body = ask(bare_stack, "youth-eager")
    # Then it is a 429 in the error shape, to be retried when the hour ends (40 s)
    assert status == 429
    assert headers["Retry-After"] == "40"
    assert body["error"]["code"] == "too_many_requests"
    assert "10 per hour" in body["error"]["message"]
    # And someone else, and an admin, may still ask
    assert ask(bare_stack, "youth-patient")[0] == 201
    assert ask(bare_stack, "admin-busy", Role.ADMIN)[0] == 201
    # And in the next hour the first may ask again
    with clock_set_to(lambda: AT + dt.timedelta(seconds=40)):
        assert ask(bare_stack, "youth-eager")[0] == 201


def test_the_day_quota_holds_across_hours(bare_stack: Stack) -> None:
    # Given a young person who asked 10 questions in each of three hours (30, the day's quota)
    for hour in range(3):
        with clock_set_to(functools.partial(operator.sub, AT, dt.timedelta(hours=hour))):
            assert {ask(bare_stack, "youth-daylong")[0] for _ in range(10)} == {201}
    # When they ask in the next hour
    with clock_set_to(lambda: AT + dt.timedelta(hours=1)):
        status, headers, _ = ask(bare_stack, "youth-daylong")
    # Then they wait for the day to end (00:00 UTC), 12 h 0 min 40 s later
    assert status == 429
    assert headers["Retry-After"] == str(12 * 3600 + 40)


def test_answers_flags_and_likes_have_their_own_quotas(bare_stack: Stack) -> None:
    # Given quotas of one answer, one flag and one like, and a question with an answer on it
    tight = {"QUOTA_ANSWERS_PER_MINUTE": "1", "QUOTA_FLAGS_PER_HOUR": "1"}
    with quotas_of({**tight, "QUOTA_LIKES_PER_HOUR": "1"}):
        first, second = (ask(bare_stack, f"youth-asker-{n}")[2]["id"] for n in range(2))
        peer: Caller = as_user(bare_stack, "youth-busy", Role.YOUTH)
        answer = peer.post(f"/questions/{first}/answers", {"body": "可以去人才市场看看"})
        assert answer.status == 201
        # When the same user answers, flags and likes twice each
        replies = {
            "answer": peer.post(f"/questions/{second}/answers", {"body": "看看招聘网站"}).status,
            "flags": [peer.post(f"/questions/{q}/flags", {"reason": "广告"}).status
                      for q in (first, second)],
            "likes": [as_user(bare_stack, "youth-fan", Role.YOUTH)
                      .post(f"/answers/{answer.body['id']}/likes").status for _ in range(2)],
        }  # fmt: skip
    # Then each second one is refused, whatever the other actions spent
    assert replies == {"answer": 429, "flags": [201, 429], "likes": [201, 429]}
