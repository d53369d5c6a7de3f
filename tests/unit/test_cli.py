"""CLI pieces that need no AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

from youthvoice_local.cli import build_parser
from youthvoice_local.replay import Replay, settle_failures

STREAM = "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/content/stream/2026"


def batch_failure(start: int, end: int, stream: str = STREAM) -> str:
    """The body Lambda's on-failure destination sends for a stream batch."""
    info = {"streamArn": stream, "startSequenceNumber": str(start), "endSequenceNumber": str(end)}
    return json.dumps({"DDBStreamBatchInfo": info})


class FakeQueue:
    def __init__(self, bodies: list[str]) -> None:
        self.waiting = [{"ReceiptHandle": f"r{n}", "Body": b} for n, b in enumerate(bodies)]
        self.deleted: list[str] = []
        self.visible_again: list[str] = []

    def receive_message(self, QueueUrl: str, **options: Any) -> dict[str, Any]:  # noqa: N803
        count = options["MaxNumberOfMessages"]
        batch, self.waiting = self.waiting[:count], self.waiting[count:]
        return {"Messages": batch} if batch else {}

    def delete_message(self, QueueUrl: str, ReceiptHandle: str) -> None:  # noqa: N803
        self.deleted.append(ReceiptHandle)

    def change_message_visibility(self, ReceiptHandle: str, **options: Any) -> None:  # noqa: N803
        assert options["VisibilityTimeout"] == 0
        self.visible_again.append(ReceiptHandle)


def test_only_batches_replayed_cleanly_are_settled(capsys: pytest.CaptureFixture[str]) -> None:
    # Given a replay that re-drove records 100-130 of the stream, with record 120 still failing
    replay = Replay(STREAM, redriven=set(range(100, 131)), failing={120})
    # And failures naming a re-driven batch, a still-failing one, an aged-out one, another
    # stream's, and a message that is not a batch's failure at all
    queue = FakeQueue(
        [
            batch_failure(100, 110),
            batch_failure(115, 125),
            batch_failure(40, 60),
            batch_failure(100, 110, stream=STREAM + "-old"),
            "hello",
        ]
    )
    # When the queue is settled
    settlement = settle_failures(queue, "https://queue", replay)
    # Then only the clean batch is deleted; the others are visible again, counted by why
    assert queue.deleted == ["r0"]
    assert queue.visible_again == ["r1", "r2", "r3", "r4"]
    assert (settlement.still_failing, settlement.aged_out, settlement.unrecognised) == (1, 2, 1)
    # And the operator is told what to do about the aged-out ones
    said = "\n".join(settlement.summary())
    assert "settled 1 on-failure messages" in said
    assert "2 left in the queue" in said and "reconcile --repair" in said


def test_the_commands_parse() -> None:
    parser = build_parser()
    assert parser.parse_args(["replay", "--from", "trim-horizon"]).position == "trim-horizon"
    assert parser.parse_args(["reconcile", "--repair"]).repair is True
    with pytest.raises(SystemExit):
        parser.parse_args(["token", "--sub", "u", "--role", "king"])
