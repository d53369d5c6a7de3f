"""The stream pump's Lambda semantics, against a fake stream and fake handlers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from youthvoice_local.pump import StreamPump, to_lambda_record

ARN = "arn:aws:dynamodb:cn-north-1:123456789012:table/content/stream/2026"


def record(n: int) -> dict[str, Any]:
    return {
        "eventID": f"e{n}",
        "eventName": "INSERT",
        "dynamodb": {
            "SequenceNumber": f"{n:021d}",
            "ApproximateCreationDateTime": dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
        },
    }


class FakeStream:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def describe_stream(self, StreamArn: str) -> dict[str, Any]:  # noqa: N803
        return {"StreamDescription": {"Shards": [{"ShardId": "s1"}]}}

    def get_shard_iterator(self, **position: Any) -> dict[str, str]:
        if position["ShardIteratorType"] == "TRIM_HORIZON":
            return {"ShardIterator": "0"}
        after = int(position["SequenceNumber"])
        return {"ShardIterator": str(after + 1)}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:  # noqa: N803
        start = int(ShardIterator)
        page = self.records[start : start + Limit]
        return {"Records": page, "NextShardIterator": str(start + len(page))}

    def append(self, n: int) -> None:
        self.records.append(record(n))


def pump_with(handler: Any, records: int, batch: int = 10) -> tuple[StreamPump, list[Any]]:
    dead: list[Any] = []
    pump = StreamPump(
        FakeStream([record(n) for n in range(records)]), ARN, handler, dead.append, "f", batch
    )
    pump.start_at("TRIM_HORIZON")
    return pump, dead


def test_records_take_lambdas_shape() -> None:
    converted = to_lambda_record(record(1), ARN)
    assert converted["eventSourceARN"] == ARN
    assert isinstance(converted["dynamodb"]["ApproximateCreationDateTime"], float)


def test_batches_are_delivered_in_order_and_the_pump_remembers_its_place() -> None:
    seen: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.extend(r["eventID"] for r in event["Records"])
        return {"batchItemFailures": []}

    pump, dead = pump_with(handler, 25)
    report = pump.drain()
    assert (report.delivered, report.invocations) == (25, 3)
    assert seen == [f"e{n}" for n in range(25)]
    assert pump.poll().delivered == 0
    assert dead == []


def test_a_partial_failure_is_retried_from_the_failed_record() -> None:
    attempts: list[list[str]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        ids = [r["eventID"] for r in event["Records"]]
        attempts.append(ids)
        failed = [r for r in event["Records"] if r["eventID"] == "e3" and len(attempts) == 1]
        return {
            "batchItemFailures": [
                {"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in failed
            ]
        }

    pump, dead = pump_with(handler, 5)
    pump.drain()
    assert attempts == [["e0", "e1", "e2", "e3", "e4"], ["e3", "e4"]]
    assert dead == []


def test_a_record_that_always_fails_is_isolated_and_dead_lettered() -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if any(r["eventID"] == "e6" for r in event["Records"]):
            raise RuntimeError("poison")
        return {"batchItemFailures": []}

    pump, dead = pump_with(handler, 10)
    report = pump.drain()
    assert report.dead_lettered == [f"{6:021d}"]
    assert [[r["eventID"] for r in batch] for batch in dead] == [["e6"]]


def test_starting_at_latest_skips_what_is_there_and_delivers_what_comes() -> None:
    seen: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.extend(r["eventID"] for r in event["Records"])
        return {"batchItemFailures": []}

    stream = FakeStream([record(n) for n in range(3)])
    pump = StreamPump(stream, ARN, handler, lambda _: None, "f", 10)
    pump.start_at("LATEST")
    assert pump.drain().delivered == 0
    stream.append(3)
    assert pump.drain().delivered == 1
    assert seen == ["e3"]
