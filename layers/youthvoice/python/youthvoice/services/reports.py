"""Reports over Shanghai dates: a platform's figures, a series, and one row per child platform.

Every report reads counter rows only (`domain.reports` chooses month rows and day rows), in one
BatchGet per 100 rows: a year's monthly series of the province is 12 rows, one BatchGet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from youthvoice.bootstrap import settings
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import NotFound
from youthvoice.domain.platforms import Platform
from youthvoice.domain.projection_keys import Scope
from youthvoice.domain.reports import DateRange, Grain, Interval, Row
from youthvoice.services.catalog import children_of, experts_on
from youthvoice.services.runtime import reference
from youthvoice.services.stats import PlatformStanding, Stats, counters, figures, ranked


@dataclass(frozen=True)
class Series:
    platform: Platform
    period: DateRange
    interval: Interval
    points: list[Stats]


def _platform(platform_id: str | None) -> Platform:
    platform = reference().find(platform_id or settings().root_platform)
    if platform is None:
        raise NotFound(f"platform {platform_id} does not exist")
    return platform


def _scope(platform_id: str, row: Row) -> Scope:
    grain, label = row
    if grain is Grain.MONTH:
        return projection_keys.platform_month(platform_id, label)
    return projection_keys.platform_day(platform_id, label)


def _summed(rows: Iterable[dict[str, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for row in rows:
        total.update(row)
    return dict(total)


def _dates(period: DateRange) -> tuple[str, str]:
    return period.first.isoformat(), period.last.isoformat()


def _counts_over(platforms: Sequence[Platform], period: DateRange) -> list[dict[str, int]]:
    """Each platform's counts summed over the range, from one read of all their rows."""
    rows = period.rows()
    scopes = {p.id: [_scope(p.id, row) for row in rows] for p in platforms}
    counts = counters().counts([scope for wanted in scopes.values() for scope in wanted])
    return [_summed(counts[s] for s in scopes[p.id]) for p in platforms]


def range_stats(platform_id: str | None, period: DateRange) -> Stats:
    """Visits are not counted by day, so a range has none; experts are today's."""
    platform = _platform(platform_id)
    (counts,) = _counts_over([platform], period)
    counts["experts"] = experts_on(platform.id)
    return figures(counts, platform.id, None, None, _dates(period))


def series(platform_id: str | None, period: DateRange, interval: Interval) -> Series:
    """One point per day, ISO week or month of the range; all rows in one read."""
    platform = _platform(platform_id)
    periods = period.split(interval)
    scopes = [[_scope(platform.id, row) for row in part.rows()] for part in periods]
    counts = counters().counts(list(dict.fromkeys(s for wanted in scopes for s in wanted)))
    points = [
        figures(_summed(counts[s] for s in wanted), platform.id, None, None, _dates(part))
        for part, wanted in zip(periods, scopes, strict=True)
    ]
    return Series(platform, period, interval, points)


def children(platform_id: str | None, period: DateRange | None) -> list[PlatformStanding]:
    """One row per child platform, ranked; all time without a range."""
    platform = _platform(platform_id)
    kids = children_of(platform.id)
    if period is None:
        scopes = [projection_keys.platform(child.id) for child in kids]
        found = counters().counts(scopes)
        counts = [found[scope] for scope in scopes]
    else:
        counts = _counts_over(kids, period)
    dates = _dates(period) if period else None
    stats = [figures(c, kid.id, None, None, dates) for kid, c in zip(kids, counts, strict=True)]
    return ranked(kids, stats)
