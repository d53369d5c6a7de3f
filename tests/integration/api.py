"""A terse HTTP caller for integration tests: who is calling, and JSON in and out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.domain.identity import Role


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any


class Caller:
    def __init__(
        self, stack: Stack, headers: dict[str, str], identity: tuple[str, Role, str | None] | None
    ) -> None:
        self._stack = stack
        self._http = stack.http
        self._headers = headers
        self._identity = identity

    def newcomer(self) -> Caller:
        """Someone of the same role and platform who has done nothing yet: for an act that would
        change what a shared scene holds for this caller (erasing themselves)."""
        if self._identity is None:
            return self
        sub, role, platform = self._identity
        return as_user(self._stack, f"{sub}-newcomer", role, platform)

    def get(self, path: str) -> Reply:
        response = self._http.get(path, headers=self._headers)
        return Reply(response.status_code, response.json_body if response.body else None)

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        raw = b"" if body is None else json.dumps(body).encode()
        return self.send("POST", path, raw, headers)

    def patch(self, path: str, body: Any) -> Reply:
        return self.send("PATCH", path, json.dumps(body).encode(), None)

    def delete(self, path: str, body: Any = None) -> Reply:
        return self.send("DELETE", path, b"" if body is None else json.dumps(body).encode(), None)

    def send(self, method: str, path: str, raw: bytes, headers: dict[str, str] | None) -> Reply:
        merged = {**self._headers, "Content-Type": "application/json", **(headers or {})}
        response = self._http.request(method, path, headers=merged, body=raw)
        return Reply(response.status_code, response.json_body if response.body else None)


def as_user(stack: Stack, sub: str, role: Role, platform: str | None = None) -> Caller:
    return Caller(stack, bearer(sub, role, platform), (sub, role, platform))


def anonymous(stack: Stack) -> Caller:
    return Caller(stack, {}, None)
