"""Keep the local stack's data across restarts: dump both tables to `.local/`, load them on start.

This is an admin tool, and so the one place a Scan is allowed: it copies whole tables by design.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def admin_dump_tables(client: Any, table_names: list[str], path: Path) -> int:
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in table_names:
        items: list[dict[str, Any]] = []
        for page in client.get_paginator("scan").paginate(TableName=name):  # admin dump
            items.extend(page["Items"])
        tables[name] = items
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"tables": tables}, ensure_ascii=False))
    temporary.replace(path)
    return sum(len(items) for items in tables.values())


def restore_tables(client: Any, path: Path) -> int:
    tables: dict[str, list[dict[str, Any]]] = json.loads(path.read_text())["tables"]
    restored = 0
    for name, items in tables.items():
        for start in range(0, len(items), 25):
            requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            pending: dict[str, Any] = {name: requests}
            while pending:
                pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems")
        restored += len(items)
    return restored
