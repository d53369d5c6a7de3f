"""The published contract, tried by schemathesis against the running local stack: every
operation, examples, boundaries and random inputs, every check on but one (see CHECKS)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

from tests.conftest import ROOT
from tests.e2e.conftest import RunningStack
from tests.e2e.test_local_stack import cli_token

# `positive_data_acceptance` expects every request the schema allows to be accepted, but some
# refusals depend on stored data or on other fields, which a schema cannot say: an unknown
# platform id, a cursor this service did not issue, "platform_id or season_id, not both".
CHECKS = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]
EXAMPLES_PER_OPERATION = "5"
SUMMARY = re.compile(r"(\d+) generated, (\d+) passed")


def test_schemathesis_finds_nothing_wrong(shared: RunningStack, module_dir: Path) -> None:
    # Given the shared stack and an admin's token, which every route accepts
    token = cli_token(module_dir, "--sub", "admin-1", "--role", "admin")
    # When schemathesis runs every operation of /openapi.json with every check
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{shared.url}/openapi.json",
            *CHECKS,
            "--max-examples",
            EXAMPLES_PER_OPERATION,
            "--generation-deterministic",
            "--header",
            f"Authorization: Bearer {token}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then it finds nothing, having generated and passed every case
    assert result.returncode == 0, result.stdout[-5000:]
    summary = SUMMARY.search(result.stdout)
    assert summary is not None, result.stdout[-2000:]
    generated, passed = (int(count) for count in summary.groups())
    print(f"schemathesis: {generated} cases generated, {passed} passed")
    assert generated == passed > 500


def test_a_method_no_route_takes_is_a_405_in_the_error_shape(shared: RunningStack) -> None:
    # Given the shared stack
    # When a method no route takes is sent, as a browser or a scanner might
    reply = requests.request("TRACE", f"{shared.url}/topics", timeout=10)
    # Then it is refused in JSON, naming the methods the route takes, not with an HTML page
    assert reply.status_code == 405
    assert reply.json()["error"]["code"] == "method_not_allowed"
    assert reply.headers["Allow"] == "GET, HEAD, OPTIONS"
