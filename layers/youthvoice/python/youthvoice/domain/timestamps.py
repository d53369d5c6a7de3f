"""Moments as the API and the store write them: ISO 8601 in UTC with `Z`, to the second."""

from __future__ import annotations

import datetime as dt


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(moment: str) -> dt.datetime:
    """A stored or given ISO 8601 moment (`Z` or an offset); ValueError when it is not one."""
    return dt.datetime.fromisoformat(moment)


# The years a given moment may fall in: the working-time calendar and the store's keys need
# nothing wider, and the widest ISO 8601 moments overflow when moved to UTC.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
YEARS = f"must fall in the years {EARLIEST_YEAR} to {LATEST_YEAR}"
# The longest ISO 8601 moment a client needs: 2026-12-01T09:00:00.000000+08:00 is 32 characters.
MOMENT_MAX = 40
# A calendar month, as boards and reports name it: 2026-11.
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def outside_years(moment: dt.date) -> bool:
    return not EARLIEST_YEAR <= moment.year <= LATEST_YEAR
