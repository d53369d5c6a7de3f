"""What every use case shares, created once per container: settings, clock, reference data."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

from youthvoice.config import get_settings
from youthvoice.data.platforms import PlatformRepository, TopicRepository
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.moderation import WordList
from youthvoice.domain.platforms import Platform
from youthvoice.domain.sla import SlaPolicies

Clock = Callable[[], dt.datetime]
REFERENCE_MAX_AGE_SECONDS = 300


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


def _data_file(configured: Path | None, packaged: str) -> str:
    if configured is None:
        return resources.files("youthvoice.seed").joinpath(packaged).read_text("utf-8")
    return configured.read_text("utf-8")


@cache
def sla_policies() -> SlaPolicies:
    """Loaded once per container, from SLA_POLICIES_FILE or the packaged defaults."""
    return SlaPolicies.from_data(
        json.loads(_data_file(get_settings().sla_policies_file, "sla-policies.json"))
    )


@cache
def word_list() -> WordList:
    """Loaded once per container, from SENSITIVE_WORDS_FILE or the packaged demo list."""
    raw = _data_file(get_settings().sensitive_words_file, "sensitive-words.json")
    return WordList(json.loads(raw))


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
        platform = PlatformRepository().get(platform_id)
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
            self._topics = (time.monotonic(), frozenset(t.id for t in TopicRepository().all()))
        if topic not in self._topics[1]:
            raise ValidationFailed(f"topic: unknown topic {topic}")


@cache
def reference() -> ReferenceCache:
    return ReferenceCache()
