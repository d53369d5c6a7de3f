"""Local stack start-up: seconds from `youthvoice serve` to its ready line, fresh and restored.

Usage: .venv/bin/python -m bench.startup
The floor is a bare interpreter start measured in the same run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.conftest import start_stack


def bare_interpreter_seconds() -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.monotonic() - started


def main() -> None:
    floor = bare_interpreter_seconds()
    local_dir = Path(tempfile.mkdtemp(prefix="youthvoice-bench-")) / "local"
    fresh = start_stack(local_dir)
    assert fresh.stop() == 0, fresh.errors.read_text()
    restored = start_stack(local_dir)
    assert restored.stop() == 0, restored.errors.read_text()
    assert any(line.startswith("Restored") for line in restored.output), restored.output
    print(f"bare interpreter (floor): {floor:6.2f} s")
    for label, run in (("fresh (seed + project)", fresh), ("restart (restore)", restored)):
        seconds = run.seconds_to_ready
        print(f"{label:<24}: {seconds:6.2f} s  ({seconds / floor:5.0f}x floor)")


if __name__ == "__main__":
    main()
