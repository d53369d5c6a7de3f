"""The layers' import rules, read from the source with ast (nothing is imported): storage stays in
youthvoice.data, which only the composition root (youthvoice.bootstrap) wires to the services; the
domain stays pure and free of cycles; HTTP adapters go through the services. Imports under
`if TYPE_CHECKING:` and inside functions count like any other."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIBRARY = ROOT / "layers" / "youthvoice" / "python"
SERVICES = LIBRARY / "youthvoice" / "services"
DATA = LIBRARY / "youthvoice" / "data"
DOMAIN = LIBRARY / "youthvoice" / "domain"
FUNCTIONS = ROOT / "functions"
AWS = ("pynamodb", "boto3", "botocore")
# The only third-party libraries the domain may import: they compute on what they are given (no
# I/O, no AWS, no settings). docs/architecture.md names the same list.
DOMAIN_LIBRARIES = ("ahocorasick", "chinese_calendar", "opencc_purepy", "pypinyin", "rjieba")


@dataclass(frozen=True)
class Import:
    module: str
    target: str
    """The imported module, or module.name for `from module import name`."""
    line: int

    def of(self, package: str) -> bool:
        return self.target == package or self.target.startswith(package + ".")

    def __str__(self) -> str:
        return f"{self.module} imports {self.target} (line {self.line})"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(node: ast.ImportFrom, package: str) -> str:
    """`from . import x` is the same dependency as `from package import x`."""
    if not node.level:
        return node.module or ""
    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{anchor}.{node.module}" if node.module else anchor


def imports_of(path: Path, root: Path) -> Iterator[Import]:
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            source = absolute(node, package)
            for alias in node.names:
                yield Import(module, f"{source}.{alias.name}", node.lineno)


def imports_under(directory: Path, root: Path) -> list[Import]:
    paths = sorted(directory.rglob("*.py"))
    assert paths, f"no modules under {directory}"
    return [found for path in paths for found in imports_of(path, root)]


def forbidden(found: list[Import], packages: tuple[str, ...]) -> list[str]:
    return [str(i) for i in found if any(i.of(package) for package in packages)]


def outside(found: list[Import], package: str, libraries: tuple[str, ...]) -> list[str]:
    """Imports of anything but the standard library, the package itself and the given libraries."""

    def allowed(i: Import) -> bool:
        top = i.target.partition(".")[0]
        return top in sys.stdlib_module_names or top in libraries or i.of(package)

    return [str(i) for i in found if not allowed(i)]


def cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """A path that comes back to where it started, if the graph has one."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph.get(module, ())):
            found = visit(target, [*path, module])
            if found:
                return found
        done.add(module)
        return None

    return next(filter(None, (visit(module, []) for module in sorted(graph))), None)


def import_graph(found: list[Import], modules: set[str]) -> dict[str, set[str]]:
    """Edges between the given modules; `from package import name` points at the module named."""
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for i in found:
        target = next((m for m in sorted(modules, key=len, reverse=True) if i.of(m)), None)
        if target is not None and target != i.module:
            graph[i.module].add(target)
    return graph


@pytest.mark.parametrize(
    ("directory", "root", "packages"),
    [
        pytest.param(
            SERVICES,
            LIBRARY,
            ("youthvoice.data", *AWS),
            id="services get their stores from the composition root, never from data or AWS",
        ),
        pytest.param(
            DATA,
            LIBRARY,
            ("youthvoice.services", "youthvoice.bootstrap"),
            id="data implements ports and knows neither the services nor the composition root",
        ),
        pytest.param(
            FUNCTIONS,
            ROOT,
            ("youthvoice.data", "pynamodb"),
            id="functions reach storage only through services",
        ),
    ],
)
def test_layers_import_only_what_they_may(
    directory: Path, root: Path, packages: tuple[str, ...]
) -> None:
    # Given every module of the layer, When its imports are read
    found = forbidden(imports_under(directory, root), packages)
    # Then none of them reaches a package the layer must not know
    assert not found, "\n".join(found)


def test_the_domain_imports_only_the_standard_library_itself_and_its_libraries() -> None:
    # Given every module of the domain, When its imports are read
    found = outside(imports_under(DOMAIN, LIBRARY), "youthvoice.domain", DOMAIN_LIBRARIES)
    # Then none reaches the data layer, the services, settings, AWS or an unlisted library
    assert not found, "\n".join(found)


def test_the_domain_uses_each_of_its_libraries_and_the_architecture_names_them() -> None:
    # Given the third-party libraries the domain imports
    imported = {i.target.partition(".")[0] for i in imports_under(DOMAIN, LIBRARY)}
    used = imported & set(DOMAIN_LIBRARIES)
    # When they are compared with the allowed list and with docs/architecture.md
    architecture = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    unnamed = [name for name in DOMAIN_LIBRARIES if f"`{name}`" not in architecture]
    # Then the list holds no library the domain has stopped using, and the page names them all
    assert used == set(DOMAIN_LIBRARIES)
    assert not unnamed, f"docs/architecture.md does not name {unnamed}"


def test_the_domain_has_no_import_cycle() -> None:
    # Given the domain's modules and the imports between them
    found = imports_under(DOMAIN, LIBRARY)
    graph = import_graph(found, {module_name(p, LIBRARY) for p in DOMAIN.rglob("*.py")})
    # When a cycle is looked for, Then there is none
    loop = cycle(graph)
    assert loop is None, "domain import cycle: " + " -> ".join(loop or [])


def test_the_rules_see_type_checking_relative_and_package_imports(tmp_path: Path) -> None:
    # Given a package whose modules import each other under TYPE_CHECKING, relatively, and by
    # naming a module from its package
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import B\n"
    )
    (package / "b.py").write_text("from . import c\n")
    (package / "c.py").write_text("from pkg import a\nimport pynamodb.models\n")
    # When their imports are read
    found = imports_under(package, tmp_path)
    graph = import_graph(found, {module_name(p, tmp_path) for p in package.glob("*.py")})
    # Then each import is seen, the cycle through all three is found, and so is the AWS import
    assert cycle(graph) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
    assert forbidden(found, AWS) == ["pkg.c imports pynamodb.models (line 2)"]


def test_outside_admits_only_the_standard_library_the_package_and_listed_libraries(
    tmp_path: Path,
) -> None:
    # Given a module importing the standard library, its own package, a listed library, an
    # unlisted one and a sibling package
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "d.py").write_text(
        "import json\nfrom . import e\nimport ahocorasick\nimport boto3\nfrom app import config\n"
    )
    # When what falls outside is asked with one library listed
    found = outside(imports_under(package, tmp_path), "pkg", ("ahocorasick",))
    # Then only the unlisted library and the sibling package are named
    assert found == ["pkg.d imports boto3 (line 4)", "pkg.d imports app.config (line 5)"]
