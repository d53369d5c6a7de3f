"""Tokens signed with the local stage's key, as `youthvoice token` makes them."""

from __future__ import annotations

from youthvoice.config import get_settings
from youthvoice.domain.identity import Principal, Role
from youthvoice.services.identity import issue_local_token


def bearer(sub: str, role: Role, platform: str | None = None, ttl: int = 3600) -> dict[str, str]:
    token = issue_local_token(Principal(sub, role, platform), ttl, get_settings())
    return {"Authorization": f"Bearer {token}"}
