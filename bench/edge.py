"""What the edge's checks on a body cost: parse_body against json.loads of the same bytes.

Usage: .venv/bin/python -m bench.edge [--runs 2000]

The largest question a client may ask (a 100-character title, a 5,000-character body of Chinese,
ten tags) goes through parse_body: the nesting scan, json.loads, the model with its character
checks and trimming. The floor is json.loads alone on the same bytes, in the same run. A body
of 32 KiB of brackets shows what refusing the deepest document costs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import timeit
from dataclasses import dataclass
from typing import cast

from chalice.app import Request

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from functions.http import parse_body
from functions.schemas.questions import AskIn
from youthvoice.domain.errors import ValidationFailed

LARGEST_QUESTION = json.dumps(
    {
        "title": "毕业后去哪里找工作" * 11 + "求",
        "body": "我是大四学生，想知道省内有哪些招聘渠道。" * 250,
        "topic": "employment",
        "platform_id": "sx-04-11",
        "anonymous": False,
        "tags": [f"标签{n}" for n in range(10)],
    },
    ensure_ascii=False,
).encode()
DEEPEST = b"[" * 16_384 + b"]" * 16_384


@dataclass
class Given:
    """What parse_body reads of a request."""

    raw_body: bytes


def per_call(statement: str, runs: int, **names: object) -> float:
    """Seconds per call: the best of five rounds, the least disturbed by the other cores' work."""
    return min(timeit.repeat(statement, globals=names, number=runs, repeat=5)) / runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2_000)
    runs = parser.parse_args().runs
    question = cast(Request, Given(LARGEST_QUESTION))
    deepest = cast(Request, Given(DEEPEST))
    parsed = parse_body(question, AskIn)
    assert len(parsed.body) == 5_000 and len(parsed.title) == 100, "the largest question parses"
    try:
        parse_body(deepest, AskIn)
    except ValidationFailed as error:
        assert error.message.startswith("body: nested deeper"), error.message
    else:
        raise AssertionError("the deepest document is refused")
    floor = per_call("json.loads(raw)", runs, json=json, raw=LARGEST_QUESTION)
    edge = per_call(
        "parse(question, AskIn)", runs, parse=parse_body, question=question, AskIn=AskIn
    )

    def refuse() -> None:
        with contextlib.suppress(ValidationFailed):
            parse_body(deepest, AskIn)

    refusal = per_call("refuse()", runs, refuse=refuse)
    print(f"body of {len(LARGEST_QUESTION):,} bytes, best of 5 rounds of {runs:,} calls")
    print(f"json.loads (floor)          {floor * 1e6:8.1f} µs  1.00")
    print(f"parse_body, largest question {edge * 1e6:7.1f} µs  {edge / floor:.2f}")
    print(f"parse_body, 32 KiB of brackets {refusal * 1e6:5.1f} µs  {refusal / floor:.2f}")


if __name__ == "__main__":
    main()
