"""Unit tests of the use cases run on a container of their own: in-memory stores, a clock that
stands still until the test moves it, and the suite's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tests.unit.fakes import FakeClock, FakeStores
from youthvoice.bootstrap import Dependencies, bootstrap, installed
from youthvoice.config import get_settings

# Monday 17 November 2025, 09:00 in Shanghai: the start of a working week.
MONDAY_MORNING = dt.datetime(2025, 11, 17, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def stores() -> FakeStores:
    return FakeStores()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture
def deps(stores: FakeStores, clock: FakeClock) -> Iterator[Dependencies]:
    with installed(bootstrap(get_settings(), clock, stores)) as container:
        yield container
