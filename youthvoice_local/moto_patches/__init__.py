"""Changes to moto's DynamoDB that let the local stack run a simulated year: fast and small.

One module per concern, each naming the moto behaviour it replaces and why:

- `instances`: DynamoDB's model objects are not kept for moto's dashboard (memory).
- `streams`: 24 hours of stream records and 15 minutes of shard iterators are kept (memory).
- `values`: items share equal attribute names and scalar values (memory).
- `indexes`: a Query reads the partition and key range it asks for, not the table (speed).
- `transactions`: a cancelled transaction puts back the items it touched, not tables (speed).
- `serializer`: attribute values already in wire form are written as they are (speed).
- `parsing`: item requests with no binary value or null are read as their JSON (speed).
- `expressions`: expression trees copy themselves member by member (speed).
- `isolation`: one DynamoDB request at a time. The one change of meaning: DynamoDB isolates
  concurrent requests, moto does not.

They replace moto's private internals, so they were verified against one moto version,
VERIFIED_MOTO: tests/integration/test_moto_conformance.py runs the DynamoDB behaviours the project
relies on with and without them. `install()` refuses any other version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from youthvoice.domain.errors import DomainError
from youthvoice_local.moto_patches.replaced import Replacements

VERIFIED_MOTO = "5.2.5"

_installed = Replacements()


def check_version() -> None:
    """Refuse a moto other than the one these patches were verified on."""
    import moto

    if moto.__version__ != VERIFIED_MOTO:
        raise DomainError(
            f"moto {moto.__version__} is installed, but the local stack's changes to moto "
            f"(youthvoice_local/moto_patches) were verified on moto {VERIFIED_MOTO} only. "
            f"Install the locked version: .venv/bin/uv sync --locked --all-extras (what make runs "
            f"when uv.lock changes). To move to "
            f"another moto, change VERIFIED_MOTO and the pin in pyproject.toml together, once "
            f"tests/integration/test_moto_conformance.py passes on it."
        )


def install(stream_clock: Callable[[], dt.datetime] | None = None) -> None:
    """Every patch, once; `stream_clock` ages stream records (the system clock unless given)."""
    check_version()
    from youthvoice_local.moto_patches import (
        expressions,
        indexes,
        instances,
        isolation,
        parsing,
        serializer,
        streams,
        transactions,
        values,
    )

    streams.use_clock(stream_clock or streams.system_clock)
    if _installed:
        return
    concerns = (
        instances,
        streams,
        values,
        isolation,
        indexes,
        transactions,
        serializer,
        parsing,
        expressions,
    )
    for concern in concerns:
        concern.install(_installed)


def patched() -> list[tuple[Any, str]]:
    """Where the installed patches are: each (moto class or module, attribute name)."""
    return _installed.targets()


def uninstall() -> None:
    """moto as it was before `install()`."""
    _installed.undo()
