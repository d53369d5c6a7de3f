"""What one search reads at 1,000 and at 20,000 indexed questions, in one run.

Usage: .venv/bin/python -m bench.search_cost [--runs 5] [--budget 120 ...]

Questions are made from the evaluation set's titles and bodies, recombined. The first 1,000 are
indexed through the projector's own path (`projection.effects` of each question's insert, applied
by `ProjectionWriter` with its markers: ~140 s on moto), which also counts the writes per
question. The other 19,000 would take ~45 minutes that way, so their index entries (the same
`search.index_documents`) are written with BatchWriteItem and their term counts (the same
`search.index_counters`) added to the stored ones (bench/search_filler.py). After 1,000 questions
and after 20,000, every query runs through the `/search` route and the `/questions/similar` route;
each DynamoDB request and every item it returns is counted (a botocore hook). Latency is the
median of a search through the route against a bare Query of 50 items on moto in the same run
(the floor). Each --budget (entries a search reads in all, `search.POSTINGS_PER_SEARCH`) is
measured at both sizes.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from typing import Any
from urllib.parse import urlencode

import boto3
from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import on_dynamodb_clients
from bench.search_filler import bulk_index, made_questions
from bench.search_quality import EVAL, queries
from tests.integration.conftest import Stack, _started_stack
from youthvoice.bootstrap import system_clock
from youthvoice.config import get_settings
from youthvoice.data.projections import ProjectionWriter
from youthvoice.domain import search
from youthvoice.domain.projection import Change, RecordEffects, effects
from youthvoice.domain.questions import Question

SIZES = (1_000, 20_000)
REQUESTS: Counter[str] = Counter()
ITEMS: Counter[str] = Counter()
WRITTEN: Counter[str] = Counter()


def _count(model: Any, parsed: dict[str, Any], **_: Any) -> None:
    REQUESTS[model.name] += 1
    if model.name == "Query":
        ITEMS[model.name] += int(parsed.get("Count", 0))
    elif model.name == "BatchGetItem":
        ITEMS[model.name] += sum(len(found) for found in parsed.get("Responses", {}).values())


def _count_writes(params: dict[str, Any], **_: Any) -> None:
    for entry in params.get("TransactItems", []):
        ((_, operation),) = entry.items()
        key = operation.get("Key") or operation["Item"]
        WRITTEN[key["pk"]["S"].split("#", 1)[0]] += 1


def index(questions: list[Question]) -> None:
    settings = get_settings()
    writer = ProjectionWriter(
        settings.dedup_marker_ttl_seconds, system_clock(), settings.leaderboard_shards
    )
    records = [
        RecordEffects(f"bench-{q.id}", effects(Change(f"bench-{q.id}", "0", None, q, q.lineage)))
        for q in questions
    ]
    for start in range(0, len(records), 100):
        writer.apply(records[start : start + 100])


def per_search(stack: Stack, paths: list[str]) -> tuple[float, float, float, int]:
    """Mean requests and items per search, the median seconds, and the most requests."""
    requests, items, seconds = [], [], []
    for path in paths:
        REQUESTS.clear()
        ITEMS.clear()
        started = time.perf_counter()
        response = stack.http.get(path)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.body
        requests.append(sum(REQUESTS.values()))
        items.append(sum(ITEMS.values()))
    return (
        statistics.mean(requests),
        statistics.mean(items),
        statistics.median(seconds),
        max(requests),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=int, action="append")
    arguments = parser.parse_args()
    runs, budgets = arguments.runs, arguments.budget or [search.POSTINGS_PER_SEARCH]
    data = json.loads(EVAL.read_text("utf-8"))
    rng = random.Random(30)
    texts = [query.text for query in queries(data)]
    routes = {
        "/search": [f"/search?{urlencode({'q': text})}" for text in texts],
        "/questions/similar": [f"/questions/similar?{urlencode({'title': t})}" for t in texts],
    }
    on_dynamodb_clients("after-call", _count)
    on_dynamodb_clients("before-parameter-build", _count_writes)
    figures: dict[tuple[str, int, int], tuple[float, float, float, int]] = {}
    with mock_aws():
        stack = _started_stack(0)
        raw = boto3.client("dynamodb")
        table = get_settings().projections_table
        indexed = 0
        for size in SIZES:
            WRITTEN.clear()
            started = time.perf_counter()
            made = [m.question for m in made_questions(data, size - indexed, rng)]
            indexed = size
            if size == SIZES[0]:
                index(made)
                print(
                    f"indexed {len(made)} questions by the projector in "
                    f"{time.perf_counter() - started:.0f} s, per question: "
                    f"{WRITTEN['TERM'] / len(made):.1f} postings, "
                    f"{WRITTEN['COUNT'] / len(made):.1f} counter updates, "
                    f"{WRITTEN['SEARCH'] / len(made):.1f} search documents, "
                    f"{WRITTEN['MARK'] / len(made):.1f} markers, "
                    f"{sum(WRITTEN.values()) / len(made):.1f} items in all"
                )
            else:
                bulk_index(made)
                print(f"indexed {len(made)} more directly in {time.perf_counter() - started:.0f} s")
            for budget in budgets:
                search.POSTINGS_PER_SEARCH = budget
                for route, paths in routes.items():
                    figures[(route, budget, size)] = per_search(stack, paths * runs)
            common = raw.query(
                TableName=table,
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": "TERM#工作"}},
                Select="COUNT",
            )["Count"]
            print(f"  postings of 工作 at {size}: {common}")
        floor = statistics.median(
            _timed(
                lambda: raw.query(
                    TableName=table,
                    KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "TERM#工作"}},
                    Limit=50,
                )
            )
            for _ in range(30 * runs)
        )
    print(f"bare Query of 50 postings (floor): {floor * 1000:.1f} ms")
    for budget in budgets:
        print(f"budget {budget} postings per search")
        for route in routes:
            small, large = figures[(route, budget, SIZES[0])], figures[(route, budget, SIZES[1])]
            for size, (requests, items, seconds, most) in zip(SIZES, (small, large), strict=True):
                print(
                    f"{route:<19} {size:>6} questions: {requests:5.2f} requests (at most {most}), "
                    f"{items:6.1f} items per search, {seconds * 1000:6.1f} ms = "
                    f"{seconds / floor:5.1f}× floor"
                )
            print(
                f"{route:<19} ratio 20,000 / 1,000: requests {large[0] / small[0]:.2f}, "
                f"items {large[1] / small[1]:.2f}"
            )


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
