"""Table definitions come from infra/tables.json, the one source the template is built from too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TABLE_SPEC_FILE = Path("infra") / "tables.json"
_CREATE_KEYS = (
    "AttributeDefinitions",
    "KeySchema",
    "GlobalSecondaryIndexes",
    "BillingMode",
    "StreamSpecification",
)


def load_table_specs(project_dir: Path) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = json.loads((project_dir / TABLE_SPEC_FILE).read_text())
    return specs


def create_table_request(spec: dict[str, Any], table_name: str) -> dict[str, Any]:
    request = {key: spec[key] for key in _CREATE_KEYS if key in spec}
    request["TableName"] = table_name
    return request


def ensure_tables(client: Any, project_dir: Path, names: dict[str, str]) -> list[str]:
    """Create any missing table; `names` maps a spec name (Content) to a real table name."""
    existing = set(client.list_tables()["TableNames"])
    created = []
    for spec_name, spec in load_table_specs(project_dir).items():
        table_name = names[spec_name]
        if table_name in existing:
            continue
        client.create_table(**create_table_request(spec, table_name))
        client.get_waiter("table_exists").wait(TableName=table_name)
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": spec["TimeToLiveAttribute"]},
        )
        created.append(table_name)
    return created
