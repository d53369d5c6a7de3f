"""moto tables, the seeded hierarchy, and chalice's test client behind the emulated gateway."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from chalice.config import Config
from moto import mock_aws

import app
from tests.conftest import ROOT
from youthvoice.config import get_settings
from youthvoice.data.schema import ensure_tables
from youthvoice.services.seeding import seed_reference_data
from youthvoice_local import moto_patches
from youthvoice_local.gateway import EmulatedHTTPClient
from youthvoice_local.pump import StreamPump

moto_patches.install()

DEMO_EXPERTS = 40
SEEDED_AT = "2026-11-01T00:00:00Z"


@dataclass
class Stack:
    http: EmulatedHTTPClient
    pump: StreamPump
    dead_letters: list[list[dict[str, Any]]]
    dynamodb: Any


def _table_names() -> dict[str, str]:
    settings = get_settings()
    return {"Content": settings.content_table, "Projections": settings.projections_table}


def _started_stack(demo_experts: int) -> Stack:
    """Given the Shanxi hierarchy and demo experts, with the stream wired to the projector."""
    client = boto3.client("dynamodb")
    ensure_tables(client, ROOT, _table_names())
    stream_arn = client.describe_table(TableName=get_settings().content_table)["Table"][
        "LatestStreamArn"
    ]
    dead_letters: list[list[dict[str, Any]]] = []
    pump = StreamPump(
        boto3.client("dynamodbstreams"),
        stream_arn,
        app.project_content,
        dead_letters.append,
        function_name="project_content",
    )
    pump.start_at("TRIM_HORIZON")
    seed_reference_data(demo_experts, SEEDED_AT)
    pump.drain()
    config = Config(
        chalice_stage="local",
        config_from_disk=json.loads((ROOT / ".chalice" / "config.json").read_text()),
        user_provided_params={"project_dir": str(ROOT)},
    )
    return Stack(EmulatedHTTPClient(app.app, config), pump, dead_letters, client)


@pytest.fixture
def stack() -> Iterator[Stack]:
    with mock_aws():
        yield _started_stack(DEMO_EXPERTS)


@pytest.fixture(scope="module")
def bare_stack() -> Iterator[Stack]:
    """Reference data but no experts, shared by a module: tests register whom they need."""
    with mock_aws():
        yield _started_stack(0)


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Every DynamoDB request any client makes, by operation (clients made earlier included)."""
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counted(self: BaseClient, operation: str, params: Any) -> Any:
        if self.meta.service_model.service_name == "dynamodb":
            calls[operation] += 1
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    yield calls
