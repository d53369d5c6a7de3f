"""Write requirements.txt (all that Chalice reads) from pyproject.toml's runtime dependencies."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

HEADER = "# Generated from pyproject.toml by `make requirements`; do not edit.\n"


def render(pyproject: Path) -> str:
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    return HEADER + "".join(f"{dependency}\n" for dependency in dependencies)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.stdout.write(render(root / "pyproject.toml"))
