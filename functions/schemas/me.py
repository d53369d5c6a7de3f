"""The signed-in caller."""

from __future__ import annotations

from pydantic import BaseModel


class MeOut(BaseModel):
    sub: str
    role: str
    platform: str | None
