"""`youthvoice replay`: re-drive the Content stream through the projector, then settle only the
on-failure messages whose records it re-drove cleanly.

An on-failure message names a batch by its stream and first and last sequence numbers, not its
records. The stream keeps records 24 hours, the queue keeps messages 14 days: a message whose
records have left the stream cannot be settled by a replay; `reconcile --repair` recounts what
they would have changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from youthvoice_local.pump import StreamPump

# Long enough that a message left in the queue is not received twice while settling; each is
# made visible again once the queue has been read.
READING_SECONDS = 300
AGED_OUT_ADVICE = (
    "their records have left the stream (it keeps 24 hours): run `youthvoice reconcile "
    "--repair` to recount what they changed, then delete them from the queue"
)

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class Replay:
    """What a replay from the trim horizon re-drove, and which of those records still fail."""

    stream_arn: str
    redriven: set[int] = field(default_factory=set)
    failing: set[int] = field(default_factory=set)
    invocations: int = 0

    def settles(self, batch: FailedBatch) -> bool:
        return self.redrove(batch) and not any(batch.start <= s <= batch.end for s in self.failing)

    def redrove(self, batch: FailedBatch) -> bool:
        return (
            batch.stream_arn == self.stream_arn
            and batch.start in self.redriven
            and batch.end in self.redriven
        )


@dataclass(frozen=True)
class FailedBatch:
    stream_arn: str
    start: int
    end: int

    @classmethod
    def of(cls, body: str) -> FailedBatch | None:
        """The batch Lambda's on-failure destination describes, or None for any other message."""
        try:
            info = json.loads(body)["DDBStreamBatchInfo"]
            return cls(
                info["streamArn"],
                int(info["startSequenceNumber"]),
                int(info["endSequenceNumber"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


@dataclass
class Settlement:
    settled: int = 0
    still_failing: int = 0
    aged_out: int = 0
    unrecognised: int = 0

    def summary(self) -> list[str]:
        lines = [f"settled {self.settled} on-failure messages"]
        if self.still_failing:
            lines.append(
                f"{self.still_failing} left in the queue: their records still fail (see the "
                "projector's log)"
            )
        if self.aged_out:
            lines.append(f"{self.aged_out} left in the queue: {AGED_OUT_ADVICE}")
        if self.unrecognised:
            lines.append(f"{self.unrecognised} left in the queue: not a stream batch's failure")
        return lines


def replay_stream(streams: Any, stream_arn: str, project: Handler) -> Replay:
    """Every record still in the stream through `project`; markers make repeats harmless."""
    replay = Replay(stream_arn)

    def observed(event: dict[str, Any], context: Any) -> Any:
        replay.redriven.update(_sequence(r) for r in event["Records"])
        return project(event, context)

    def failed(records: list[dict[str, Any]]) -> None:
        replay.failing.update(_sequence(r) for r in records)

    pump = StreamPump(streams, stream_arn, observed, failed, function_name="project_content")
    pump.start_at("TRIM_HORIZON")
    replay.invocations = pump.drain().invocations
    return replay


def settle_failures(sqs: Any, queue_url: str, replay: Replay) -> Settlement:
    """Deletes the messages whose records `replay` re-drove cleanly; leaves the others, visible
    again at once, and counts them by why."""
    settlement = Settlement()
    kept: list[str] = []
    while messages := sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=READING_SECONDS
    ).get("Messages", []):
        for message in messages:
            batch = FailedBatch.of(message["Body"])
            if batch is not None and replay.settles(batch):
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                settlement.settled += 1
                continue
            kept.append(message["ReceiptHandle"])
            if batch is None:
                settlement.unrecognised += 1
            elif replay.redrove(batch):
                settlement.still_failing += 1
            else:
                settlement.aged_out += 1
    for receipt in kept:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=receipt, VisibilityTimeout=0
        )
    return settlement


def _sequence(record: dict[str, Any]) -> int:
    return int(record["dynamodb"]["SequenceNumber"])
