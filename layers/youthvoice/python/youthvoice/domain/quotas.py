"""Per-user quotas on writes: how many of one action a user may take in a fixed window.

Windows are fixed, aligned to the Unix epoch (UTC): an hour window starts on the hour, a day
window at 00:00 UTC (08:00 in Shanghai). An action may have several quotas (asks: per hour and
per day); the shorter windows must divide the longest, so one stored item per (user, action,
longest window) holds every count of that action and one conditional update spends them all
(wrong check-in codes have one item per activity too).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from youthvoice.domain.errors import TooManyRequests, ValidationFailed
from youthvoice.domain.identity import Principal, Role

MINUTE, HOUR, DAY = 60, 3600, 86400
# Admins run the platform (imports, sweeps, moderation at scale) and are few and audited.
EXEMPT_ROLES = frozenset({Role.ADMIN})


class Action(StrEnum):
    ASK = "ask"
    ANSWER = "answer"
    PEER_ANSWER = "peer_answer"
    EDIT_QUESTION = "edit_question"
    EDIT_ANSWER = "edit_answer"
    FLAG = "flag"
    LIKE = "like"
    SIGNUP = "signup"
    NICKNAME = "nickname"
    CREATE_ACTIVITY = "create_activity"
    CLOSE_ACTIVITY = "close_activity"
    # A check-in code that matched no signup, counted per activity: a crowd's good codes spend
    # nothing, so no limit has to stay above an activity's capacity.
    WRONG_CHECKIN_CODE = "wrong_checkin_code"
    # `GET /me/export` spends EXPORT_ME; `DELETE /me` will spend ERASE_ME when it is built.
    ERASE_ME = "erase_me"
    EXPORT_ME = "export_me"


@dataclass(frozen=True)
class Quota:
    """At most `limit` of `action` in each window of `window` seconds."""

    action: Action
    limit: int
    window: int

    def window_start(self, moment: dt.datetime) -> int:
        """The window holding `moment`, as the Unix second it starts at."""
        second = int(moment.timestamp())
        return second - second % self.window

    def window_end(self, moment: dt.datetime) -> int:
        return self.window_start(moment) + self.window

    def seconds_left(self, moment: dt.datetime) -> int:
        """Whole seconds until the window ends: at least 1, so a client never retries at once."""
        return max(1, math.ceil(self.window_end(moment) - moment.timestamp()))

    def describe(self) -> str:
        unit = {MINUTE: "minute", HOUR: "hour", DAY: "day"}.get(self.window)
        return f"{self.limit} per {unit}" if unit else f"{self.limit} per {self.window} s"


@dataclass(frozen=True)
class QuotaPolicy:
    """Every action's quotas, checked when the settings are read."""

    by_action: Mapping[Action, tuple[Quota, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, quotas: Iterable[Quota]) -> QuotaPolicy:
        grouped: dict[Action, tuple[Quota, ...]] = {}
        for quota in quotas:
            grouped[quota.action] = (*grouped.get(quota.action, ()), quota)
        for action, group in grouped.items():
            longest = frame(group)
            uneven = [q for q in group if longest.window % q.window]
            if uneven:
                raise ValidationFailed(
                    f"{action}: a window of {uneven[0].window} s does not divide "
                    f"the longest window ({longest.window} s)"
                )
        return cls(grouped)

    def quotas(self, principal: Principal, action: Action) -> tuple[Quota, ...]:
        """What this request must spend: nothing for exempt roles."""
        return () if principal.role in EXEMPT_ROLES else self.by_action.get(action, ())


def frame(quotas: Sequence[Quota]) -> Quota:
    """The quota with the longest window: its window is the one stored item's lifetime."""
    return max(quotas, key=lambda quota: quota.window)


def refusal(exhausted: Sequence[Quota], moment: dt.datetime) -> TooManyRequests:
    """Retry once every full window has ended: the longest wait among them."""
    wait = max(quota.seconds_left(moment) for quota in exhausted)
    limits = ", ".join(quota.describe() for quota in exhausted)
    return TooManyRequests(
        f"too many {exhausted[0].action} requests (at most {limits}): retry in {wait} s",
        retry_after=wait,
    )
