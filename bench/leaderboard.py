"""What a page of the expert leaderboard costs, at the top of the board and deep in it.

Usage: .venv/bin/python -m bench.leaderboard [--members 5000] [--limit 20]

A board of `--members` members on 山西省 (all time), points with many ties, over the configured
score shards; the 200 demo experts among them have profiles (names), the others do not. The board
is read page by page through the HTTP handler, following each next_cursor to the end; every
DynamoDB request is counted by operation. The floor is the first page, read once to warm up and
then measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections import Counter

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import count_dynamodb_calls
from tests.integration.conftest import _started_stack
from tests.tokens import bearer
from youthvoice.config import get_settings
from youthvoice.data.projections import ProjectionWriter
from youthvoice.domain import projection_keys
from youthvoice.domain.identity import Role
from youthvoice.domain.projection import Effects, RecordEffects
from youthvoice.domain.projection_keys import Period, ScoreKey

CALLS = count_dynamodb_calls()
DEMO_EXPERTS = 200
SCORES_PER_RECORD = 40


def _members(count: int) -> list[str]:
    """The demo experts (they have profiles, and come first among equal points), then members
    without one."""
    named = [f"demo-expert-{n:04d}" for n in range(1, min(count, DEMO_EXPERTS) + 1)]
    return named + [f"member-{n:05d}" for n in range(count - len(named))]


def _load_board(members: list[str]) -> None:
    board = projection_keys.board(Period.ALL_TIME, get_settings().root_platform)
    writer = ProjectionWriter(60, dt.datetime.now(dt.UTC), get_settings().leaderboard_shards)
    records = [
        RecordEffects(
            f"bench-board-{start}",
            Effects(
                scores=Counter(
                    {
                        ScoreKey(board, member): 10 + 5 * ((start + index) % 50)
                        for index, member in enumerate(members[start : start + SCORES_PER_RECORD])
                    }
                )
            ),
        )
        for start in range(0, len(members), SCORES_PER_RECORD)
    ]
    assert writer.apply(records) == len(records)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--limit", type=int, default=20)
    arguments = parser.parse_args()
    with mock_aws():
        stack = _started_stack(DEMO_EXPERTS)
        members = _members(arguments.members)
        _load_board(members)
        path = f"/leaderboards/experts?limit={arguments.limit}"
        admin = bearer("bench-admin", Role.ADMIN)  # sees the members' user ids
        # warm: imports, the token verifier and the reference cache
        assert stack.http.get(path, headers=admin).status_code == 200
        pages: list[tuple[float, dict[str, int]]] = []
        seen: list[str] = []
        cursor = ""
        while True:
            CALLS.clear()
            started = time.perf_counter()
            reply = stack.http.get(f"{path}{cursor}", headers=admin)
            seconds = time.perf_counter() - started
            assert reply.status_code == 200, reply.json_body
            pages.append((seconds, dict(CALLS)))
            seen += [row["author"]["user_id"] for row in reply.json_body["items"]]
            if reply.json_body["next_cursor"] is None:
                break
            cursor = f"&cursor={reply.json_body['next_cursor']}"
    assert sorted(seen) == sorted(members), "every member exactly once"
    first_seconds, first_calls = pages[0]
    deep_seconds = statistics.median(seconds for seconds, _ in pages[len(pages) // 2 :])
    most = max((calls for _, calls in pages), key=lambda calls: sum(calls.values()))
    print(
        f"a board of {arguments.members} members over {get_settings().leaderboard_shards} shards, "
        f"{len(pages)} pages of {arguments.limit}:"
    )
    print(f"  first page:            {first_seconds * 1000:7.1f} ms  {first_calls}")
    print(f"  second half (median):  {deep_seconds * 1000:7.1f} ms")
    print(f"  most requests on any page: {most}")
    print(f"  deep / first time ratio {deep_seconds / first_seconds:.2f}")


if __name__ == "__main__":
    main()
