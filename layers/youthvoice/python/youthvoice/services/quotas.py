"""Per-user quotas on writes, spent at the top of each limited use case (before any other work)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain.identity import Principal
from youthvoice.domain.quotas import Action, Quota, QuotaPolicy, refusal


class QuotaCounters(Protocol):
    def spend(self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime) -> list[Quota]: ...


def counters() -> QuotaCounters:
    return dependencies().stores.quotas


def policy() -> QuotaPolicy:
    return settings().quotas


def spend(principal: Principal, action: Action) -> None:
    """One conditional update; raises TooManyRequests (429) with the wait when a window is full.

    Every attempt counts, whatever becomes of it, so probing with invalid requests costs the same.
    """
    quotas = policy().quotas(principal, action)
    if not quotas:
        return
    moment = now()
    exhausted = counters().spend(principal.sub, quotas, moment)
    if exhausted:
        raise refusal(exhausted, moment)
