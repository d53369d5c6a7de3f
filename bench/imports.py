"""Cold-start cost: importing each function's handler against `import boto3`, each in a fresh
interpreter, same run.

Usage: .venv/bin/python -m bench.imports [--runs 5] [--package build/dev]
Two measurements, each with its own floor:
- in-tree: `import app` from the working tree, in this virtualenv;
- packaged, per function: its handler's module from `make package`'s zips, unpacked as Lambda
  lays them out for that function (the code zip, then its own layers in /opt, then the runtime's
  own boto3, here this virtualenv's; see infra/lambda_layout.py), in an isolated interpreter
  without site (`python -I -S`) that cannot write bytecode (`-B`: /var/task is read-only, so only
  the .pyc files shipped in the zips are used); the floor is `import boto3` in the same layout.
Prints the median cumulative import time (`-X importtime`) of each and their ratio, the same for
the CPU time of the whole interpreter (steadier than wall time on a shared machine), and for the
API handler `import app` with what the first question asked in a new container imports besides
(the ask use case, PynamoDB and botocore): the AWS SDK loads on a container's first DynamoDB
request, not with app.py, which the authorizer (never calling DynamoDB) also imports. Then each
function's zips and their size, zipped and unpacked.
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
import zipfile
from dataclasses import dataclass
from pathlib import Path

from infra.lambda_layout import Function, unpack

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


API_HANDLER = "APIHandler"
# What the first `POST /questions` of a container imports after app.py: the use case, and the
# repositories the composition root builds for the stores it reaches (youthvoice.bootstrap).
FIRST_ASK = (
    "app",
    "youthvoice.services.questions",
    "youthvoice.data.quotas",
    "youthvoice.data.platforms",
    "youthvoice.data.seasons",
    "youthvoice.data.calendar",
    "youthvoice.data.experts",
    "youthvoice.data.cases",
)


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
    label: str,
    runs: int,
    measured: tuple[tuple[str, ...], ...],
    flags: tuple[str, ...] = (),
    path: tuple[Path, ...] = (),
) -> list[float]:
    """Floor and modules measured alternately, so a busy moment of the machine weighs on both.
    Returns the CPU ratio of each measured module set to the floor."""
    costs: dict[tuple[str, ...], list[Cost]] = {("boto3",): [], **{m: [] for m in measured}}
    for _ in range(runs):
        for modules, taken in costs.items():
            taken.append(import_cost(modules, flags, path))
    ratios = []
    for kind in ("wall", "cpu"):
        floor, *medians = (
            statistics.median(getattr(cost, kind) for cost in taken) for taken in costs.values()
        )
        shown = ", ".join(
            f"import {', '.join(modules)} {median:7.1f} ms = {median / floor:4.2f}x"
            for modules, median in zip(measured, medians, strict=True)
        )
        print(f"{label} {kind:>4}: import boto3 (floor) {floor:7.1f} ms, {shown}")
        ratios = [median / floor for median in medians]
    return ratios


def handler_module(function: Function) -> str:
    return function.handler.rsplit(".", 1)[0]


def sizes(package: Path, function: Function) -> tuple[int, int]:
    """The function's code zip and layers: bytes zipped, and unpacked."""
    archives = [package / "deployment.zip", *(package / layer for layer in function.layers)]
    unpacked = 0
    for archive in archives:
        with zipfile.ZipFile(archive) as opened:
            unpacked += sum(entry.file_size for entry in opened.infolist())
    return sum(archive.stat().st_size for archive in archives), unpacked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--package", type=Path, default=ROOT / "build" / "dev")
    arguments = parser.parse_args()
    runs = arguments.runs
    in_tree, _ = compare("in-tree ", runs, (("app",), FIRST_ASK))
    print(f"in-tree: ratio app/boto3 {in_tree:4.2f} (cpu, medians of {runs})")
    if not (arguments.package / "deployment.zip").exists():
        print(f"packaged: no {arguments.package}/deployment.zip; run `make package` first")
        return
    ratios = {}
    with tempfile.TemporaryDirectory(prefix="youthvoice-package-") as scratch:
        functions = unpack(arguments.package, Path(scratch))
        for name, function in functions.items():
            handler = (handler_module(function),)
            measured = (handler, FIRST_ASK) if name == API_HANDLER else (handler,)
            layout = tuple(function.layout.path)
            label = f"packaged {name}"
            ratios[name] = compare(label, runs, measured, ("-I", "-S", "-B"), layout)[0]
        for name, function in functions.items():
            zipped, unpacked = sizes(arguments.package, function)
            print(
                f"{name}: {', '.join(['deployment.zip', *function.layers])}: "
                f"{zipped / 1e6:.1f} MB zipped, {unpacked / 1e6:.1f} MB unpacked"
            )
    shown = ", ".join(f"{name} {ratio:4.2f}" for name, ratio in ratios.items())
    print(f"packaged: import ratio to boto3 (cpu, medians of {runs}): {shown}")


if __name__ == "__main__":
    main()
