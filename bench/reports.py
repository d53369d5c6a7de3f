"""What reports cost in DynamoDB requests and time, against the number of questions in the year.

Usage: .venv/bin/python -m bench.reports [--sizes 50 500]

Questions are asked over 2016 on Shanxi's counties (on the simulated clock), projected, and
each report is read for the province's whole year: every DynamoDB request is counted by
operation. The floor is one GetItem of the province's all-time counter row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import count_dynamodb_calls
from tests.integration.conftest import _started_stack
from youthvoice.bootstrap import clock_set_to
from youthvoice.domain import projection_keys
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.reports import DateRange, Interval
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services import questions, reports, stats
from youthvoice.services.questions import Draft

CALLS = count_dynamodb_calls()
REPEATS = 5
COUNTIES = [f"sx-{c:02d}-01" for c in range(1, 12)]
YEAR = DateRange.of(dt.date(2016, 1, 1), dt.date(2016, 12, 31))
START = dt.datetime(2016, 1, 1, 10, tzinfo=SHANGHAI)
REPORTS = {
    "range figures": lambda: reports.range_stats("sx", YEAR),
    "monthly series": lambda: reports.series("sx", YEAR, Interval.MONTH),
    "weekly series": lambda: reports.series("sx", YEAR, Interval.WEEK),
    "daily series": lambda: reports.series("sx", YEAR, Interval.DAY),
    "children": lambda: reports.children("sx", YEAR),
}


def timed(read: Any) -> tuple[dict[str, int], float]:
    timings = []
    for _ in range(REPEATS):
        CALLS.clear()
        started = time.perf_counter()
        read()
        timings.append(time.perf_counter() - started)
    return dict(CALLS), statistics.median(timings)


def measure(size: int) -> dict[str, tuple[dict[str, int], float]]:
    with mock_aws():
        stack = _started_stack(0)
        for number in range(size):
            moment = START + dt.timedelta(hours=(number * 173) % (365 * 24))
            with clock_set_to(lambda moment=moment: moment):  # type: ignore[misc]
                questions.ask(
                    Principal(f"youth-{number}", Role.YOUTH),
                    Draft("毕业去向怎么选", "想听建议", "employment",
                          COUNTIES[number % len(COUNTIES)], False, ()),
                )  # fmt: skip
        stack.pump.drain()
        scope = projection_keys.platform("sx")
        results = {"floor (one counter row)": timed(lambda: stats.counters().counts([scope]))}
        for name, read in REPORTS.items():
            results[name] = timed(read)
        assert reports.range_stats("sx", YEAR).questions == size
        return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    sizes = parser.parse_args().sizes
    measured = {size: measure(size) for size in sizes}
    for size, results in measured.items():
        floor = results["floor (one counter row)"][1]
        print(f"{size} questions over 2016, the province's year (median of {REPEATS}):")
        for name, (calls, seconds) in results.items():
            print(f"  {name:<24} {seconds * 1000:7.1f} ms  ×{seconds / floor:5.1f}  {calls}")
    first, last = measured[sizes[0]], measured[sizes[-1]]
    print(
        f"monthly series: {last['monthly series'][0]} for {sizes[-1]} questions, "
        f"{first['monthly series'][0]} for {sizes[0]}"
    )


if __name__ == "__main__":
    main()
