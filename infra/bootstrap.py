"""Print one package's pin and hashes from uv.lock, as a requirements line pip can check.

The Makefile installs uv with it before uv exists, so it needs nothing but the standard library.
Usage: python infra/bootstrap.py uv > requirements.txt
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


def pinned(name: str, lock: Path = LOCK) -> str:
    packages = tomllib.loads(lock.read_text())["package"]
    (package,) = [p for p in packages if p["name"] == name]
    files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
    hashes = "".join(f" --hash={file['hash']}" for file in files)
    return f"{name}=={package['version']}{hashes}\n"


if __name__ == "__main__":
    sys.stdout.write(pinned(sys.argv[1]))
