"""CLI pieces that need no AWS."""

from __future__ import annotations

from typing import Any

import pytest

from youthvoice_local.cli import _acknowledge_failures, build_parser


class FakeQueue:
    def __init__(self, messages: int) -> None:
        self.waiting = [{"ReceiptHandle": f"r{n}"} for n in range(messages)]
        self.deleted: list[str] = []

    def receive_message(self, QueueUrl: str, MaxNumberOfMessages: int) -> dict[str, Any]:  # noqa: N803
        batch, self.waiting = self.waiting[:MaxNumberOfMessages], self.waiting[MaxNumberOfMessages:]
        return {"Messages": batch} if batch else {}

    def delete_message(self, QueueUrl: str, ReceiptHandle: str) -> None:  # noqa: N803
        self.deleted.append(ReceiptHandle)


def test_a_clean_replay_settles_every_failure_message(capsys: pytest.CaptureFixture[str]) -> None:
    queue = FakeQueue(23)
    _acknowledge_failures(queue, "https://queue")
    assert len(queue.deleted) == 23
    assert "settled 23" in capsys.readouterr().out


def test_the_commands_parse() -> None:
    parser = build_parser()
    assert parser.parse_args(["replay", "--from", "trim-horizon"]).position == "trim-horizon"
    assert parser.parse_args(["reconcile", "--repair"]).repair is True
    with pytest.raises(SystemExit):
        parser.parse_args(["token", "--sub", "u", "--role", "king"])
