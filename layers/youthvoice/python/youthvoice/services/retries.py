"""Retrying what a concurrent writer interrupted, and nothing else."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from youthvoice.domain.errors import ConcurrentChange

T = TypeVar("T")
ATTEMPTS = 12
FIRST_BACKOFF_SECONDS = 0.02
LONGEST_BACKOFF_SECONDS = 0.5
logger = logging.getLogger(__name__)


def pause(seconds: float) -> None:
    """Between attempts; tests replace it so that nothing sleeps."""
    time.sleep(seconds)


def retry_on_race(attempt: Callable[[], T]) -> T:
    """Run `attempt` again (it reads afresh) when a concurrent change won the race, after a
    jittered, growing pause so that racing writers spread out; other errors pass at once.

    Twelve attempts let twenty writers racing for one question all land, on the local stack
    too (tests/e2e/test_concurrency.py)."""
    for number in range(ATTEMPTS - 1):
        try:
            return attempt()
        except ConcurrentChange as race:
            logger.info("concurrent change, trying again: %s", race.message)
            pause(
                random.uniform(0, min(LONGEST_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2**number))
            )
    return attempt()
