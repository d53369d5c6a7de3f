"""Working-time arithmetic over China's calendar (2025 National Day and Mid-Autumn included)."""

from __future__ import annotations

import datetime as dt

from youthvoice.domain.worktime import SHANGHAI, WorkCalendar

HOUR = dt.timedelta(hours=1)


def local(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_the_2025_golden_week_is_skipped_and_the_make_up_sunday_works() -> None:
    calendar = WorkCalendar()
    # 1-8 October 2025 are holidays; Sunday 28 September and Saturday 11 October are working days
    assert calendar.add_working_time(local(2025, 9, 30, 17, 0), 2 * HOUR) == local(
        2025, 10, 9, 10, 0
    )
    assert calendar.add_working_time(local(2025, 9, 27, 10, 0), HOUR) == local(2025, 9, 28, 10, 0)
    assert calendar.add_working_days(local(2025, 10, 10, 9, 0), 1) == local(2025, 10, 10, 18, 0)
    assert calendar.add_working_days(local(2025, 10, 10, 12, 0), 1) == local(2025, 10, 11, 12, 0)


def test_weekends_and_after_hours_wait_for_the_next_opening() -> None:
    calendar = WorkCalendar()
    friday_evening = local(2025, 11, 14, 17, 30)
    assert calendar.add_working_time(friday_evening, HOUR) == local(2025, 11, 17, 9, 30)
    tuesday_night = local(2025, 11, 18, 20, 0)
    assert calendar.add_working_time(tuesday_night, HOUR) == local(2025, 11, 19, 10, 0)
    early = local(2025, 11, 19, 6, 0)
    assert calendar.add_working_time(early, HOUR) == local(2025, 11, 19, 10, 0)


def test_an_uncovered_year_falls_back_to_weekdays_and_says_so() -> None:
    missing: list[dt.date] = []
    calendar = WorkCalendar(on_fallback=missing.append)
    # chinese-calendar 1.11.0 stops at 2026: a December question's deadline lands in 2027, where
    # Monday to Friday are assumed (so New Year's Day, a Friday, counts until someone imports 2027)
    due = calendar.add_working_days(local(2026, 12, 31, 9, 0), 2)
    assert due == local(2027, 1, 1, 18, 0)
    assert missing == [dt.date(2027, 1, 1)]
    assert all(day.year == 2027 for day in missing)


def test_an_imported_override_wins() -> None:
    missing: list[dt.date] = []
    overrides = {dt.date(2027, 1, 1): False, dt.date(2027, 1, 4): False}
    calendar = WorkCalendar(overrides=overrides, on_fallback=missing.append)
    due = calendar.add_working_days(local(2026, 12, 31, 9, 0), 2)
    assert due == local(2027, 1, 5, 18, 0)
    assert dt.date(2027, 1, 1) not in missing
    assert dt.date(2027, 1, 4) not in missing
