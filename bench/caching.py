"""What HTTP caching saves on public reads: the 304 rate on a repeated read, the bytes and time a
revalidation costs against a full read, and what gzip makes of the OpenAPI document.

Usage: .venv/bin/python -m bench.caching [--reads 200]

Each public route is read once, then --reads times with the ETag the client holds, in-process
through the emulated gateway on moto (40 demo experts). The floor is the median full read (200)
of the same route in the same run. Every status is asserted: a read that is neither the
expected 200 nor 304 stops the benchmark.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time

from chalice.test import HTTPResponse
from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from tests.integration.conftest import DEMO_EXPERTS, _started_stack
from youthvoice_local.gateway import EmulatedHTTPClient

PUBLIC_READS = [
    "/topics",
    "/platforms",
    "/stats",
    "/leaderboards/experts",
    "/questions?platform_id=sx",
    "/seasons",
    "/openapi.json",
]
# API Gateway's compression level is not published; gzip's default level stands in for it.
GZIP_LEVEL = 6


def timed_reads(
    http: EmulatedHTTPClient, path: str, headers: dict[str, str], runs: int
) -> tuple[float, list[HTTPResponse]]:
    """The median seconds of `runs` reads, and their responses."""
    samples, responses = [], []
    for _ in range(runs):
        started = time.perf_counter()
        responses.append(http.get(path, headers=headers))
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), responses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=200)
    reads = parser.parse_args().reads
    with mock_aws():
        http = _started_stack(DEMO_EXPERTS).http
        print(f"{'route':24} {'304s':>9} {'body B':>8} {'304 B':>6} {'304/200 time':>13}")
        for path in PUBLIC_READS:
            full_time, fulls = timed_reads(http, path, {}, reads)
            assert {response.status_code for response in fulls} == {200}, path
            tag = fulls[0].headers["ETag"]
            held = {"If-None-Match": tag}
            revalidated_time, answers = timed_reads(http, path, held, reads)
            statuses = [response.status_code for response in answers]
            assert set(statuses) <= {200, 304}, (path, set(statuses))
            not_modified = statuses.count(304)
            assert all(response.body == b"" for response in answers if response.status_code == 304)
            print(
                f"{path:24} {not_modified:>4}/{reads:<4} {len(fulls[0].body):>8} "
                f"{len(answers[0].body):>6} {revalidated_time / full_time:>13.2f}"
            )
        document = http.get("/openapi.json")
        assert document.status_code == 200
        compressed = gzip.compress(document.body, compresslevel=GZIP_LEVEL)
        print(
            f"/openapi.json: {len(document.body)} bytes, {len(compressed)} gzipped "
            f"({len(compressed) / len(document.body):.2f} of the body)"
        )


if __name__ == "__main__":
    main()
