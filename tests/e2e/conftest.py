"""Start `youthvoice serve` as a real process on free ports, as `make run` does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.conftest import OPT_OUT, ROOT, UNHANDLED, refusal
from youthvoice_local.console import unhandled_error_line

READY = "Youth Voice ready at "
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 60
PORT_ATTEMPTS = 3
PORT_TAKEN = "Address already in use"
SETTLE_SECONDS = 10


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
    errors: Path
    reader: threading.Thread

    def stop(self) -> int:
        """Ctrl-C; if it does not end in time, dump every thread's stack (SIGUSR1) and fail."""
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGUSR1)
            time.sleep(1)
            self.process.kill()
            raise AssertionError(f"the stack did not stop: {self.errors.read_text()}") from None
        self.reader.join(timeout=10)
        return code

    def discard(self) -> None:
        """End the process at once; its output, up to its last line, is still read."""
        self.process.kill()
        self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        self.reader.join(timeout=10)

    def unhandled_errors(self, since: int = 0) -> list[str]:
        """The server's log lines (on its stdout) for requests that ended in a 500."""
        return [line for line in self.output[since:] if unhandled_error_line(line, UNHANDLED)]

    def settle(self) -> None:
        """Wait, a bounded time, until the lines of every request answered so far are read: the
        server logs a request before answering it, so a marked request's line comes after them."""
        marker, read = f"/health?settled={uuid.uuid4().hex}", len(self.output)
        assert requests.get(f"{self.url}{marker}", timeout=10).status_code == 200
        deadline = time.monotonic() + SETTLE_SECONDS
        while not any(marker in line for line in self.output[read:]):
            assert time.monotonic() < deadline, f"the stack never logged GET {marker}"
            time.sleep(0.05)


@dataclass
class Watched:
    """A stack whose output the current test's 500 guard reads, from line `since` on."""

    stack: RunningStack
    since: int


WATCHED: list[Watched] = []  # the stacks the current test started or used, for the 500 guard


def _keep_reading(process: subprocess.Popen[str], output: list[str]) -> None:
    assert process.stdout is not None
    output.extend(process.stdout)


def start_stack(
    local_dir: Path,
    settings: Mapping[str, str] | None = None,
    json_logs: bool = False,
    options: Sequence[str] = (),
) -> RunningStack:
    """`youthvoice serve` on two free ports; `options` are further `serve` options, e.g. a
    simulated clock. Tests run on several workers at once: a port another worker's stack took
    between the probe and the bind is given up for two others."""
    for _ in range(PORT_ATTEMPTS):
        stack = _started_on(local_dir, free_port(), free_port(), settings, json_logs, options)
        if stack is not None:
            return stack
    raise AssertionError(f"no free ports after {PORT_ATTEMPTS} attempts")


def _started_on(
    local_dir: Path,
    port: int,
    moto_port: int,
    settings: Mapping[str, str] | None,
    json_logs: bool,
    options: Sequence[str],
) -> RunningStack | None:
    """The ready stack, or None when a port was taken."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "CONTENT_", "PROJECTIONS_", "YOUTHVOICE_"))
    }
    environment.update({"PORT": str(port), "MOTO_PORT": str(moto_port), "PYTHONUNBUFFERED": "1"})
    environment.update(settings or {})
    errors = local_dir.parent / f"stderr-{port}.log"
    errors.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    serve = [sys.executable, "-m", "youthvoice_local.cli", "serve", "--local-dir", str(local_dir)]
    process = subprocess.Popen(
        [*serve, *(["--json-logs"] if json_logs else []), *options],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=errors.open("w"),
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
            seconds = time.monotonic() - started
            # Keep reading: a full stdout pipe would block the server's logging threads.
            reader = threading.Thread(target=_keep_reading, args=(process, output), daemon=True)
            reader.start()
            stack = RunningStack(process, url, moto_url, output, seconds, errors, reader)
            WATCHED.append(Watched(stack, 0))
            return stack
    process.kill()
    process.wait()
    if PORT_TAKEN in errors.read_text():
        return None
    raise AssertionError(f"the stack did not become ready: {''.join(output)}")


def operate(stack: RunningStack, *command: str) -> str:
    """An operator's `youthvoice` command against the running stack's moto; its output."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "CONTENT_", "PROJECTIONS_", "YOUTHVOICE_"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "youthvoice_local.cli", *command, "--endpoint-url", stack.moto_url],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture(autouse=True)
def no_unhandled_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """The e2e form of the suite's 500 guard: requests are served, and logged, by the server.

    Torn down after `running`, so the server has stopped and its output is all read (or, for a
    module's stack, read up to the test's last request)."""
    WATCHED.clear()
    yield
    seen = [line for w in WATCHED for line in w.stack.unhandled_errors(w.since)]
    failure = refusal(seen, request.node.get_closest_marker(OPT_OUT))
    if failure is not None:
        pytest.fail(failure, pytrace=False)


@pytest.fixture
def local_dir(tmp_path: Path) -> Path:
    return tmp_path / "local"


def stack_while_testing(
    local_dir: Path,
    settings: Mapping[str, str] | None = None,
    json_logs: bool = False,
    options: Sequence[str] = (),
) -> Iterator[RunningStack]:
    """The stack for a test, ended after it without the closing snapshot (a test's data dies
    with its directory); the tests of Ctrl-C stop it themselves."""
    stack = start_stack(local_dir, settings, json_logs, options)
    yield stack
    if stack.process.poll() is None:
        stack.discard()


@pytest.fixture
def running(local_dir: Path) -> Iterator[RunningStack]:
    yield from stack_while_testing(local_dir)


@pytest.fixture
def running_with_app_logs(local_dir: Path) -> Iterator[RunningStack]:
    """A stack printing the app's info logs too (--json-logs), for tests that count them."""
    yield from stack_while_testing(local_dir, json_logs=True)


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local directory of the stack a module's tests share."""
    return tmp_path_factory.mktemp("module") / "local"


@pytest.fixture(scope="module")
def module_stack(module_dir: Path) -> Iterator[RunningStack]:
    yield from stack_while_testing(module_dir)


@pytest.fixture
def shared(module_stack: RunningStack) -> Iterator[RunningStack]:
    """One stack for the tests of a module that leave one another's data alone (a stack takes
    seconds to start and seed); each test's 500 guard reads the lines of its own requests."""
    WATCHED.append(Watched(module_stack, len(module_stack.output)))
    yield module_stack
    module_stack.settle()
