"""Recount projections from the source of truth and report (optionally repair) any drift."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from youthvoice.bootstrap import dependencies
from youthvoice.domain import projection_keys
from youthvoice.domain.alliances import Activity
from youthvoice.domain.experts import Expert
from youthvoice.domain.platforms import Platform
from youthvoice.domain.projection import Change, effects
from youthvoice.domain.projection_keys import RECOUNTABLE_SCOPES, CounterKey, Scope
from youthvoice.domain.questions import Question
from youthvoice.services.catalog import PlatformTree
from youthvoice.services.stats import Counters


class PlatformQuestions(Protocol):
    def asked_on(self, platform_id: str) -> Iterator[Question]: ...


class PlatformExperts(Protocol):
    def all_on(self, platform_id: str) -> Iterator[Expert]: ...


class PlatformActivities(Protocol):
    def hosted_on(self, platform_id: str) -> Iterator[Activity]: ...


class CounterRepair(Counters, Protocol):
    def set_metric(self, scope: str, scope_id: str, metric: str, value: int) -> None:
        """An absolute value: only while the stream is caught up, or a delta in flight is lost."""


def _platforms() -> PlatformTree:
    return dependencies().stores.platforms


def _questions() -> PlatformQuestions:
    return dependencies().stores.questions


def _experts() -> PlatformExperts:
    return dependencies().stores.experts


def _activities() -> PlatformActivities:
    return dependencies().stores.activities


def _counters() -> CounterRepair:
    return dependencies().stores.counters


@dataclass(frozen=True)
class Drift:
    scope: str
    scope_id: str
    metric: str
    projected: int
    recounted: int


def subtree(root_id: str) -> list[Platform]:
    platforms = _platforms()
    root = platforms.get(root_id)
    if root is None:
        return []
    found = [root]
    for platform in found:
        found.extend(platforms.children(platform.id))
    return found


def recount(platforms: list[Platform]) -> Counter[CounterKey]:
    """The counters Content implies, from one Query per platform for questions, experts and
    the activities it hosts.

    Expert points are not recounted here: they need every question's answers.
    """
    questions = _questions()
    experts = _experts()
    activities = _activities()
    total: Counter[CounterKey] = Counter()

    def entities() -> Iterator[Change]:
        for platform in platforms:
            for question in questions.asked_on(platform.id):
                yield Change("recount", "0", None, question, question.lineage)
            for expert in experts.all_on(platform.id):
                yield Change("recount", "0", None, expert, expert.lineage)
            for activity in activities.hosted_on(platform.id):
                yield Change("recount", "0", None, activity, activity.lineage)

    for change in entities():
        total.update(effects(change).counters)
    return Counter({k: v for k, v in total.items() if v and k.scope in RECOUNTABLE_SCOPES})


def reconcile_counters(root_id: str, repair: bool) -> list[Drift]:
    """Each scope's recounted metrics are grouped once, so the comparison is linear in the
    counter rows (a province's daily platform-topic rows run to many thousands)."""
    platforms = subtree(root_id)
    recounted = recount(platforms)
    counters = _counters()
    recounted_metrics: dict[Scope, set[str]] = {
        projection_keys.platform(p.id): set() for p in platforms
    }
    for key in recounted:
        recounted_metrics.setdefault((key.scope, key.scope_id), set()).add(key.metric)
    scopes = sorted(recounted_metrics)
    projected = counters.counts(scopes)
    drifts = []
    for scope, scope_id in scopes:
        have = projected[(scope, scope_id)]
        for metric in sorted(recounted_metrics[(scope, scope_id)] | set(have)):
            want = recounted[CounterKey(scope, scope_id, metric)]
            if have.get(metric, 0) != want:
                drifts.append(Drift(scope, scope_id, metric, have.get(metric, 0), want))
    if repair:
        for drift in drifts:
            counters.set_metric(drift.scope, drift.scope_id, drift.metric, drift.recounted)
    return drifts
