"""Per-user quotas: fixed windows on the epoch, the wait a refusal carries, who is exempt."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.unit.fakes import FakeClock, FakeStores
from youthvoice.bootstrap import bootstrap, installed
from youthvoice.config import SettingsError, get_settings, load_settings
from youthvoice.domain.errors import TooManyRequests, ValidationFailed
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.questions import answer_quota
from youthvoice.domain.quotas import (
    DAY,
    HOUR,
    MINUTE,
    Action,
    Quota,
    QuotaPolicy,
    frame,
    refusal,
)
from youthvoice.services import quotas

AT = dt.datetime(2026, 11, 2, 10, 59, 20, 500_000, tzinfo=dt.UTC)
YOUTH = Principal("youth-1", Role.YOUTH, None)


def test_a_window_starts_on_its_boundary_and_the_wait_rounds_up() -> None:
    # Given an hourly quota and a moment 39.5 s before 11:00 UTC
    hourly = Quota(Action.ASK, 10, HOUR)
    # When the window and the wait are computed
    start = dt.datetime.fromtimestamp(hourly.window_start(AT), dt.UTC)
    # Then the window is 10:00-11:00 and the wait is 40 whole seconds
    assert start == dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    assert hourly.window_end(AT) - hourly.window_start(AT) == HOUR
    assert hourly.seconds_left(AT) == 40


def test_a_refusal_waits_for_the_last_full_window_and_names_the_limits() -> None:
    # Given the hourly and the daily ask quotas both full
    hourly, daily = Quota(Action.ASK, 10, HOUR), Quota(Action.ASK, 30, DAY)
    # When the refusal is made
    error = refusal([hourly, daily], AT)
    # Then the client waits until the day's end (13 h 0 min 40 s), and is told both limits
    assert error.retry_after == 13 * HOUR + 40
    assert "10 per hour" in error.message and "30 per day" in error.message


def test_admins_spend_nothing_and_others_spend_every_quota_of_the_action() -> None:
    # Given the default quotas
    policy = load_settings({}).quotas
    # When a young person and an admin ask
    youth = policy.quotas(YOUTH, Action.ASK)
    admin = policy.quotas(Principal("admin-1", Role.ADMIN, None), Action.ASK)
    # Then the young person spends 10 per hour and 30 per day, the admin nothing
    assert {(q.limit, q.window) for q in youth} == {(10, HOUR), (30, DAY)}
    assert admin == ()
    assert [(q.limit, q.window) for q in policy.quotas(YOUTH, Action.ANSWER)] == [(20, MINUTE)]
    assert [q.limit for q in policy.quotas(YOUTH, Action.SIGNUP)] == [10]


def test_shorter_windows_must_divide_the_longest() -> None:
    # Given a 45-minute window next to an hourly one
    # When the policy is built
    # Then it is refused: the two could not share one stored item
    with pytest.raises(ValidationFailed, match="2700 s does not divide"):
        QuotaPolicy.of([Quota(Action.ASK, 5, 45 * MINUTE), Quota(Action.ASK, 10, HOUR)])


def test_quota_settings_override_the_defaults_and_are_checked() -> None:
    # Given an operator's lower ask limit, and a mistaken one
    # When the settings load
    policy = load_settings({"QUOTA_ASKS_PER_HOUR": "3"}).quotas
    # Then the override is used, and the mistake names its setting
    assert min(q.limit for q in policy.quotas(YOUTH, Action.ASK)) == 3
    with pytest.raises(SettingsError, match="QUOTA_LIKES_PER_HOUR"):
        load_settings({"QUOTA_LIKES_PER_HOUR": "0"})


@pytest.mark.parametrize(
    ("action", "frames"),
    [
        (Action.PEER_ANSWER, {(20, MINUTE), (30, HOUR), (100, DAY)}),
        (Action.EDIT_QUESTION, {(10, HOUR), (30, DAY)}),
        (Action.EDIT_ANSWER, {(20, HOUR), (60, DAY)}),
        (Action.CREATE_ACTIVITY, {(20, DAY)}),
        (Action.CLOSE_ACTIVITY, {(20, DAY)}),
        (Action.WRONG_CHECKIN_CODE, {(30, HOUR)}),
        (Action.ERASE_ME, {(3, DAY)}),
        (Action.EXPORT_ME, {(5, DAY)}),
    ],
)
def test_every_repeatable_write_has_default_quotas(
    action: Action, frames: set[tuple[int, int]]
) -> None:
    # Given the default quotas
    policy = load_settings({}).quotas
    # When a young person takes the action
    spent = policy.quotas(YOUTH, action)
    # Then it spends these limits and windows, in one stored item of its longest window
    assert {(q.limit, q.window) for q in spent} == frames
    assert frame(spent).window == max(window for _, window in frames)


def test_the_answers_burst_setting_also_bounds_peer_answers() -> None:
    # Given an operator's lower per-minute answer limit
    policy = load_settings({"QUOTA_ANSWERS_PER_MINUTE": "5"}).quotas
    # When the quotas of official and peer answers are read
    # Then both use it, and peer answers keep their own hour and day
    for action in (Action.ANSWER, Action.PEER_ANSWER):
        assert (5, MINUTE) in {(q.limit, q.window) for q in policy.quotas(YOUTH, action)}
    assert len(policy.quotas(YOUTH, Action.PEER_ANSWER)) == 3


@pytest.mark.parametrize(
    ("role", "action"),
    [
        (Role.YOUTH, Action.PEER_ANSWER),
        (Role.EXPERT, Action.ANSWER),
        (Role.STAFF, Action.ANSWER),
        (Role.ADMIN, Action.ANSWER),
    ],
)
def test_only_a_young_persons_answer_spends_the_peer_quotas(role: Role, action: Action) -> None:
    # Given an author of each role
    # When their answer's quota is chosen, before the question is read
    # Then only a young person's (who can only answer as a peer) is a peer answer's
    assert answer_quota(Principal("someone", role, None)) is action


def test_wrong_codes_count_per_activity_and_a_full_window_refuses_the_next_attempt(
    stores: FakeStores, clock: FakeClock
) -> None:
    # Given two wrong check-in codes an hour, spent at one activity
    limited = dataclasses.replace(
        get_settings(), quotas=load_settings({"QUOTA_WRONG_CHECKIN_CODES_PER_HOUR": "2"}).quotas
    )
    checker = Principal("mentor-1", Role.YOUTH, None)
    with installed(bootstrap(limited, clock, stores)):
        for _ in range(2):
            quotas.require_room(checker, Action.WRONG_CHECKIN_CODE, scope="activity-1")
            quotas.spend(checker, Action.WRONG_CHECKIN_CODE, scope="activity-1")
        # When the checker tries again there, at another activity, and another checker there
        with pytest.raises(TooManyRequests) as refused:
            quotas.require_room(checker, Action.WRONG_CHECKIN_CODE, scope="activity-1")
        quotas.require_room(checker, Action.WRONG_CHECKIN_CODE, scope="activity-2")
        quotas.spend(
            Principal("staff-1", Role.STAFF, "sx"), Action.WRONG_CHECKIN_CODE, "activity-1"
        )
        # Then only the first is refused, until the hour ends (it is 01:00 UTC)
        assert refused.value.retry_after == HOUR
        # And an hour later the checker may try again
        clock.moment += dt.timedelta(hours=1)
        quotas.require_room(checker, Action.WRONG_CHECKIN_CODE, scope="activity-1")
