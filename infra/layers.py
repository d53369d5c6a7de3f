"""The Lambda layers of third-party libraries, built from uv.lock with every file's hash checked.

Each layer is one of pyproject.toml's runtime sets, less what an earlier layer holds: the base
(`dependencies`), then `search` (OpenCC, jieba), then `api` (the word screen's automaton and
pinyin, openpyxl). A function carries the layers of the sets it loads; the code (the library and
`functions/`, from vendor/) is Chalice's managed layer, which every function carries too.
Usage: python -m infra.layers build/STAGE
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = "python/lib/python3.11/site-packages"
# The functions' runtime and architecture (.chalice/config.json: lambda_architecture).
PLATFORM = ("--python-platform", "aarch64-manylinux2014", "--python-version", "3.11")
# A zip's entries carry this date, so the same lock builds the same bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Layer:
    logical_id: str
    extra: str | None  # the pyproject set it adds; None: `dependencies`
    description: str

    @property
    def archive(self) -> str:
        return f"{self.logical_id.removesuffix('Layer').lower()}-layer.zip"


BASE = Layer(
    "BaseLayer",
    None,
    "Every function's libraries: Powertools, pydantic, PynamoDB, PyJWT, the work calendar",
)
SEARCH = Layer("SearchLayer", "search", "The search analyzer: OpenCC's t2s and jieba")
API = Layer("ApiLayer", "api", "The API's own: the word screen's automaton and pinyin, openpyxl")
LAYERS = (BASE, SEARCH, API)

# Chalice's logical id of each function that loads more than the base: the API handler screens
# posts, writes workbooks and searches; the projector indexes each question it projects, and
# the daily recount counts the same index terms. The authorizer and the other schedules do none.
NEEDS: dict[str, tuple[Layer, ...]] = {
    "APIHandler": (SEARCH, API),
    "ProjectContent": (SEARCH,),
    "Reconcile": (SEARCH,),
}


def layers_of(function: str) -> tuple[Layer, ...]:
    return (BASE, *NEEDS.get(function, ()))


def uv() -> str:
    return str(Path(sys.executable).parent / "uv")


def locked(extras: tuple[str, ...]) -> dict[str, str]:
    """Each package of the sets, by name, as its requirements-file entry: pin, marker, hashes."""
    exported = subprocess.run(
        [
            uv(),
            "export",
            "--frozen",
            "--no-emit-project",
            *("--format", "requirements-txt", "--no-header", "--no-annotate"),
            *(option for extra in extras for option in ("--extra", extra)),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    entries: dict[str, str] = {}
    for line in exported.splitlines(keepends=True):
        if not line.startswith(" "):
            name = line.split("==", 1)[0]
            entries[name] = ""
        entries[name] += line
    return entries


def requirements(layer: Layer) -> str:
    """The layer's packages: those of its set and the sets before it, less the earlier layers'."""
    index = LAYERS.index(layer)
    extras = tuple(extra for earlier in LAYERS[: index + 1] if (extra := earlier.extra))
    wanted = locked(extras)
    shipped = set(locked(extras[:-1])) if index else set()
    return "".join(entry for name, entry in wanted.items() if name not in shipped)


def zip_tree(directory: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                entry = zipfile.ZipInfo(str(path.relative_to(directory)), EPOCH)
                entry.external_attr = (path.stat().st_mode & 0xFFFF) << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                zipped.writestr(entry, path.read_bytes())


def build(layer: Layer, into: Path) -> Path:
    """Install the layer's wheels for the Lambda platform (no source builds, no dependency
    resolution: the lock has both) and zip them as Lambda lays out a Python layer."""
    with tempfile.TemporaryDirectory(prefix="youthvoice-layer-") as scratch:
        listed = Path(scratch) / "requirements.txt"
        listed.write_text(requirements(layer))
        site = Path(scratch) / "layer" / SITE_PACKAGES
        subprocess.run(
            [
                uv(),
                *("pip", "install", "--quiet", "--require-hashes", "--no-deps"),
                *("--only-binary", ":all:", "--no-compile", *PLATFORM),
                *("--target", str(site), "--requirement", str(listed)),
            ],
            check=True,
            env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
        )
        # Console scripts (nothing in Lambda runs them) and the installer's own lock file.
        for leftover in [*(site / "bin").glob("*"), site / ".lock"]:
            leftover.unlink()
        archive = into / layer.archive
        zip_tree(Path(scratch) / "layer", archive)
    return archive


def main() -> None:
    into = Path(sys.argv[1])
    for layer in LAYERS:
        archive = build(layer, into)
        print(f"{archive.name}: {archive.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
