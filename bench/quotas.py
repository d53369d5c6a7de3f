"""The quotas on the running local stack: the 429 a user meets, and what the check costs.

Usage: .venv/bin/python -m bench.quotas [--users 5]

Starts `youthvoice serve` on free ports with the shipped quotas. Each of --users young people
asks one question more than the hourly quota, interleaved with the same number of questions
from an admin (exempt: no quota update): the admin's median `POST /questions` is the floor, and
the ratio is the cost of the one conditional UpdateItem. Every status is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import tests.conftest  # noqa: F401  (test settings: fake credentials)
from tests.e2e.conftest import start_stack
from tests.e2e.test_question_flow import Client
from tests.e2e.test_quotas import ASKS_PER_HOUR, DEFAULTS, QUESTION


def timed(client: Client, expected: int) -> tuple[float, str | None]:
    started = time.perf_counter()
    response = client.call("POST", "/questions", QUESTION)
    seconds = time.perf_counter() - started
    assert response.status_code == expected, (expected, response.status_code, response.text)
    return seconds, response.headers.get("Retry-After")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5)
    users = parser.parse_args().users
    local_dir = Path(tempfile.mkdtemp(prefix="bench-quotas-")) / "local"
    stack = start_stack(local_dir, DEFAULTS)
    try:
        admin = Client(stack, local_dir, "--sub", "admin-bench", "--role", "admin")
        timed(admin, 201)  # warm the container's caches before measuring
        limited: list[float] = []
        exempt: list[float] = []
        statuses: Counter[int] = Counter()
        waits: list[int] = []
        for user in range(users):
            youth = Client(stack, local_dir, "--sub", f"youth-bench-{user}", "--role", "youth")
            for _ in range(ASKS_PER_HOUR):
                limited.append(timed(youth, 201)[0])
                exempt.append(timed(admin, 201)[0])
                statuses[201] += 1
            _, wait = timed(youth, 429)
            statuses[429] += 1
            waits.append(int(wait or 0))
        to_hour_end = 3600 - time.time() % 3600
    finally:
        stack.stop()
    floor, checked = statistics.median(exempt), statistics.median(limited)
    print(f"{users} users × {ASKS_PER_HOUR + 1} asks: {dict(statuses)}")
    print(f"Retry-After on the 429s: {waits} s (the hour ends in {to_hour_end:.0f} s)")
    print(f"POST /questions median without the quota check (admin): {floor * 1000:.1f} ms")
    print(f"POST /questions median with the quota check: {checked * 1000:.1f} ms")
    print(f"ratio with / without: {checked / floor:.2f}")


if __name__ == "__main__":
    main()
