"""Write docs/openapi.json, the contract clients are generated from (`make openapi`).

Keys are sorted and the layout fixed, so the file changes only when the contract does."""

from __future__ import annotations

import json
import sys

import app  # noqa: F401  (importing the app registers every route)
from functions.openapi import build_document


def render() -> str:
    return json.dumps(build_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
