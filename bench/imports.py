"""Cold-start cost: `import app` against `import boto3`, each in a fresh interpreter, same run.

Usage: .venv/bin/python -m bench.imports [--runs 5] [--package build/dev]
Two measurements, each with its own floor:
- in-tree: `import app` from the working tree, in this virtualenv;
- packaged: the handler from `make package`'s zips, unpacked as Lambda lays them out (function
  code, then the layer, then the runtime's own boto3, here this virtualenv's; see
  infra/lambda_layout.py), in an isolated
  interpreter without site (`python -I -S`) that cannot write bytecode (`-B`: /var/task is
  read-only, so only the .pyc files shipped in the zips are used).
Prints the median cumulative import time (`-X importtime`) of each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from infra.lambda_layout import unpack

ROOT = Path(__file__).resolve().parent.parent
PACKAGED_SETTINGS = {
    "AWS_REGION": "cn-north-1",
    "AWS_DEFAULT_REGION": "cn-north-1",
    "CONTENT_TABLE": "content",
    "PROJECTIONS_TABLE": "projections",
    "OIDC_ISSUER": "https://idp.example.cn/youthvoice",
    "OIDC_AUDIENCE": "client",
}


def deployed_environment() -> dict[str, str]:
    """The dev stage's variables from .chalice/config.json, as Lambda would set them."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {**config["environment_variables"], **config["stages"]["dev"]["environment_variables"]}


def cumulative_microseconds(
    module: str, flags: tuple[str, ...] = (), path: tuple[Path, ...] = ()
) -> int:
    """The `cumulative` column of the top-level module's line in -X importtime output."""
    prelude = f"import sys; sys.path[:0] = {[str(p) for p in path]!r}; " if path else ""
    environment = {**os.environ, **deployed_environment()}
    if path:
        environment = {"PATH": os.environ["PATH"], **deployed_environment(), **PACKAGED_SETTINGS}
    result = subprocess.run(
        [sys.executable, *flags, "-X", "importtime", "-c", f"{prelude}import {module}"],
        cwd=path[0] if path else ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    for line in result.stderr.splitlines():
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1])
    raise RuntimeError(f"no importtime line for {module}")


def compare(
    label: str, runs: int, flags: tuple[str, ...] = (), path: tuple[Path, ...] = ()
) -> None:
    """Floor and app measured alternately, so a busy moment of the machine weighs on both."""
    floors, apps = [], []
    for _ in range(runs):
        floors.append(cumulative_microseconds("boto3", flags, path))
        apps.append(cumulative_microseconds("app", flags, path))
    floor, app = statistics.median(floors) / 1000, statistics.median(apps) / 1000
    print(f"{label}: import boto3 (floor) {floor:7.1f} ms, import app {app:7.1f} ms")
    print(f"{label}: ratio app/boto3 {app / floor:5.2f}  (medians of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--package", type=Path, default=ROOT / "build" / "dev")
    arguments = parser.parse_args()
    runs = arguments.runs
    compare("in-tree ", runs)
    if not (arguments.package / "deployment.zip").exists():
        print(f"packaged: no {arguments.package}/deployment.zip; run `make package` first")
        return
    with tempfile.TemporaryDirectory(prefix="youthvoice-package-") as scratch:
        layout = unpack(arguments.package, Path(scratch))
        compare("packaged", runs, ("-I", "-S", "-B"), tuple(layout.path))


if __name__ == "__main__":
    main()
