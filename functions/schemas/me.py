"""The signed-in caller."""

from __future__ import annotations

from pydantic import BaseModel

from youthvoice.domain.identity import Principal, Role


class MeOut(BaseModel):
    sub: str
    role: Role
    platform: str | None

    @classmethod
    def of(cls, principal: Principal) -> MeOut:
        return cls(sub=principal.sub, role=principal.role, platform=principal.platform)
