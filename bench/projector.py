"""Projector cost for one batch of 100 stream records on one county platform.

Usage: .venv/bin/python -m bench.projector [--runs 5]

Counts the DynamoDB write requests and the items in them (botocore event hook), split
by kind, and compares projector throughput with a bare BatchWriteItem of 100 items in the same
run (the floor).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from typing import Any

import boto3
from chalice.local import LambdaContext
from moto import mock_aws

import app
import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import on_dynamodb_clients
from tests.integration.conftest import _started_stack
from tests.integration.test_projector import unread_records
from youthvoice.config import get_settings
from youthvoice.data.cases import CaseRepository
from youthvoice.domain.cases import Case
from youthvoice.domain.questions import Question, QuestionView, Status

COUNTY = ("sx-04-11", "sx-04", "sx")
WRITES: Counter[str] = Counter()
ITEMS: Counter[str] = Counter()


def _kind(pk: str) -> str:
    return {"MARK": "markers", "COUNT": "counter rows", "LB": "score rows"}.get(
        pk.split("#", 1)[0], "list entries"
    )


def _count(model: Any, params: dict[str, Any], **_: Any) -> None:
    if model.name != "TransactWriteItems":
        return
    WRITES[model.name] += 1
    for entry in params["TransactItems"]:
        ((_, operation),) = entry.items()
        key = operation.get("Key") or operation["Item"]
        ITEMS[_kind(key["pk"]["S"])] += 1


def install_counter() -> None:
    on_dynamodb_clients("before-parameter-build", _count)


def question(number: int) -> Question:
    return Question(
        id=f"bench-q-{number:03d}",
        asker=f"youth-{number}",
        anonymous=False,
        title="基准测试问题",
        body="正文",
        topic="employment",
        platform_id=COUNTY[0],
        lineage=COUNTY,
        tags=(),
        status=Status.OPEN,
        created_at=f"2026-11-29T00:{number // 60:02d}:{number % 60:02d}Z",
        due_at="2026-12-02T00:00:00Z",
        assignees=(),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    install_counter()
    projector_seconds, floor_seconds = [], []
    for run in range(runs):
        with mock_aws():
            stack = _started_stack(0)
            repository = CaseRepository(get_settings().due_shards)
            for number in range(100):
                repository.commit(Case(QuestionView(question(number)), "2026-11-29T00:00:00Z"))
            records = unread_records(stack.dynamodb)[-100:]
            WRITES.clear()
            ITEMS.clear()
            started = time.perf_counter()
            result = app.project_content({"Records": records}, LambdaContext("p", 512))
            projector_seconds.append(time.perf_counter() - started)
            assert result == {"batchItemFailures": []}
            table = boto3.resource("dynamodb").Table(get_settings().projections_table)
            started = time.perf_counter()
            with table.batch_writer() as batch:
                for number in range(100):
                    batch.put_item(Item={"pk": f"FLOOR#{run}", "sk": f"{number:03d}", "n": 1})
            floor_seconds.append(time.perf_counter() - started)
    projector = statistics.median(projector_seconds)
    floor = statistics.median(floor_seconds)
    print("one batch of 100 question INSERTs on 沁县 (lineage 沁县 → 长治市 → 山西省):")
    print(f"  write requests (TransactWriteItems): {WRITES['TransactWriteItems']}")
    print(f"  items: {sum(ITEMS.values())} = " + ", ".join(f"{n} {k}" for k, n in ITEMS.items()))
    print(f"projector: {projector * 1000:7.1f} ms = {100 / projector:7.0f} records/s")
    print(f"bare BatchWriteItem of 100 items (floor): {floor * 1000:7.1f} ms")
    print(f"ratio projector / floor: {projector / floor:5.2f}  (median of {runs} runs)")


if __name__ == "__main__":
    main()
