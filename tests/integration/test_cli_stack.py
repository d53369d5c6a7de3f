"""`youthvoice --stack NAME` against a CloudFormation stack in moto: the command works on the
tables the stack's outputs name, and a missing stack or output is one line, not a traceback.

A command that reaches the tables runs as operators run it, in its own process: settings are
read once per process, and this one's already name the test tables. moto runs as a server that
both processes reach.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.conftest import ROOT
from youthvoice.data import keys
from youthvoice.data.models import CounterItem, PlatformItem
from youthvoice.data.schema import ensure_tables
from youthvoice.domain.platforms import PlatformKind
from youthvoice_local.cli import main

CONTENT = "ops-content"
PROJECTIONS = "ops-projections"
# The outputs infra/build_template.py gives a stage's stack, with this module's table names.
OUTPUTS = {
    "Stage": "dev",
    "ContentTableName": CONTENT,
    "ProjectionsTableName": PROJECTIONS,
    "StreamFailureQueueUrl": {"Ref": "StreamFailureQueue"},
}
CLI_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Cloud:
    endpoint: str

    def client(self, service: str) -> Any:
        return boto3.client(service, endpoint_url=self.endpoint)

    def create_stack(self, name: str, outputs: dict[str, Any]) -> None:
        template = {
            "Resources": {"StreamFailureQueue": {"Type": "AWS::SQS::Queue"}},
            "Outputs": {key: {"Value": value} for key, value in outputs.items()},
        }
        self.client("cloudformation").create_stack(
            StackName=name, TemplateBody=json.dumps(template)
        )

    def youthvoice(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """The CLI in the shell of an operator whose AWS is this moto: no stage, no tables."""
        environment = {
            name: value
            for name, value in os.environ.items()
            if name not in ("STAGE", "CONTENT_TABLE", "PROJECTIONS_TABLE")
        }
        environment["AWS_ENDPOINT_URL"] = self.endpoint
        return subprocess.run(
            [sys.executable, "-m", "youthvoice_local.cli", *argv],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_SECONDS,
            check=False,
        )


def put(cloud: Cloud, table: str, item: Any) -> None:
    cloud.client("dynamodb").put_item(TableName=table, Item=item.serialize())


@pytest.fixture(scope="module")
def cloud() -> Iterator[Cloud]:
    """moto's server, holding a stage's tables: its root platform, and one drifting counter."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    cloud = Cloud(f"http://{host}:{port}")
    try:
        ensure_tables(
            cloud.client("dynamodb"), ROOT, {"Content": CONTENT, "Projections": PROJECTIONS}
        )
        root = PlatformItem(
            keys.platform_pk("sx"),
            keys.META,
            platform_id="sx",
            name="山西省",
            kind=str(PlatformKind.PROVINCE),
        )
        put(cloud, CONTENT, root)
        put(cloud, PROJECTIONS, CounterItem(keys.counter_pk("platform", "sx"), "TOTAL", experts=3))
        yield cloud
    finally:
        server.stop()


def test_reconcile_reads_the_tables_the_stacks_outputs_name(cloud: Cloud) -> None:
    # Given a stage's stack whose outputs name the tables holding a drifting counter
    cloud.create_stack("youthvoice-ops", OUTPUTS)
    # When the operator reconciles that stack
    ran = cloud.youthvoice("--stack", "youthvoice-ops", "reconcile")
    # Then the drift in those tables is reported
    assert ran.returncode == 0, ran.stderr
    assert "platform sx experts: projected 3, recounted 0" in ran.stdout
    assert "1 drifting counters found" in ran.stdout


def test_a_stack_that_does_not_exist_is_one_line(
    cloud: Cloud, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # When the operator names a stack that is not there
    monkeypatch.setenv("AWS_ENDPOINT_URL", cloud.endpoint)
    status = main(["--stack", "youthvoice-nowhere", "reconcile"])
    # Then the CLI exits with 2 and one line naming the stack
    error = capsys.readouterr().err
    assert status == 2
    assert error.startswith("youthvoice: stack youthvoice-nowhere")
    assert error.count("\n") == 1


@pytest.mark.parametrize(
    ("missing", "command"),
    [
        ("ProjectionsTableName", ["reconcile"]),
        ("StreamFailureQueueUrl", ["replay", "--failure-queue-url"]),
    ],
)
def test_a_stack_without_an_output_the_command_needs_is_one_line(
    cloud: Cloud,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    missing: str,
    command: list[str],
) -> None:
    # Given a stack that lacks one of the outputs
    name = f"youthvoice-without-{missing.lower()}"
    cloud.create_stack(name, {k: v for k, v in OUTPUTS.items() if k != missing})
    monkeypatch.setenv("AWS_ENDPOINT_URL", cloud.endpoint)
    # When the operator runs a command on it
    environment = dict(os.environ)
    status = main(["--stack", name, *command])
    # Then the CLI exits with 2 and one line naming the missing output, having set nothing
    error = capsys.readouterr().err
    assert status == 2
    assert dict(os.environ) == environment
    assert error.startswith(f"youthvoice: stack {name} has no output {missing}")
    assert error.count("\n") == 1
