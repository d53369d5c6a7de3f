"""The local stack over real HTTP: ready, authorized, projected, and persistent across restarts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import requests

from tests.conftest import ROOT
from tests.e2e.conftest import READY, RunningStack, free_port, start_stack


def cli_token(local_dir: Path, *args: str) -> str:
    environment = {**os.environ, "YOUTHVOICE_LOCAL_DIR": str(local_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "youthvoice_local.cli", "token", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_a_bad_setting_stops_serve_before_anything_starts(local_dir: Path) -> None:
    # Given a working day that ends at an hour that does not exist
    environment = {
        **os.environ,
        "WORKDAY_END": "25:00",
        "PORT": str(free_port()),
        "MOTO_PORT": str(free_port()),
    }
    # When the local stack is started
    result = subprocess.run(
        [sys.executable, "-m", "youthvoice_local.cli", "serve", "--local-dir", str(local_dir)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Then it refuses, naming the setting, before creating its key, tables or snapshot
    assert result.returncode == 2, result.stderr
    assert "setting WORKDAY_END" in result.stderr
    assert "ready" not in result.stdout
    assert not local_dir.exists()


def test_the_stack_serves_the_seeded_platform(shared: RunningStack) -> None:
    health = requests.get(f"{shared.url}/health", timeout=10)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "stage": "local"}
    province = requests.get(f"{shared.url}/platforms/sx", timeout=10).json()
    assert province["name"] == "山西省"
    # The ready line waits for the stream pump, so seeded experts are already counted.
    assert province["experts"] == 200
    topics = requests.get(f"{shared.url}/topics", timeout=10).json()["items"]
    assert len(topics) >= 9


def test_the_stack_says_one_calm_line_per_event(running: RunningStack) -> None:
    # Given a freshly started stack, When it is asked for the topics and then stopped
    assert requests.get(f"{running.url}/topics", timeout=10).status_code == 200
    assert running.stop() == 0
    # Then the ready line closed the start, after the seed and its projection
    lines = [line.rstrip("\n") for line in running.output]
    ready = next(n for n, line in enumerate(lines) if line.startswith(READY))
    assert lines[0].startswith("Seeded")
    assert any(line.startswith("projected ") for line in lines[:ready])
    # And the request is one human line, with no JSON logs or metric blobs anywhere
    assert any(line.startswith("GET /topics 200 ") for line in lines[ready:])
    assert not [line for line in lines if line.startswith("{")]
    assert "No application metrics" not in running.errors.read_text()


def test_tokens_from_the_cli_are_accepted(shared: RunningStack, module_dir: Path) -> None:
    token = cli_token(module_dir, "--sub", "staff-1", "--role", "staff", "--platform", "sx-04")
    me = requests.get(f"{shared.url}/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200
    assert me.json() == {
        "sub": "staff-1", "role": "staff", "platform": "sx-04", "name": None, "nickname": None
    }  # fmt: skip
    refused = requests.get(f"{shared.url}/me", headers={"Authorization": "Bearer x"}, timeout=10)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


def add_expert_directly(stack: RunningStack) -> None:
    """A write straight into the stack's DynamoDB (no write route exists yet), as the app would."""
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=stack.moto_url,
        region_name="cn-north-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    attributes = {
        "pk": "EXPERT#ex-e2e",
        "sk": "PROFILE",
        "entity": "expert",
        "expert_id": "ex-e2e",
        "user_id": "u-e2e",
        "name": "端到端",
        "platform_id": "sx-01",
        "status": "active",
        "bio": "",
        "created_at": "2026-11-29T00:00:00Z",
        "gsi1pk": "EXPERTS#sx-01",
        "gsi1sk": "ex-e2e",
    }
    item: dict[str, Any] = {name: {"S": value} for name, value in attributes.items()}
    item["lineage"] = {"L": [{"S": "sx-01"}, {"S": "sx"}]}
    item["topics"] = {"L": [{"S": "health"}]}
    dynamodb.put_item(TableName="youthvoice-local-content", Item=item)


def experts_eventually(url: str, expected: int) -> int:
    """The stream pump runs on its own thread: give it a few seconds, bounded."""
    deadline = time.monotonic() + 10
    while True:
        count: int = requests.get(f"{url}/platforms/sx", timeout=10).json()["experts"]
        if count == expected or time.monotonic() > deadline:
            return count
        time.sleep(0.2)


def test_data_survives_a_restart(running: RunningStack, local_dir: Path) -> None:
    # Given a token minted against this stack's key, and a write projected by the stream pump
    token = cli_token(local_dir, "--sub", "u-1", "--role", "youth")
    add_expert_directly(running)
    assert experts_eventually(running.url, 201) == 201
    first = requests.get(f"{running.url}/platforms?kind=university&limit=100", timeout=10).json()
    # When the stack is stopped with Ctrl-C and started again on the same directory
    assert running.stop() == 0
    assert any(line.startswith("Saved") for line in running.output)
    again = start_stack(local_dir)
    try:
        # Then it restores instead of reseeding, the data is the same and the key still works
        assert any(line.startswith("Restored") for line in again.output)
        assert not any(line.startswith("Seeded") for line in again.output)
        second = requests.get(f"{again.url}/platforms?kind=university&limit=100", timeout=10)
        assert second.json() == first
        assert requests.get(f"{again.url}/platforms/sx", timeout=10).json()["experts"] == 201
        me = requests.get(
            f"{again.url}/me", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert me.status_code == 200
    finally:
        assert again.stop() == 0


def test_the_stack_answers_browsers_on_other_origins_and_revalidating_readers(
    shared: RunningStack,
) -> None:
    # Given a page on a local dev server's origin
    origin = {"Origin": "http://localhost:5173"}
    # When its browser asks before posting a question, reads the topics twice and calls a
    # secured route without a token
    preflight = requests.options(
        f"{shared.url}/questions",
        headers={**origin, "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    first = requests.get(f"{shared.url}/topics", headers=origin, timeout=10)
    again = requests.get(
        f"{shared.url}/topics",
        headers={**origin, "If-None-Match": first.headers["ETag"]},
        timeout=10,
    )
    head = requests.head(f"{shared.url}/topics", headers=origin, timeout=10)
    refused = requests.get(f"{shared.url}/me", headers=origin, timeout=10)
    # Then every answer over the wire lets that origin read it, and the repeated read is a 304
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert [first.status_code, again.status_code, head.status_code, refused.status_code] == [
        200,
        304,
        200,
        401,
    ]
    assert again.content == b"" and head.content == b""
    assert head.headers["ETag"] == first.headers["ETag"]
    for response in (preflight, first, again, head, refused):
        assert response.headers["Access-Control-Allow-Origin"] == origin["Origin"]
