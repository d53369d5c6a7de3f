"""Cold-start cost: `import app` against `import boto3`, each in a fresh interpreter, same run.

Usage: .venv/bin/python -m bench.imports [--runs 5] [--package build/dev]
Two measurements, each with its own floor:
- in-tree: `import app` from the working tree, in this virtualenv;
- packaged: the handler from `make package`'s zips, unpacked as Lambda lays them out (function
  code, then the layer, then the runtime's own boto3, here this virtualenv's; see
  infra/lambda_layout.py), in an isolated
  interpreter without site (`python -I -S`) that cannot write bytecode (`-B`: /var/task is
  read-only, so only the .pyc files shipped in the zips are used).
Prints the median cumulative import time (`-X importtime`) of each and their ratio, the same for
the CPU time of the whole interpreter (steadier than wall time on a shared machine), and of
`import app` with what the first question asked in a new container imports besides (the ask use
case, PynamoDB and botocore): the AWS SDK loads on a container's first DynamoDB request, not with
app.py, which the authorizer (never calling DynamoDB) also imports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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


# What the first `POST /questions` of a container imports after app.py.
FIRST_ASK = ("app", "youthvoice.services.questions")


@dataclass(frozen=True)
class Cost:
    wall: float  # ms, the importtime `cumulative` column
    cpu: float  # ms, user + system time of the whole interpreter


def import_cost(
    modules: tuple[str, ...], flags: tuple[str, ...] = (), path: tuple[Path, ...] = ()
) -> Cost:
    """The sum of the `cumulative` column of each module's line in -X importtime output, each
    counting only what the modules before it had not imported (no line: nothing left), and the
    interpreter's CPU time."""
    prelude = f"import sys; sys.path[:0] = {[str(p) for p in path]!r}; " if path else ""
    environment = {**os.environ, **deployed_environment()}
    if path:
        environment = {"PATH": os.environ["PATH"], **deployed_environment(), **PACKAGED_SETTINGS}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, *flags, "-X", "importtime", "-c", f"{prelude}import {', '.join(modules)}"],
        cwd=path[0] if path else ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    found = {}
    for line in result.stderr.splitlines():
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] in modules:
            found[fields[2]] = int(fields[1])
    if modules[0] not in found:
        raise RuntimeError(f"no importtime line for {modules[0]}")
    return Cost(wall=sum(found.values()) / 1000, cpu=cpu * 1000)


def compare(
    label: str, runs: int, flags: tuple[str, ...] = (), path: tuple[Path, ...] = ()
) -> None:
    """Floor and app measured alternately, so a busy moment of the machine weighs on both."""
    costs: dict[tuple[str, ...], list[Cost]] = {("boto3",): [], ("app",): [], FIRST_ASK: []}
    for _ in range(runs):
        for modules, measured in costs.items():
            measured.append(import_cost(modules, flags, path))
    for kind in ("wall", "cpu"):
        floor, app, ask = (
            statistics.median(getattr(cost, kind) for cost in measured)
            for measured in costs.values()
        )
        print(
            f"{label} {kind:>4}: import boto3 (floor) {floor:7.1f} ms,"
            f" import app {app:7.1f} ms = {app / floor:4.2f}x,"
            f" with the first ask's imports {ask:7.1f} ms = {ask / floor:4.2f}x"
        )
    print(f"{label}: ratio app/boto3 {app / floor:4.2f} (cpu, medians of {runs})")


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
