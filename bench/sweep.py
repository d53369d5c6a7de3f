"""The escalation sweep's cost against the size of the table.

Usage: .venv/bin/python -m bench.sweep [--repeats 3] [--large 50000]

One sweep over 100 overdue questions, first with 1,000 and then with 50,000 open questions not
yet due in the same table, in the same run. The ratio of the two times should stay near 1: the
sweep Queries the sparse `due` index per shard for `escalate_at <= now` and reads only what is
due. Every DynamoDB request is counted by operation (a botocore hook), Scans included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import on_dynamodb_clients
from tests.integration.conftest import _started_stack
from youthvoice.config import get_settings
from youthvoice.data.cases import CaseRepository
from youthvoice.domain.questions import Question, Status
from youthvoice.services.supervision import sweep

AS_OF = dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)
LINEAGES = [
    ("sx-04-11", "sx-04", "sx"),
    ("sx-01-05", "sx-01", "sx"),
    ("sx-02-03", "sx-02", "sx"),
    ("sx-u01", "sx-01", "sx"),
]
OVERDUE = 100
CALLS: Counter[str] = Counter()


def _count(model: Any, **_: Any) -> None:
    CALLS[model.name] += 1


def open_question(label: str, number: int, due: str, escalate: str) -> Question:
    lineage = LINEAGES[number % len(LINEAGES)]
    return Question(
        id=f"{label}-{number:06d}",
        asker=f"youth-{number}",
        anonymous=False,
        title="基准测试问题",
        body="正文",
        topic="employment",
        platform_id=lineage[0],
        lineage=lineage,
        tags=(),
        status=Status.OPEN,
        created_at="2026-12-08T01:00:00Z",
        due_at=due,
        assignees=(),
        escalate_at=escalate,
    )


def not_yet_due(label: str, start: int, stop: int) -> Iterator[Question]:
    for number in range(start, stop):
        yield open_question(label, number, "2026-12-11T10:00:00Z", "2026-12-11T04:15:00Z")


def overdue(label: str) -> list[Question]:
    return [
        open_question(label, n, "2026-12-10T01:00:00Z", "2026-12-10T01:00:00Z")
        for n in range(OVERDUE)
    ]


def timed_sweeps(
    repository: CaseRepository, label: str, repeats: int
) -> tuple[float, Counter[str]]:
    """Median seconds of `repeats` sweeps, each over a fresh set of 100 overdue questions."""
    seconds = []
    calls: Counter[str] = Counter()
    for repeat in range(repeats):
        repository.put_all(overdue(f"{label}{repeat}"))
        CALLS.clear()
        started = time.perf_counter()
        report = sweep(AS_OF)
        seconds.append(time.perf_counter() - started)
        assert (report.due, len(report.steps)) == (OVERDUE, OVERDUE), report
        calls = Counter(CALLS)
    return statistics.median(seconds), calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=50_000)
    arguments = parser.parse_args()
    on_dynamodb_clients("before-call", _count)
    with mock_aws():
        _started_stack(0)
        repository = CaseRepository(get_settings().due_shards)
        repository.put_all(not_yet_due("waiting", 0, arguments.small))
        small, small_calls = timed_sweeps(repository, "small", arguments.repeats)
        loading = time.perf_counter()
        repository.put_all(not_yet_due("waiting", arguments.small, arguments.large))
        loaded = time.perf_counter() - loading
        large, large_calls = timed_sweeps(repository, "large", arguments.repeats)
    print(f"one sweep escalating {OVERDUE} overdue questions (median of {arguments.repeats}):")
    print(f"  with {arguments.small:>6,} not yet due: {small * 1000:8.1f} ms  {dict(small_calls)}")
    print(f"  with {arguments.large:>6,} not yet due: {large * 1000:8.1f} ms  {dict(large_calls)}")
    print(f"  ratio large / small: {large / small:5.2f}  (goal <= 1.3)")
    print(f"  Scan requests: {small_calls['Scan'] + large_calls['Scan']}")
    print(f"  (loading {arguments.large - arguments.small:,} questions took {loaded:.1f} s)")


if __name__ == "__main__":
    main()
