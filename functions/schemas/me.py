"""The signed-in caller."""

from __future__ import annotations

from pydantic import BaseModel

from youthvoice.domain.identity import Principal


class MeOut(BaseModel):
    sub: str
    role: str
    platform: str | None

    @classmethod
    def of(cls, principal: Principal) -> MeOut:
        return cls(sub=principal.sub, role=str(principal.role), platform=principal.platform)
