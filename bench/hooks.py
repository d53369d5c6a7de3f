"""Count what reaches DynamoDB: a botocore event handler on every DynamoDB client made from now."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.client import BaseClient


def on_dynamodb_clients(event: str, handler: Callable[..., None]) -> None:
    """PynamoDB makes its own clients, so the hook goes on client creation, not on one client."""
    original = botocore.session.Session.create_client

    def create_client(self: botocore.session.Session, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        if client.meta.service_model.service_name == "dynamodb":
            client.meta.events.register(f"{event}.dynamodb", handler)
        return client

    botocore.session.Session.create_client = create_client


def count_dynamodb_calls() -> Counter[str]:
    """Every DynamoDB operation any client sends from now, and the keys BatchGets ask for."""
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counted(self: BaseClient, operation: str, params: Any) -> Any:
        if self.meta.service_model.service_name == "dynamodb":
            calls[operation] += 1
            if operation == "BatchGetItem":
                calls["BatchGetItem keys"] += sum(
                    len(table["Keys"]) for table in params["RequestItems"].values()
                )
        return original(self, operation, params)

    BaseClient._make_api_call = counted
    return calls
