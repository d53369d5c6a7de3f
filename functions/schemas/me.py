"""The signed-in caller."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from functions.schemas.common import LINE, Schema, StrictBody
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.people import NICKNAME_MAX, young_person_name

Nickname = Annotated[str, LINE, StringConstraints(min_length=1, max_length=NICKNAME_MAX)]


class MeIn(StrictBody):
    nickname: Nickname = Field(
        description="shown as {nickname}·{tag} on everything the caller wrote, past and future; "
        "screened like any text; young people only"
    )


class MeOut(Schema):
    sub: str
    role: Role
    platform: str | None
    nickname: str | None = Field(description="a young person's, when they chose one")
    name: str | None = Field(description="how others see a young person (青年·7F3A or 小明·7F3A)")

    @classmethod
    def of(cls, principal: Principal, nickname: str | None) -> MeOut:
        young = principal.role is Role.YOUTH
        return cls(
            sub=principal.sub,
            role=principal.role,
            platform=principal.platform,
            nickname=nickname,
            name=young_person_name(principal.sub, nickname) if young else None,
        )
