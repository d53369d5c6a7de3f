"""The signed-in caller."""

from __future__ import annotations

from functions.schemas.common import Schema
from youthvoice.domain.identity import Principal, Role


class MeOut(Schema):
    sub: str
    role: Role
    platform: str | None

    @classmethod
    def of(cls, principal: Principal) -> MeOut:
        return cls(sub=principal.sub, role=principal.role, platform=principal.platform)
