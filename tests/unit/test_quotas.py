"""Per-user quotas: fixed windows on the epoch, the wait a refusal carries, who is exempt."""

from __future__ import annotations

import datetime as dt

import pytest

from youthvoice.config import SettingsError, load_settings
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.quotas import DAY, HOUR, MINUTE, Action, Quota, QuotaPolicy, refusal

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
