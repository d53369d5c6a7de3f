"""Dependencies: every import declared in the set its code runs with, one lock for all of them, and
the layers splitting the runtime sets between them."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

from infra.layers import LAYERS, locked, requirements, uv
from tests.conftest import ROOT

FIRST_PARTY = {"app", "functions", "youthvoice", "youthvoice_local", "tests", "bench", "infra"}
RUNTIME = ("dependencies", "search", "api")
# Where code runs, and so the sets that must declare what it imports.
SETS_OF = {
    "app.py": RUNTIME,
    "functions": RUNTIME,
    "layers/youthvoice/python/youthvoice": RUNTIME,
    "youthvoice_local": (*RUNTIME, "local"),
    "infra": (*RUNTIME, "local", "dev"),
    "bench": (*RUNTIME, "local", "dev"),
    "tests": (*RUNTIME, "local", "dev"),
}
# Imported by Lambda code but shipped by the packager, not by a layer: `chalice package` puts its
# runtime (chalice/app.py) in the code zip.
PACKAGER_PROVIDES = {"chalice"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, set[str]]:
    """Each set's distributions by normalised name (`dependencies` is the base set)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    sets = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    return {
        name: {normalised(re.split(r"[\[=<>!~; ]", spec, maxsplit=1)[0]) for spec in specs}
        for name, specs in sets.items()
    }


def imports(root: Path) -> Iterator[tuple[Path, str]]:
    """Every absolute import's top-level name in the tree, lazy ones included."""
    for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                yield from ((path, alias.name.split(".")[0]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module.split(".")[0]


def test_every_import_is_declared_in_the_set_its_code_runs_with() -> None:
    # Given each set's declared distributions and the distribution of each importable name
    sets = declared()
    distributions = {
        name: {normalised(d) for d in dists} for name, dists in packages_distributions().items()
    }
    undeclared = []
    for tree, names in SETS_OF.items():
        allowed = set().union(*(sets[name] for name in names))
        if names == RUNTIME:
            allowed |= PACKAGER_PROVIDES
        # When each third-party import in the tree is looked up
        for path, module in imports(ROOT / tree):
            if module in sys.stdlib_module_names or module in FIRST_PARTY:
                continue
            if not distributions.get(module, {module}) & allowed:
                undeclared.append(f"{path.relative_to(ROOT)}: {module}")
    # Then each comes from a distribution its code's sets name (not only transitively)
    assert undeclared == []


def test_the_lock_agrees_with_pyproject() -> None:
    # Given pyproject.toml's sets and uv.lock
    # When uv checks the lock, offline
    result = subprocess.run(
        [uv(), "lock", "--locked", "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then it would not change it: every install path installs exactly what was declared
    assert result.returncode == 0, result.stderr


def test_the_layers_split_the_runtime_sets_and_every_entry_is_pinned_and_hashed() -> None:
    # Given each layer's requirements, from the lock
    listed = {layer.logical_id: requirements(layer) for layer in LAYERS}
    names = {
        layer: {line.split("==")[0] for line in text.splitlines() if not line.startswith(" ")}
        for layer, text in listed.items()
    }
    # Then no package is in two layers, and together they are the runtime sets' closure
    base, search, api = names.values()
    assert not (base & search or base & api or search & api)
    assert base | search | api == set(locked(("search", "api")))
    assert {"opencc-purepy", "rjieba"} <= search
    assert {"openpyxl", "pyahocorasick", "pypinyin"} <= api
    # And each entry pins one version and lists its files' hashes
    for text in listed.values():
        for entry in re.split(r"\n(?! )", text.strip()):
            assert "==" in entry.splitlines()[0], entry
            assert "--hash=sha256:" in entry, entry
