"""The audit trail: one immutable entry per privileged act (who, role, platform, what, which item,
when, request id), read by admins and by staff for their platform's subtree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from youthvoice.domain.access import require_supervisor
from youthvoice.domain.errors import Forbidden, ProblemCode, Problems
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.reports import check_span
from youthvoice.domain.timestamps import EARLIEST_YEAR, LATEST_YEAR, YEARS, outside_years
from youthvoice.domain.worktime import SHANGHAI

AUDIT_RETENTION_DAYS = 400
"""Days an entry is kept before its TTL lets DynamoDB delete it. China's Cybersecurity Law
(art. 21) asks for at least six months of logs; 400 days keeps a full year and a quarter, so a
yearly review and the inquiries that follow it still find the whole year."""

READ_SPAN_DAYS_MAX = AUDIT_RETENTION_DAYS
"""One read covers at most what is kept: at most 14 month buckets, one Query each."""


@dataclass(frozen=True)
class AuditEntry:
    """`lineage` is the act's platform and its ancestors, nearest first: staff at any of them
    read the entry."""

    id: str
    at: str
    actor: str
    role: Role
    lineage: tuple[str, ...]
    action: str
    item_kind: str
    item_id: str
    request_id: str | None

    @property
    def platform_id(self) -> str:
        return self.lineage[0]

    @property
    def expires_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at) + dt.timedelta(days=AUDIT_RETENTION_DAYS)


@dataclass(frozen=True)
class AuditWindow:
    """Shanghai dates, both ends included, as UTC moments: `first` <= an entry's `at` < `end`."""

    first: str
    end: str

    @classmethod
    def of(cls, first: dt.date, last: dt.date) -> AuditWindow:
        problems = Problems()
        for name, day in (("from", first), ("to", last)):
            if outside_years(day):
                years = {"min_year": EARLIEST_YEAR, "max_year": LATEST_YEAR}
                problems.add(name, ProblemCode.OUT_OF_RANGE, YEARS, **years)
        problems.raise_any()
        check_span(first, last, READ_SPAN_DAYS_MAX)
        return cls(_utc_midnight(first), _utc_midnight(last + dt.timedelta(days=1)))

    @classmethod
    def default(cls, today: dt.date) -> AuditWindow:
        """Everything still kept."""
        return cls.of(today - dt.timedelta(days=READ_SPAN_DAYS_MAX - 1), today)

    def months(self) -> list[str]:
        """The UTC months (`YYYY-MM`) the window touches, newest first: one bucket each."""
        month = self.end[:7] if not self.end.endswith("-01T00:00:00Z") else _previous(self.end)
        months = [month]
        while months[-1] > self.first[:7]:
            months.append(_previous(months[-1] + "-01"))
        return months


def _utc_midnight(day: dt.date) -> str:
    moment = dt.datetime.combine(day, dt.time(), SHANGHAI).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _previous(month_start: str) -> str:
    """The month before the one `month_start` (`YYYY-MM-...`) falls in."""
    year, month = int(month_start[:4]), int(month_start[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def require_reader(principal: Principal, lineage: Sequence[str]) -> None:
    """Admins read every entry; staff their subtree's; nobody else any."""
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise Forbidden("only staff and admins read the audit trail")
    require_supervisor(principal, lineage, "read this platform's audit trail")
