"""Cold-start cost: `import app` against `import boto3`, each in a fresh interpreter, same run.

Usage: .venv/bin/python -m bench.imports [--runs 5]
Prints the median cumulative import time (python -X importtime) of each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def deployed_environment() -> dict[str, str]:
    """The dev stage's variables from .chalice/config.json, as Lambda would set them."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {**config["environment_variables"], **config["stages"]["dev"]["environment_variables"]}


def cumulative_microseconds(module: str) -> int:
    """The `cumulative` column of the top-level module's line in -X importtime output."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **deployed_environment()},
    )
    for line in result.stderr.splitlines():
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1])
    raise RuntimeError(f"no importtime line for {module}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    boto3 = statistics.median(cumulative_microseconds("boto3") for _ in range(runs))
    app = statistics.median(cumulative_microseconds("app") for _ in range(runs))
    print(f"import boto3 (floor): {boto3 / 1000:7.1f} ms  median of {runs}")
    print(f"import app          : {app / 1000:7.1f} ms  median of {runs}")
    print(f"ratio app/boto3     : {app / boto3:7.2f}")


if __name__ == "__main__":
    main()
