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
    assert "10 per hour" in body["error"]["detail"]
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


def refused_in(reply: Any, seconds: int) -> bool:
    """A 429 in the project's error shape that says to come back in `seconds`."""
    return (reply.status_code, reply.headers.get("Retry-After")) == (429, str(seconds)) and (
        reply.json_body["error"]["code"] == "too_many_requests"
    )


def send(stack: Stack, method: str, path: str, sub: str, role: Role, body: Any) -> Any:
    platform = "sx-03" if role is Role.STAFF else None
    headers = {**bearer(sub, role, platform), "Content-Type": "application/json"}
    return stack.http.request(method, path, headers=headers, body=json.dumps(body).encode())


HOUR_LEFT, DAY_LEFT = 40, 13 * 3600 + 40


def test_edits_of_questions_and_answers_are_limited_per_hour(bare_stack: Stack) -> None:
    # Given two edits an hour of each kind, and a question with a peer answer on it
    tight = {"QUOTA_QUESTION_EDITS_PER_HOUR": "2", "QUOTA_ANSWER_EDITS_PER_HOUR": "2"}
    with quotas_of(tight):
        question = ask(bare_stack, "youth-reviser")[2]["id"]
        answer = send(bare_stack, "POST", f"/questions/{question}/answers", "youth-helper",
                      Role.YOUTH, {"body": "可以去人才市场看看"}).json_body["id"]  # fmt: skip
        # When the asker edits the question three times and the helper the answer three times
        titles = [
            send(bare_stack, "PATCH", f"/questions/{question}", "youth-reviser", Role.YOUTH,
                 {"title": f"毕业后去哪里找工作（第{n}稿）"})
            for n in range(3)
        ]  # fmt: skip
        bodies = [
            send(bare_stack, "PATCH", f"/answers/{answer}", "youth-helper", Role.YOUTH,
                 {"body": f"可以去人才市场看看（补充{n}）"})
            for n in range(3)
        ]  # fmt: skip
        # And another young person edits their own question
        other = ask(bare_stack, "youth-other-reviser")[2]["id"]
        theirs = send(bare_stack, "PATCH", f"/questions/{other}", "youth-other-reviser",
                      Role.YOUTH, {"title": "毕业后去哪里找工作呢"})  # fmt: skip
    # Then each third edit is refused until the hour ends, and the other person's goes through
    assert [r.status_code for r in titles[:2] + bodies[:2]] == [200] * 4
    assert refused_in(titles[2], HOUR_LEFT) and refused_in(bodies[2], HOUR_LEFT)
    assert "2 per hour" in titles[2].json_body["error"]["detail"]
    assert theirs.status_code == 200


def test_question_edits_are_limited_per_day(bare_stack: Stack) -> None:
    # Given three question edits a day, spent an hour ago
    with quotas_of({"QUOTA_QUESTION_EDITS_PER_DAY": "3"}):
        question = ask(bare_stack, "youth-daily-reviser")[2]["id"]
        path = f"/questions/{question}"
        with clock_set_to(lambda: AT - dt.timedelta(hours=1)):
            for n in range(3):
                edit = {"body": f"想了解招聘渠道（第{n}次补充）"}
                reply = send(bare_stack, "PATCH", path, "youth-daily-reviser", Role.YOUTH, edit)
                assert reply.status_code == 200
        # When the asker edits again in this hour
        fourth = send(bare_stack, "PATCH", path, "youth-daily-reviser", Role.YOUTH, {"tags": []})
    # Then it waits for the day to end
    assert refused_in(fourth, DAY_LEFT)


def test_peer_answers_have_hourly_and_daily_quotas_apart_from_official_ones(
    bare_stack: Stack,
) -> None:
    # Given two peer answers an hour and three a day, and two questions
    tight = {"QUOTA_PEER_ANSWERS_PER_HOUR": "2", "QUOTA_PEER_ANSWERS_PER_DAY": "3"}
    with quotas_of(tight):
        first, second = (ask(bare_stack, f"youth-peer-asker-{n}")[2]["id"] for n in range(2))

        def answer(question: str, sub: str, role: Role = Role.YOUTH) -> Any:
            body = {"body": "我去年也遇到过，可以先去人才市场"}
            return send(bare_stack, "POST", f"/questions/{question}/answers", sub, role, body)

        # When a young person answers three times in this hour
        hourly = [answer(q, "youth-chatty").status_code for q in (first, second)]
        third = answer(first, "youth-chatty")
        # And once more in the next hour, then again
        with clock_set_to(lambda: AT + dt.timedelta(seconds=HOUR_LEFT)):
            next_hour = answer(second, "youth-chatty").status_code
            fourth = answer(first, "youth-chatty")
        # And staff answer both questions officially, and another young person answers
        official = [answer(q, "staff-answering", Role.STAFF).status_code for q in (first, second)]
        other = answer(first, "youth-quiet").status_code
    # Then the third is refused until the hour ends, the fourth until the day ends
    assert (hourly, next_hour) == ([201, 201], 201)
    assert refused_in(third, HOUR_LEFT)
    assert refused_in(fourth, DAY_LEFT - HOUR_LEFT)
    # And official answers and the other young person spend nothing of theirs
    assert (official, other) == ([201, 201], 201)


def alliance_of(stack: Stack, founder: str) -> str:
    reply = send(stack, "POST", "/alliances", founder, Role.STAFF, {
        "name": "就业创业服务联盟", "platform_id": "sx-03", "topics": ["employment"],
        "members": [{"org": "太原人才中心", "contact": "0351-1234567"}],
        "member_user_ids": ["youth-mentor"],
    })  # fmt: skip
    assert reply.status_code == 201, reply.json_body
    alliance_id: str = reply.json_body["id"]
    return alliance_id


def at(hours: float) -> str:
    return (AT + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def activity_draft(alliance_id: str, *, held: bool) -> dict[str, Any]:
    """An activity already over (to close out), or one open for signups."""
    start, signups = (-3, (-5, -4)) if held else (48, (-1, 24))
    return {
        "alliance_id": alliance_id, "title": "就业讲座", "location": "太原学院礼堂",
        "starts_at": at(start), "ends_at": at(start + 1), "signup_opens_at": at(signups[0]),
        "signup_closes_at": at(signups[1]), "capacity": 5, "unit": "person",
    }  # fmt: skip


def test_activity_creation_and_close_out_are_limited_per_day(bare_stack: Stack) -> None:
    # Given two new activities and one close-out a day
    with quotas_of({"QUOTA_ACTIVITIES_PER_DAY": "2", "QUOTA_ACTIVITY_CLOSES_PER_DAY": "1"}):
        alliance_id = alliance_of(bare_stack, "staff-organiser")
        draft = activity_draft(alliance_id, held=True)
        # When one member of staff announces three activities and closes two out
        created = [send(bare_stack, "POST", "/activities", "staff-organiser", Role.STAFF, draft)
                   for _ in range(3)]  # fmt: skip
        closes = [
            send(bare_stack, "POST", f"/activities/{reply.json_body['id']}/close",
                 "staff-organiser", Role.STAFF, {"summary": "讲解了招聘渠道"})
            for reply in created[:2]
        ]  # fmt: skip
        # And a colleague announces one and closes it out
        theirs = send(bare_stack, "POST", "/activities", "staff-colleague", Role.STAFF, draft)
        their_close = send(bare_stack, "POST", f"/activities/{theirs.json_body['id']}/close",
                           "staff-colleague", Role.STAFF, {"summary": "讲了渠道"})  # fmt: skip
    # Then the third announcement and the second close-out wait for the day to end
    assert [r.status_code for r in created[:2]] == [201, 201]
    assert refused_in(created[2], DAY_LEFT)
    assert closes[0].status_code == 200 and refused_in(closes[1], DAY_LEFT)
    # And the colleague's go through
    assert (theirs.status_code, their_close.status_code) == (201, 200)


def test_wrong_check_in_codes_are_limited_per_activity_and_a_crowd_is_not(
    bare_stack: Stack,
) -> None:
    # Given two wrong codes per activity an hour, and two activities with four people signed up
    with quotas_of({"QUOTA_WRONG_CHECKIN_CODES_PER_HOUR": "2"}):
        alliance_id = alliance_of(bare_stack, "staff-checker")
        activities = [
            send(bare_stack, "POST", "/activities", "staff-checker", Role.STAFF,
                 activity_draft(alliance_id, held=False)).json_body["id"]
            for _ in range(2)
        ]  # fmt: skip
        codes = [
            send(bare_stack, "POST", f"/activities/{activities[0]}/signups", f"youth-guest-{n}",
                 Role.YOUTH, {}).json_body["code"]
            for n in range(4)
        ]  # fmt: skip

        def check_in(activity: str, code: str, sub: str = "youth-mentor") -> Any:
            role = Role.STAFF if sub.startswith("staff") else Role.YOUTH
            return send(bare_stack, "POST", f"/activities/{activity}/checkins", sub, role,
                        {"code": code})  # fmt: skip

        # When the mentor checks three good codes in, then tries three wrong ones and a good one
        crowd = [check_in(activities[0], code).status_code for code in codes[:3]]
        wrong = [check_in(activities[0], "ZZZZZZZZ") for _ in range(3)]
        right = check_in(activities[0], codes[3])
        # And tries a wrong code at the other activity, and staff check the good one in
        elsewhere = check_in(activities[1], "ZZZZZZZZ").status_code
        by_staff = check_in(activities[0], codes[3], "staff-checker").status_code
    # Then the crowd's good codes spend nothing, and the third wrong code is refused
    assert crowd == [200, 200, 200]
    assert [r.status_code for r in wrong[:2]] == [404, 404]
    assert refused_in(wrong[2], HOUR_LEFT)
    # And so is a right code while the wrong ones are spent, so guessing cannot go on
    assert refused_in(right, HOUR_LEFT)
    # And the other activity and another checker are not affected
    assert (elsewhere, by_staff) == (404, 200)
