"""Moments as the API and the store write them: ISO 8601 in UTC with `Z`, to the second."""

from __future__ import annotations

import datetime as dt


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(moment: str) -> dt.datetime:
    """A stored or given ISO 8601 moment (`Z` or an offset); ValueError when it is not one."""
    return dt.datetime.fromisoformat(moment)
