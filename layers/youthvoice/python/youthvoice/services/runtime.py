"""What every use case shares: the caches each container keeps in front of reference data that
changes rarely (the composition root, `youthvoice.bootstrap`, holds one of each), and the
policies and the word list, which come from the settings validated when the container starts.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from collections.abc import Callable, Collection, Sequence
from typing import Protocol

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from youthvoice.bootstrap import Clock, dependencies, settings
from youthvoice.domain.errors import ProblemCode, Problems, ValidationFailed, indexed
from youthvoice.domain.escalation import LadderPolicies
from youthvoice.domain.moderation import WordList
from youthvoice.domain.platforms import Platform
from youthvoice.domain.seasons import LONGEST as LONGEST_SEASON
from youthvoice.domain.seasons import Season
from youthvoice.domain.sla import SlaPolicies
from youthvoice.domain.timestamps import iso
from youthvoice.domain.topics import Topic
from youthvoice.domain.worktime import WorkCalendar, WorkingHours

REFERENCE_MAX_AGE_SECONDS = 300
SEASON_MAX_AGE_SECONDS = 60
logger = logging.getLogger(__name__)


class CalendarOverrides(Protocol):
    def overrides(self) -> dict[dt.date, bool]: ...


class RecentSeasons(Protocol):
    def starting_since(self, since: str) -> list[Season]: ...


class PlatformLookup(Protocol):
    def get(self, platform_id: str) -> Platform | None: ...
    def get_many(self, platform_ids: Collection[str]) -> list[Platform]: ...


class TopicCatalogue(Protocol):
    def all(self) -> list[Topic]: ...


def sla_policies() -> SlaPolicies:
    return settings().sla_policies


def ladder_policies() -> LadderPolicies:
    return settings().ladders


def _calendar_fallback(day: dt.date) -> None:
    """An unknown year is not an error: weekdays are assumed, and operators are told to import."""
    logger.warning("no official calendar for %s: assuming Monday-Friday", day)
    Metrics().add_metric("CalendarFallback", MetricUnit.Count, 1)


class CalendarCache:
    """Overrides are imported a few times a year: one Query per container every few minutes."""

    def __init__(
        self,
        store: CalendarOverrides,
        hours: WorkingHours,
        max_age_seconds: float = REFERENCE_MAX_AGE_SECONDS,
    ) -> None:
        self._store = store
        self._hours = hours
        self._max_age = max_age_seconds
        self._loaded: tuple[float, WorkCalendar] | None = None

    def get(self) -> WorkCalendar:
        if self._loaded is None or time.monotonic() - self._loaded[0] >= self._max_age:
            calendar = WorkCalendar(
                overrides=self._store.overrides(),
                hours=self._hours,
                on_fallback=_calendar_fallback,
            )
            self._loaded = (time.monotonic(), calendar)
        return self._loaded[1]

    def forget(self) -> None:
        self._loaded = None


def work_calendar() -> WorkCalendar:
    return dependencies().calendars.get()


class SeasonCache:
    """Seasons that may be running, for tagging, SLAs and routing on every ask: one Query per
    container every minute. A season created or changed here is seen at once; elsewhere within
    a minute. The experts each of them invited are kept with them."""

    def __init__(
        self, store: RecentSeasons, clock: Clock, max_age_seconds: float = SEASON_MAX_AGE_SECONDS
    ) -> None:
        self._store = store
        self._clock = clock
        self._max_age = max_age_seconds
        self._loaded: tuple[float, list[Season]] | None = None
        self._invited: dict[tuple[str, int], tuple[str, ...]] = {}

    def load_now(self) -> list[Season]:
        since = iso(self._clock() - LONGEST_SEASON)
        seasons = self._store.starting_since(since)
        self._loaded = (time.monotonic(), seasons)
        versions = {(s.id, s.version) for s in seasons}
        self._invited = {k: v for k, v in self._invited.items() if k in versions}
        return seasons

    def seasons(self) -> list[Season]:
        if self._loaded is None or time.monotonic() - self._loaded[0] >= self._max_age:
            return self.load_now()
        return self._loaded[1]

    def find(self, season_id: str) -> Season | None:
        return next((s for s in self.seasons() if s.id == season_id), None)

    def invited(self, season_id: str, read: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
        """The experts a season invited, as `read` gives them, kept for the version of the season
        held here: every change of invitations saves the season under a new version, so the list
        is as fresh as the season and a warm ask does not read it again. A season started too
        long ago to be held here is read each time."""
        season = self.find(season_id)
        if season is None:
            return read(season_id)
        version = (season.id, season.version)
        if version not in self._invited:
            self._invited[version] = read(season_id)
        return self._invited[version]

    def forget(self) -> None:
        self._loaded = None


def season_cache() -> SeasonCache:
    return dependencies().season_cache


def word_list() -> WordList:
    return dependencies().word_list()


class ReferenceCache:
    """Platforms and topics change rarely: keep them per container for a few minutes."""

    def __init__(
        self,
        platforms: PlatformLookup,
        topics: TopicCatalogue,
        max_age_seconds: float = REFERENCE_MAX_AGE_SECONDS,
    ) -> None:
        self._platform_store = platforms
        self._topic_store = topics
        self._max_age = max_age_seconds
        self._platforms: dict[str, tuple[float, Platform]] = {}
        self._topics: tuple[float, dict[str, Topic]] | None = None

    def find(self, platform_id: str) -> Platform | None:
        cached = self._platforms.get(platform_id)
        if cached is not None and time.monotonic() - cached[0] < self._max_age:
            return cached[1]
        platform = self._platform_store.get(platform_id)
        if platform is not None:
            self._platforms[platform_id] = (time.monotonic(), platform)
        return platform

    def platform(self, platform_id: str) -> Platform:
        """A platform named in a body or query: unknown is a 400."""
        platform = self.find(platform_id)
        if platform is None:
            raise ValidationFailed.of(
                "platform_id", ProblemCode.UNKNOWN_REFERENCE, f"unknown platform {platform_id}"
            )
        return platform

    def platform_names(self, platform_ids: Collection[str]) -> dict[str, str]:
        """The names of a page's platforms: those not held read in one BatchGet."""
        fresh = {
            platform_id: cached[1]
            for platform_id in platform_ids
            if (cached := self._platforms.get(platform_id)) is not None
            and time.monotonic() - cached[0] < self._max_age
        }
        missing = set(platform_ids) - set(fresh)
        for platform in self._platform_store.get_many(missing) if missing else ():
            self._platforms[platform.id] = (time.monotonic(), platform)
            fresh[platform.id] = platform
        return {platform_id: platform.name for platform_id, platform in fresh.items()}

    def _topic_catalogue(self) -> dict[str, Topic]:
        if self._topics is None or time.monotonic() - self._topics[0] >= self._max_age:
            self._topics = (time.monotonic(), {t.id: t for t in self._topic_store.all()})
        return self._topics[1]

    def require_topic(self, topic: str, name: str = "topic") -> None:
        if topic not in self._topic_catalogue():
            raise ValidationFailed.of(name, ProblemCode.UNKNOWN_REFERENCE, f"unknown topic {topic}")

    def check_topics(self, topics: Sequence[str], problems: Problems) -> None:
        """Every unknown topic of a list, each named by its place (`topics.2`)."""
        for place, topic in indexed("topics", topics).items():
            problems.check(functools.partial(self.require_topic, topic, place))

    def topic_names(self) -> dict[str, str]:
        """Every topic's Chinese name, by id."""
        return {topic_id: topic.zh for topic_id, topic in self._topic_catalogue().items()}


def reference() -> ReferenceCache:
    return dependencies().reference
