"""Per-user quotas on writes, spent at the top of each limited use case (before any other work)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain.identity import Principal
from youthvoice.domain.quotas import Action, Quota, QuotaPolicy, refusal


class QuotaCounters(Protocol):
    def spend(
        self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str = ""
    ) -> list[Quota]: ...

    def full(
        self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str = ""
    ) -> list[Quota]: ...


def counters() -> QuotaCounters:
    return dependencies().stores.quotas


def policy() -> QuotaPolicy:
    return settings().quotas


def spend(principal: Principal, action: Action, scope: str = "") -> None:
    """One conditional update; raises TooManyRequests (429) with the wait when a window is full.

    Every attempt counts, whatever becomes of it, so probing with invalid requests costs the same.
    A `scope` (an activity id) keeps a count of its own per user and scope.
    """
    _enforce(principal, action, scope, spending=True)


def require_room(principal: Principal, action: Action, scope: str = "") -> None:
    """For an action spent only when it fails (a wrong guess): one read refuses the attempt while
    a window is full, so once the wrong guesses are spent a right one cannot get through either."""
    _enforce(principal, action, scope, spending=False)


def _enforce(principal: Principal, action: Action, scope: str, *, spending: bool) -> None:
    quotas = policy().quotas(principal, action)
    if not quotas:
        return
    moment = now()
    store = counters()
    exhausted = (store.spend if spending else store.full)(principal.sub, quotas, moment, scope)
    if exhausted:
        raise refusal(exhausted, moment)
