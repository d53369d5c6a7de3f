"""Recount projections from the source of truth and report (optionally repair) any drift."""

from __future__ import annotations

from dataclasses import dataclass

from youthvoice.data.experts import ExpertRepository
from youthvoice.data.platforms import PlatformRepository
from youthvoice.data.projections import CounterRepository
from youthvoice.domain.platforms import Platform


@dataclass(frozen=True)
class Drift:
    platform_id: str
    metric: str
    projected: int
    recounted: int


def _subtree_totals(platforms: list[Platform], own: dict[str, int]) -> dict[str, int]:
    totals = dict(own)
    for platform in platforms:
        for ancestor in platform.ancestors:
            totals[ancestor] += own[platform.id]
    return totals


def reconcile_counters(root_id: str, repair: bool) -> list[Drift]:
    """Cost: one Query per platform plus one BatchGet per 100 counters, never a Scan."""
    repository = PlatformRepository()
    root = repository.get(root_id)
    platforms = [] if root is None else [root, *_descendants(repository, root_id)]
    experts = ExpertRepository()
    own = {p.id: experts.count_active_on(p.id) for p in platforms}
    recounted = _subtree_totals(platforms, own)
    counters = CounterRepository()
    projected = counters.platform_counts([p.id for p in platforms])
    drifts = [
        Drift(pid, "experts", projected[pid], count)
        for pid, count in recounted.items()
        if projected[pid] != count
    ]
    if repair:
        for drift in drifts:
            counters.set_platform_experts(drift.platform_id, drift.recounted)
    return drifts


def _descendants(repository: PlatformRepository, parent_id: str) -> list[Platform]:
    found = []
    for child in repository.children(parent_id):
        found.append(child)
        found.extend(_descendants(repository, child.id))
    return found
