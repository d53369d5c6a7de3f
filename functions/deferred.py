"""Use cases imported when a route first runs, not when app.py is imported.

Every Lambda function imports app.py, and each container serves few of its routes: importing
every use case with PynamoDB and botocore cost each cold start 0.15-0.25 s of CPU. A blueprint
names its services under `if TYPE_CHECKING:` (so mypy and the layer rules see the real modules)
and binds `Deferred` stand-ins at run time.
"""

from __future__ import annotations

import importlib
from typing import Any


class Deferred:
    """Stands for a module: each attribute read imports it if it is not yet (the import system
    locks it, so concurrent first requests are safe), then reads the attribute from it, so
    tests that patch the module's attributes are seen."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<deferred {self._name}>"
