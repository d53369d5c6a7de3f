"""Reports over Shanghai dates: which counter rows cover a range, and how a range splits.

A range reads a platform's month rows for every month it holds whole and day rows for the rest,
so a year costs 12 rows and any range at most 12 + 60 (`ROWS_MAX`), whatever the questions.
Questions count on the day they were asked: a month's `answered` is how many of the questions
asked that month have an official answer by now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from youthvoice.domain.errors import ProblemCode, ValidationFailed

# A report spans at most a year (a leap year's 366 days): the monthly report officials send.
RANGE_DAYS_MAX = 366
# Month rows for whole months, day rows for the ragged ends: at most 12 + 2 × 30.
ROWS_MAX = 72


class Interval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Grain(StrEnum):
    """The two row families a range is read from."""

    DAY = "day"
    MONTH = "month"


Row = tuple[Grain, str]
"""One counter row of a platform: a day (YYYY-MM-DD) or a month (YYYY-MM)."""


def check_span(first: dt.date, last: dt.date, most_days: int) -> None:
    """`from` to `to`, both included, in order and at most `most_days` long."""
    if last < first:
        raise ValidationFailed.of(
            "to", ProblemCode.TOO_EARLY, "must not be before from", earliest="from"
        )
    if (last - first).days + 1 > most_days:
        raise ValidationFailed.of(
            "to", ProblemCode.SPAN_TOO_LONG, f"spans at most {most_days} days", max_days=most_days
        )


@dataclass(frozen=True)
class DateRange:
    """Shanghai dates, both ends included."""

    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, first: dt.date, last: dt.date) -> DateRange:
        check_span(first, last, RANGE_DAYS_MAX)
        return cls(first, last)

    def rows(self) -> list[Row]:
        """Month rows where the range holds the whole month, day rows elsewhere."""
        rows: list[Row] = []
        day = self.first
        while day <= self.last:
            month_end = _month_end(day)
            if day.day == 1 and month_end <= self.last:
                rows.append((Grain.MONTH, day.isoformat()[:7]))
                day = month_end + dt.timedelta(days=1)
            else:
                rows.append((Grain.DAY, day.isoformat()))
                day += dt.timedelta(days=1)
        return rows

    def split(self, interval: Interval) -> list[DateRange]:
        """Consecutive periods (ISO weeks from Monday, calendar months), cut at the range's ends."""
        periods: list[DateRange] = []
        start = self.first
        while start <= self.last:
            if interval is Interval.DAY:
                end = start
            elif interval is Interval.WEEK:
                end = start + dt.timedelta(days=6 - start.weekday())
            else:
                end = _month_end(start)
            periods.append(DateRange(start, min(end, self.last)))
            start = min(end, self.last) + dt.timedelta(days=1)
        return periods


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
