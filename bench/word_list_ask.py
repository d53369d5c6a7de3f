"""An ask screened by an operator-sized word list against one screened by the demo list, and the
process's memory over many screened posts: the screen is built once per process, whatever its size.

Usage: .venv/bin/python -m bench.word_list_ask [--words 10000] [--asks 200] [--posts 2000]

Both lists run in this one process, each as a fresh container would (settings read anew, the
screen built on its first post), alternating demo, large, demo; the floor is the demo list's
median ask through the chalice gateway on moto in-process. Then `--posts` posts the large list
blocks (422: nothing is stored) are sent, and the resident memory after the first tenth is
compared with the memory after the last. Every request's status is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from tests.integration.api import Caller, Reply, as_user
from tests.integration.conftest import _started_stack
from youthvoice.config import get_settings
from youthvoice.domain.identity import Role

# Rare characters, so a generated word never appears in an ordinary question by chance.
WORD_CHARACTERS = "鳌鲍犇猋骉麤鱻羴灥厵龘靐齉䨻燚淼焱垚森犇掱舙嚞㵘"
BLOCKED_WORD = "六合彩"
ASK = {"title": "怎么报名志愿者", "body": "想参加社区志愿服务。", "topic": "charity"}


def generated_list(size: int, seed: int = 21) -> dict[str, object]:
    """`size` distinct hard and soft words of 3-5 rare characters, plus the demo's blocked word."""
    chooser = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(chooser.choices(WORD_CHARACTERS, k=chooser.randint(3, 5))))
    listed = sorted(words)
    half = len(listed) // 2
    return {
        "hard": {"gambling": [BLOCKED_WORD, *listed[:half]]},
        "soft": {"advertising": listed[half:]},
    }


def resident_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def as_new_container(word_file: str | None) -> None:
    """The settings a new container would read: the environment names the list (or not)."""
    if word_file is None:
        os.environ.pop("SENSITIVE_WORDS_FILE", None)
    else:
        os.environ["SENSITIVE_WORDS_FILE"] = word_file
    get_settings.cache_clear()


def answered(reply: Reply, status: int) -> None:
    assert reply.status == status, (status, reply.status, reply.body)


def median_ms(action: Callable[[], Reply], status: int, runs: int) -> float:
    answered(action(), status)  # the container's first post builds the screen: not timed
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        answered(action(), status)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--asks", type=int, default=200)
    parser.add_argument("--posts", type=int, default=2_000)
    arguments = parser.parse_args()
    large = Path(tempfile.mkdtemp(prefix="word-list-")) / "words.json"
    large.write_text(json.dumps(generated_list(arguments.words), ensure_ascii=False), "utf-8")
    with mock_aws():
        stack = _started_stack(40)
        asker: Caller = as_user(stack, "bench-word-list", Role.YOUTH)

        def ask() -> Reply:
            return asker.post("/questions", {**ASK, "platform_id": "sx-04-11"})

        def blocked() -> Reply:
            body = {**ASK, "body": f"哪里能买{BLOCKED_WORD}", "platform_id": "sx-04-11"}
            return asker.post("/questions", body)

        timings: dict[str, list[float]] = {"demo": [], "large": []}
        for name, word_file in (("demo", None), ("large", str(large)), ("demo", None)):
            as_new_container(word_file)
            timings[name].append(median_ms(ask, 201, arguments.asks))
        demo, large_ms = statistics.mean(timings["demo"]), timings["large"][0]

        as_new_container(str(large))
        warm = arguments.posts // 10
        for _ in range(warm):
            answered(blocked(), 422)
        before = resident_kib()
        for _ in range(arguments.posts - warm):
            answered(blocked(), 422)
        after = resident_kib()
    growth = (after - before) / (arguments.posts - warm)
    words = f"{arguments.words:,}-word list"
    print(f"demo list: {demo:7.1f} ms per ask, median of {arguments.asks} (the floor)")
    print(f"{words}: {large_ms:7.1f} ms per ask, median of {arguments.asks}")
    print(
        f"resident memory over {arguments.posts:,} screened posts: {before / 1024:.0f} MiB after "
        f"{warm:,}, {after / 1024:.0f} MiB after {arguments.posts:,}"
    )
    print(
        f"ask with a {words}: {large_ms / demo:.2f}x the demo list (goal ≤ 1.2x); "
        f"{growth:.2f} KiB per screened post"
    )


if __name__ == "__main__":
    main()
