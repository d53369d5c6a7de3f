"""What every use case shares, created once per container: settings, clock, reference data.

Policies and the word list come from the settings, validated when the container starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Protocol

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from youthvoice.config import built_word_list, get_settings
from youthvoice.data.calendar import CalendarRepository
from youthvoice.data.platforms import PlatformRepository, TopicRepository
from youthvoice.data.seasons import SeasonRepository
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.escalation import LadderPolicies
from youthvoice.domain.moderation import WordList
from youthvoice.domain.platforms import Platform
from youthvoice.domain.seasons import LONGEST as LONGEST_SEASON
from youthvoice.domain.seasons import Season
from youthvoice.domain.sla import SlaPolicies
from youthvoice.domain.timestamps import iso
from youthvoice.domain.topics import Topic
from youthvoice.domain.worktime import WorkCalendar

Clock = Callable[[], dt.datetime]
REFERENCE_MAX_AGE_SECONDS = 300
SEASON_MAX_AGE_SECONDS = 60
logger = logging.getLogger(__name__)


class CalendarOverrides(Protocol):
    def overrides(self) -> dict[dt.date, bool]: ...


class RecentSeasons(Protocol):
    def starting_since(self, since: str) -> list[Season]: ...


class PlatformLookup(Protocol):
    def get(self, platform_id: str) -> Platform | None: ...


class TopicCatalogue(Protocol):
    def all(self) -> list[Topic]: ...


def _calendar_overrides() -> CalendarOverrides:
    return CalendarRepository()


def _recent_seasons() -> RecentSeasons:
    return SeasonRepository()


def _platforms() -> PlatformLookup:
    return PlatformRepository()


def topics() -> TopicCatalogue:
    return TopicRepository()


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_clock: list[Clock] = [system_clock]


def now() -> dt.datetime:
    return _clock[0]()


@contextmanager
def clock_set_to(clock: Clock) -> Iterator[None]:
    """Tests move time by swapping the clock, never by sleeping."""
    _clock.insert(0, clock)
    try:
        yield
    finally:
        _clock.remove(clock)


def sla_policies() -> SlaPolicies:
    return get_settings().sla_policies


def ladder_policies() -> LadderPolicies:
    return get_settings().ladders


def _calendar_fallback(day: dt.date) -> None:
    """An unknown year is not an error: weekdays are assumed, and operators are told to import."""
    logger.warning("no official calendar for %s: assuming Monday-Friday", day)
    Metrics().add_metric("CalendarFallback", MetricUnit.Count, 1)


class CalendarCache:
    """Overrides are imported a few times a year: one Query per container every few minutes."""

    def __init__(self, max_age_seconds: float = REFERENCE_MAX_AGE_SECONDS) -> None:
        self._max_age = max_age_seconds
        self._loaded: tuple[float, WorkCalendar] | None = None

    def get(self) -> WorkCalendar:
        if self._loaded is None or time.monotonic() - self._loaded[0] >= self._max_age:
            calendar = WorkCalendar(
                overrides=_calendar_overrides().overrides(),
                hours=get_settings().working_hours,
                on_fallback=_calendar_fallback,
            )
            self._loaded = (time.monotonic(), calendar)
        return self._loaded[1]

    def forget(self) -> None:
        self._loaded = None


@cache
def calendars() -> CalendarCache:
    return CalendarCache()


def work_calendar() -> WorkCalendar:
    return calendars().get()


class SeasonCache:
    """Seasons that may be running, for tagging, SLAs and routing on every ask: one Query per
    container every minute. A season created or changed here is seen at once; elsewhere within
    a minute."""

    def __init__(self, max_age_seconds: float = SEASON_MAX_AGE_SECONDS) -> None:
        self._max_age = max_age_seconds
        self._loaded: tuple[float, list[Season]] | None = None

    def load_now(self) -> list[Season]:
        since = iso(now() - LONGEST_SEASON)
        seasons = _recent_seasons().starting_since(since)
        self._loaded = (time.monotonic(), seasons)
        return seasons

    def seasons(self) -> list[Season]:
        if self._loaded is None or time.monotonic() - self._loaded[0] >= self._max_age:
            return self.load_now()
        return self._loaded[1]

    def find(self, season_id: str) -> Season | None:
        return next((s for s in self.seasons() if s.id == season_id), None)

    def forget(self) -> None:
        self._loaded = None


@cache
def season_cache() -> SeasonCache:
    return SeasonCache()


def word_list() -> WordList:
    return built_word_list(get_settings().sensitive_words)


class ReferenceCache:
    """Platforms and topics change rarely: keep them per container for a few minutes."""

    def __init__(self, max_age_seconds: float = REFERENCE_MAX_AGE_SECONDS) -> None:
        self._max_age = max_age_seconds
        self._platforms: dict[str, tuple[float, Platform]] = {}
        self._topics: tuple[float, frozenset[str]] | None = None

    def find(self, platform_id: str) -> Platform | None:
        cached = self._platforms.get(platform_id)
        if cached is not None and time.monotonic() - cached[0] < self._max_age:
            return cached[1]
        platform = _platforms().get(platform_id)
        if platform is not None:
            self._platforms[platform_id] = (time.monotonic(), platform)
        return platform

    def platform(self, platform_id: str) -> Platform:
        """A platform named in a body or query: unknown is a 400."""
        platform = self.find(platform_id)
        if platform is None:
            raise ValidationFailed(f"platform_id: unknown platform {platform_id}")
        return platform

    def require_topic(self, topic: str) -> None:
        if self._topics is None or time.monotonic() - self._topics[0] >= self._max_age:
            self._topics = (time.monotonic(), frozenset(t.id for t in topics().all()))
        if topic not in self._topics[1]:
            raise ValidationFailed(f"topic: unknown topic {topic}")


@cache
def reference() -> ReferenceCache:
    return ReferenceCache()
