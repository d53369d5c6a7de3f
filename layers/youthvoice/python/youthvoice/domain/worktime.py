"""Working time in China: public holidays and make-up working days (调休), plus local overrides.

The official calendar comes from the `chinese-calendar` package, which knows only the years
published when it was released; for a day it does not know and no override covers, Monday to
Friday are working days and the caller is told (so operators can import the new year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar

from youthvoice.domain.errors import ValidationFailed

SHANGHAI = ZoneInfo("Asia/Shanghai")
SATURDAY = 5


def in_shanghai_if_naive(moment: dt.datetime) -> dt.datetime:
    """A moment given without a zone is the province's local time, not the server's."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=SHANGHAI)


@dataclass(frozen=True)
class WorkingHours:
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(18, 0)
    zone: ZoneInfo = SHANGHAI

    @property
    def per_day(self) -> dt.timedelta:
        return dt.datetime.combine(dt.date.min, self.end) - dt.datetime.combine(
            dt.date.min, self.start
        )


def _official(day: dt.date) -> bool:
    return bool(chinese_calendar.is_workday(day))


@dataclass
class WorkCalendar:
    """`overrides` maps a date to True (working) or False (holiday) and wins over everything."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    hours: WorkingHours = field(default_factory=WorkingHours)
    official: Callable[[dt.date], bool] = _official
    on_fallback: Callable[[dt.date], None] = lambda day: None

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return self.official(day)
        except NotImplementedError:
            self.on_fallback(day)
            return day.weekday() < SATURDAY

    def _opening(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.hours.start, tzinfo=self.hours.zone)

    def _closing(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.hours.end, tzinfo=self.hours.zone)

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """The moment itself if it falls in working hours, else the next opening."""
        local = moment.astimezone(self.hours.zone)
        day = local.date()
        if self.is_workday(day) and local < self._closing(day):
            return max(local, self._opening(day))
        day += dt.timedelta(days=1)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return self._opening(day)

    def add_working_time(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """`start` plus `amount` of working time; returned in UTC."""
        moment = self.next_working_moment(start)
        remaining = amount
        while True:
            available = self._closing(moment.date()) - moment
            if remaining <= available:
                return (moment + remaining).astimezone(dt.UTC)
            remaining -= available
            moment = self.next_working_moment(self._closing(moment.date()))

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """A working day is one day's working hours: 3 working days = 27 working hours at 9-18."""
        return self.add_working_time(start, days * self.hours.per_day)


@dataclass(frozen=True)
class CalendarDay:
    """An override: a local holiday, or a year's schedule before the package knows it."""

    day: dt.date
    working: bool
    name: str = ""


def parse_overrides(data: Any) -> list[CalendarDay]:
    """`{"days": [{"date": "2027-01-01", "working": false, "name": "元旦"}, ...]}`."""
    if not isinstance(data, dict) or not isinstance(data.get("days"), list):
        raise ValidationFailed('calendar: expected {"days": [{"date", "working", "name"?}, ...]}')
    days: dict[dt.date, CalendarDay] = {}
    for number, entry in enumerate(data["days"], start=1):
        where = f"calendar: day {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("working"), bool):
            raise ValidationFailed(f'{where}: needs "date" and "working": true|false')
        try:
            day = dt.date.fromisoformat(str(entry.get("date")))
        except ValueError:
            raise ValidationFailed(f"{where}: date must be YYYY-MM-DD") from None
        if day in days:
            raise ValidationFailed(f"{where}: {day} is listed twice")
        days[day] = CalendarDay(day, entry["working"], str(entry.get("name", "")))
    return sorted(days.values(), key=lambda d: d.day)
