"""Start `youthvoice serve` as a real process on free ports, as `make run` does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

READY = "Youth Voice ready at "
START_TIMEOUT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class RunningStack:
    process: subprocess.Popen[str]
    url: str
    moto_url: str
    output: list[str]
    seconds_to_ready: float

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        stdout, _ = self.process.communicate(timeout=60)
        self.output.append(stdout)
        return self.process.returncode


def start_stack(local_dir: Path, port: int, moto_port: int) -> RunningStack:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "CONTENT_", "PROJECTIONS_", "YOUTHVOICE_"))
    }
    environment.update({"PORT": str(port), "MOTO_PORT": str(moto_port), "PYTHONUNBUFFERED": "1"})
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "youthvoice.cli", "serve", "--local-dir", str(local_dir)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output: list[str] = []
    assert process.stdout is not None
    while time.monotonic() - started < START_TIMEOUT_SECONDS:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if line.startswith(READY):
            url = line[len(READY) :].strip()
            moto_url = f"http://127.0.0.1:{moto_port}"
            return RunningStack(process, url, moto_url, output, time.monotonic() - started)
    process.kill()
    raise AssertionError(f"the stack did not become ready: {''.join(output)}")


@pytest.fixture
def local_dir(tmp_path: Path) -> Path:
    return tmp_path / "local"


@pytest.fixture
def running(local_dir: Path) -> Iterator[RunningStack]:
    stack = start_stack(local_dir, free_port(), free_port())
    yield stack
    if stack.process.poll() is None:
        stack.stop()
