"""Operators' calendar overrides: a handful of days a year, in one partition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from youthvoice.data import keys
from youthvoice.data.models import CalendarDayItem, ContentItem
from youthvoice.data.platforms import of_kind
from youthvoice.domain.worktime import CalendarDay


class CalendarRepository:
    def overrides(self) -> dict[dt.date, bool]:
        """Every override: one Query on the CALENDAR partition (tens of items per year)."""
        return {
            dt.date.fromisoformat(item.day): bool(item.working)
            for item in of_kind(ContentItem.query(keys.CALENDAR), CalendarDayItem)
        }

    def put_all(self, days: Iterable[CalendarDay]) -> int:
        """Importing again replaces a day's entry: the file is the operator's statement."""
        count = 0
        with CalendarDayItem.batch_write() as batch:
            for day in days:
                batch.save(
                    CalendarDayItem(
                        keys.CALENDAR,
                        keys.calendar_day_sk(day.day.isoformat()),
                        day=day.day.isoformat(),
                        working=day.working,
                        name=day.name,
                    )
                )
                count += 1
        return count
