"""The built zips unpacked as Lambda lays them out, so tests and benchmarks import the handler
exactly as shipped: /var/task (the function zip), then the layer's site-packages under /opt.

The layer is built for arm64; on another machine its few compiled modules are swapped for this
virtualenv's builds of the same pinned versions, and everything else stays as packaged.
"""

from __future__ import annotations

import platform
import shutil
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

LAMBDA_MACHINE = "aarch64"


@dataclass(frozen=True)
class LambdaLayout:
    task: Path
    layer_site: Path

    @property
    def path(self) -> list[Path]:
        """sys.path's head in the Lambda runtime, which then adds its own boto3 (here: ours)."""
        return [self.task, self.layer_site, Path(sysconfig.get_paths()["purelib"])]


def native_modules(site: Path) -> list[Path]:
    return sorted(site.rglob("*.so"))


def unpack(package: Path, into: Path) -> LambdaLayout:
    with zipfile.ZipFile(package / "deployment.zip") as code:
        code.extractall(into / "task")
    with zipfile.ZipFile(package / "layer-deployment.zip") as layer:
        layer.extractall(into / "opt")
    layer_site = next((into / "opt" / "python" / "lib").glob("python3.*/site-packages"))
    if platform.machine() != LAMBDA_MACHINE:
        use_this_machines_builds(layer_site)
    return LambdaLayout(into / "task", layer_site)


def use_this_machines_builds(layer_site: Path) -> None:
    installed = Path(sysconfig.get_paths()["platlib"])
    for shipped in native_modules(layer_site):
        relative = shipped.relative_to(layer_site)
        local = installed / str(relative).replace(LAMBDA_MACHINE, platform.machine())
        shipped.unlink()
        shutil.copy2(local, layer_site / local.relative_to(installed))
