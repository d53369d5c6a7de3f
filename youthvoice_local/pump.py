"""Feed moto's DynamoDB stream to the app's stream handler as Lambda's event source mapping does.

Batches in Lambda's event shape, partial-batch failures retried from the failed record, bounded
retries, halving of failing batches, and records that still fail sent to the on-failure queue.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chalice.local import LambdaContext

Handler = Callable[[dict[str, Any], Any], Any]


def to_lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """moto omits eventSourceARN and gives a datetime where Lambda gives epoch seconds."""
    converted = dict(record)
    dynamodb = dict(converted["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, dt.datetime):
        dynamodb["ApproximateCreationDateTime"] = created.timestamp()
    converted["dynamodb"] = dynamodb
    converted["eventSourceARN"] = stream_arn
    return converted


def failed_sequences(response: Any) -> list[str]:
    if not isinstance(response, dict):
        return []
    return [str(f["itemIdentifier"]) for f in response.get("batchItemFailures") or []]


@dataclass
class DeliveryReport:
    delivered: int = 0
    invocations: int = 0
    dead_lettered: list[str] = field(default_factory=list)


class StreamPump:
    def __init__(
        self,
        streams_client: Any,
        stream_arn: str,
        handler: Handler,
        on_failure: Callable[[list[dict[str, Any]]], None],
        function_name: str,
        batch_size: int = 100,
        max_retries: int = 2,
    ) -> None:
        self._streams = streams_client
        self._stream_arn = stream_arn
        self._handler = handler
        self._on_failure = on_failure
        self._function_name = function_name
        self._batch_size = batch_size
        self._max_retries = max_retries
        self._checkpoints: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def start_at(self, position: str) -> None:
        """TRIM_HORIZON on a fresh table; LATEST after a restore, whose writes were projected."""
        description = self._streams.describe_stream(StreamArn=self._stream_arn)["StreamDescription"]
        for shard in description["Shards"]:
            self._checkpoints[shard["ShardId"]] = None
            if position == "LATEST":
                self._checkpoints[shard["ShardId"]] = self._last_sequence(shard["ShardId"])

    def _iterator(self, shard_id: str) -> str:
        """A fresh iterator from the checkpoint on every poll, as Lambda resumes from its own.

        Long-lived iterators are also unsafe under moto: a cancelled transaction restores a copy
        of the table, stream shard included, and an old iterator keeps reading the stale shard.
        """
        checkpoint = self._checkpoints[shard_id]
        position = (
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": checkpoint}
            if checkpoint
            else {"ShardIteratorType": "TRIM_HORIZON"}
        )
        iterator: str = self._streams.get_shard_iterator(
            StreamArn=self._stream_arn, ShardId=shard_id, **position
        )["ShardIterator"]
        return iterator

    def _pages(self, shard_id: str) -> Iterator[list[dict[str, Any]]]:
        position: str | None = self._iterator(shard_id)
        while position:
            page = self._streams.get_records(ShardIterator=position, Limit=self._batch_size)
            if not page["Records"]:
                return
            yield [to_lambda_record(r, self._stream_arn) for r in page["Records"]]
            position = page.get("NextShardIterator")

    def _last_sequence(self, shard_id: str) -> str | None:
        last = self._checkpoints[shard_id]
        for records in self._pages(shard_id):
            last = records[-1]["dynamodb"]["SequenceNumber"]
            self._checkpoints[shard_id] = last
        return last

    def poll(self) -> DeliveryReport:
        """One pass over every shard: deliver what is there now, in batches."""
        report = DeliveryReport()
        with self._lock:
            for shard_id in list(self._checkpoints):
                for records in self._pages(shard_id):
                    self._deliver(records, report)
                    self._checkpoints[shard_id] = records[-1]["dynamodb"]["SequenceNumber"]
        return report

    def drain(self) -> DeliveryReport:
        total = DeliveryReport()
        while True:
            report = self.poll()
            total.delivered += report.delivered
            total.invocations += report.invocations
            total.dead_lettered += report.dead_lettered
            if not report.delivered:
                return total

    def _invoke(self, records: list[dict[str, Any]], report: DeliveryReport) -> list[str] | None:
        """Failed sequence numbers, or None when the handler itself failed."""
        report.invocations += 1
        context = LambdaContext(self._function_name, memory_size=512)
        try:
            return failed_sequences(self._handler({"Records": records}, context))
        except Exception:
            # Lambda logs the failed invocation's traceback; so does the pump.
            traceback.print_exc()
            return None

    def _deliver(self, records: list[dict[str, Any]], report: DeliveryReport) -> None:
        report.delivered += len(records)
        pending = records
        for _attempt in range(self._max_retries + 1):
            failed = self._invoke(pending, report)
            if failed == []:
                return
            if failed is None:
                continue
            first = min(int(sequence) for sequence in failed)
            pending = [r for r in pending if int(r["dynamodb"]["SequenceNumber"]) >= first]
        self._bisect(pending, report)

    def _bisect(self, records: list[dict[str, Any]], report: DeliveryReport) -> None:
        if len(records) == 1:
            if self._invoke(records, report) != []:
                self._on_failure(records)
                report.dead_lettered.append(records[0]["dynamodb"]["SequenceNumber"])
            return
        middle = len(records) // 2
        for half in (records[:middle], records[middle:]):
            if self._invoke(half, report) != []:
                self._bisect(half, report)


def sqs_on_failure(sqs_client: Any, queue_url: str) -> Callable[[list[dict[str, Any]]], None]:
    """Like Lambda's on-failure destination: a message describing the records, not the records."""

    def send(records: list[dict[str, Any]]) -> None:
        sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
        body = {
            "DDBStreamBatchInfo": {
                "streamArn": records[0]["eventSourceARN"],
                "startSequenceNumber": min(sequences),
                "endSequenceNumber": max(sequences),
                "batchSize": len(records),
            },
            "records": records,
        }
        sqs_client.send_message(QueueUrl=queue_url, MessageBody=json.dumps(body, default=str))

    return send
