"""The built zips unpacked as Lambda lays them out for each function, so tests and benchmarks import
a handler exactly as shipped: /var/task (the code zip), then /opt, where the function's layers are
unpacked one over the other, then the runtime's own boto3.

The layers are built for arm64; on another machine their few compiled modules are swapped for
this virtualenv's builds of the same locked versions, and everything else stays as packaged.
"""

from __future__ import annotations

import json
import platform
import shutil
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LAMBDA_MACHINE = "aarch64"
SITE_PACKAGES = "python/lib/python3.11/site-packages"
# What the python3.11 runtime itself provides (/var/runtime), taken from this virtualenv.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3")


@dataclass(frozen=True)
class LambdaLayout:
    task: Path
    layer_site: Path
    runtime: Path

    @property
    def path(self) -> list[Path]:
        """sys.path's head in the Lambda runtime."""
        return [self.task, self.layer_site, self.runtime]


@dataclass(frozen=True)
class Function:
    name: str
    handler: str
    layers: tuple[str, ...]  # the zips' names, in the function's order
    layout: LambdaLayout


def native_modules(site: Path) -> list[Path]:
    return sorted(site.rglob("*.so"))


def function_layers(template: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each function's handler and the zips of its layers, from the packaged template."""
    resources = template["Resources"]
    functions = {}
    for name, resource in resources.items():
        if resource["Type"] == "AWS::Serverless::Function":
            properties = resource["Properties"]
            zips = tuple(
                resources[layer["Ref"]]["Properties"]["ContentUri"].removeprefix("./")
                for layer in properties["Layers"]
            )
            functions[name] = (properties["Handler"], zips)
    return functions


def unpack(package: Path, into: Path) -> dict[str, Function]:
    """Every function of the package, each with its own /opt (functions that carry the same
    layers share one)."""
    template = json.loads((package / "sam.json").read_text())
    with zipfile.ZipFile(package / "deployment.zip") as code:
        code.extractall(into / "task")
    runtime = lambda_runtime(into / "runtime")
    sites: dict[tuple[str, ...], Path] = {}
    functions = {}
    for name, (handler, layers) in function_layers(template).items():
        if layers not in sites:
            opt = into / f"opt-{len(sites)}"
            for layer in layers:
                with zipfile.ZipFile(package / layer) as archive:
                    archive.extractall(opt)
            if platform.machine() != LAMBDA_MACHINE:
                use_this_machines_builds(opt / SITE_PACKAGES)
            sites[layers] = opt / SITE_PACKAGES
        layout = LambdaLayout(into / "task", sites[layers], runtime)
        functions[name] = Function(name, handler, layers, layout)
    return functions


def lambda_runtime(into: Path) -> Path:
    """A stand-in for the runtime's own libraries: links to this virtualenv's copies."""
    installed = Path(sysconfig.get_paths()["purelib"])
    into.mkdir(parents=True)
    for name in RUNTIME_PACKAGES:
        (into / name).symlink_to(installed / name)
    return into


def use_this_machines_builds(layer_site: Path) -> None:
    installed = Path(sysconfig.get_paths()["platlib"])
    for shipped in native_modules(layer_site):
        relative = shipped.relative_to(layer_site)
        local = installed / str(relative).replace(LAMBDA_MACHINE, platform.machine())
        shipped.unlink()
        shutil.copy2(local, layer_site / local.relative_to(installed))
