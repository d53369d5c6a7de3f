"""The counter reconciliation's cost against the number of counter rows it compares.

Usage: .venv/bin/python -m bench.reconcile [--questions 500] [--days 10]

The daily job reconciles the whole province (山西省). Questions are loaded on its county
platforms, over every topic and one day after another (a third of them in a season, most
answered, rated and resolved) and their counters projected. The reconcile runs over 1x the
data and then, after 3x more on the following days at the same daily volume, over 4x it, in the
same run. The counter rows grow with the data, so the 4x run compares about 4x the rows: its time
should be about 4x (goal <= 4.4). Each reconcile must find no drift; every DynamoDB request is
counted by operation (a botocore hook).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import on_dynamodb_clients
from tests.integration.conftest import _started_stack
from youthvoice.config import get_settings
from youthvoice.data.cases import CaseRepository
from youthvoice.data.projections import ProjectionWriter
from youthvoice.domain.platforms import Platform
from youthvoice.domain.projection import Change, Effects, RecordEffects, effects
from youthvoice.domain.questions import Question, Status
from youthvoice.services.catalog import list_topics
from youthvoice.services.reconcile import reconcile_counters, subtree

PROVINCE = "sx"
FIRST_DAY = dt.date(2026, 9, 1)
SEASON = "bench-season"
CALLS: Counter[str] = Counter()


def _count(model: Any, **_: Any) -> None:
    CALLS[model.name] += 1


@dataclass(frozen=True)
class Workload:
    """Where and when the numbered questions are asked: the day follows from the daily volume."""

    counties: Sequence[Platform]
    topics: Sequence[str]
    per_day: int

    def question(self, number: int) -> Question:
        county = self.counties[number % len(self.counties)]
        day = (FIRST_DAY + dt.timedelta(days=number // self.per_day)).isoformat()
        answered = number % 5 != 0
        return Question(
            id=f"bench-{number:06d}",
            asker=f"youth-{number}",
            anonymous=False,
            title="基准测试问题",
            body="正文",
            topic=self.topics[number % len(self.topics)],
            platform_id=county.id,
            lineage=county.lineage,
            tags=(),
            status=Status.RESOLVED if answered else Status.OPEN,
            created_at=f"{day}T02:00:00Z",
            due_at=f"{day}T10:00:00Z",
            assignees=(),
            official_answers=int(answered) + number % 2,
            peer_answers=number % 3,
            answered_on_time=answered and number % 4 != 0,
            ratings=int(answered),
            rating_sum=3 + number % 3 if answered else 0,
            season_id=SEASON if number % 3 == 0 else None,
        )


def load(workload: Workload, numbers: range) -> float:
    """Questions into Content and their counters through the projector's writer (the stream
    would take minutes; the reconcile reads no lists); seconds taken."""
    started = time.perf_counter()
    asked = [workload.question(number) for number in numbers]
    CaseRepository(get_settings().due_shards).put_all(asked)
    settings = get_settings()
    writer = ProjectionWriter(
        settings.dedup_marker_ttl_seconds, dt.datetime.now(dt.UTC), settings.leaderboard_shards
    )
    counted = writer.apply(
        RecordEffects(question.id, Effects(counters=effects(insert(question)).counters))
        for question in asked
    )
    assert counted == len(asked), counted
    return time.perf_counter() - started


def insert(question: Question) -> Change:
    return Change(question.id, "0", None, question, question.lineage)


def reconciled() -> tuple[float, Counter[str]]:
    CALLS.clear()
    started = time.perf_counter()
    drifts = reconcile_counters(PROVINCE, repair=False)
    seconds = time.perf_counter() - started
    assert drifts == [], drifts[:5]
    return seconds, Counter(CALLS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--days", type=int, default=10)
    arguments = parser.parse_args()
    small = arguments.questions
    on_dynamodb_clients("before-call", _count)
    with mock_aws():
        _started_stack(0)
        workload = Workload(
            counties=[p for p in subtree(PROVINCE) if len(p.lineage) == 3],
            topics=[topic.id for topic in list_topics()],
            per_day=small // arguments.days,
        )
        loading = load(workload, range(small))
        small_seconds, small_calls = reconciled()
        loading += load(workload, range(small, 4 * small))
        large_seconds, large_calls = reconciled()
    print(
        f"reconcile_counters over 山西省 ({len(workload.counties)} county platforms, "
        f"{len(workload.topics)} topics, {workload.per_day} questions a day):"
    )
    for size, seconds, calls in (
        (small, small_seconds, small_calls),
        (4 * small, large_seconds, large_calls),
    ):
        print(f"  {size:>6,} questions: {seconds * 1000:9.1f} ms  {dict(calls)}")
    print(f"  ratio 4x / 1x: {large_seconds / small_seconds:5.2f}  (goal <= 4.4)")
    print(f"  (loading and projecting {4 * small:,} questions took {loading:.1f} s)")


if __name__ == "__main__":
    main()
