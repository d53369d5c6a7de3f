"""What a season report costs in DynamoDB reads, against the number of questions in the season.

Usage: .venv/bin/python -m bench.season_report [--sizes 10 100 1000]

A 14-day season on 长治市 for two topics; the given numbers of questions are asked inside it
(spread over its counties and days) and projected, and the report is read. Every DynamoDB
request is counted by operation, with the keys asked for by BatchGetItem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import count_dynamodb_calls
from tests.integration.conftest import _started_stack
from youthvoice.bootstrap import clock_set_to
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services import questions, seasons
from youthvoice.services.questions import Draft
from youthvoice.services.seasons import SeasonDraft

CALLS = count_dynamodb_calls()
REPEATS = 7
COUNTIES = [f"sx-04-{n:02d}" for n in range(1, 14)]
START = dt.datetime(2025, 12, 1, tzinfo=SHANGHAI)


def fixed(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


def measure(size: int) -> tuple[dict[str, int], float]:
    with mock_aws():
        stack = _started_stack(0)
        staff = Principal("bench-staff", Role.STAFF, "sx-04")
        with clock_set_to(fixed(START - dt.timedelta(days=1))):
            season = seasons.create(
                staff,
                SeasonDraft("就业季", ("employment", "study"), "sx-04", "2025-12-01",
                            "2025-12-15", "", None),
            )  # fmt: skip
        for number in range(size):
            moment = START + dt.timedelta(hours=10 + (number * 7) % (13 * 24))
            with clock_set_to(fixed(moment)):
                questions.ask(
                    Principal(f"youth-{number}", Role.YOUTH),
                    Draft("毕业去向怎么选", "想听建议", ("employment", "study")[number % 2],
                          COUNTIES[number % len(COUNTIES)], False, ()),
                )  # fmt: skip
        stack.pump.drain()
        timings = []
        for _ in range(REPEATS):
            CALLS.clear()
            started = time.perf_counter()
            report = seasons.report(season.id, None)
            timings.append(time.perf_counter() - started)
            assert report.figures.questions == size, report.figures
        return dict(CALLS), statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    sizes = parser.parse_args().sizes
    results = [(size, *measure(size)) for size in sizes]
    print(
        f"a season report (14 days, 2 topics, 长治市 and its child platforms; median of {REPEATS}):"
    )
    for size, calls, seconds in results:
        print(f"  {size:>5} questions: {seconds * 1000:7.1f} ms  {calls}")
    first, last = results[0], results[-1]

    def requests(calls: dict[str, int]) -> int:
        return calls.get("Query", 0) + calls.get("BatchGetItem", 0) + calls.get("GetItem", 0)

    print(
        f"  requests {requests(last[1])} vs {requests(first[1])}; time ratio "
        f"{last[2] / first[2]:.2f} for {last[0] // first[0]}x the questions"
    )


if __name__ == "__main__":
    main()
