"""Count what reaches DynamoDB: a botocore event handler on every DynamoDB client made from now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import botocore.session


def on_dynamodb_clients(event: str, handler: Callable[..., None]) -> None:
    """PynamoDB makes its own clients, so the hook goes on client creation, not on one client."""
    original = botocore.session.Session.create_client

    def create_client(self: botocore.session.Session, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        if client.meta.service_model.service_name == "dynamodb":
            client.meta.events.register(f"{event}.dynamodb", handler)
        return client

    botocore.session.Session.create_client = create_client
