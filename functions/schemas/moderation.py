"""The moderation queue and decisions on held items."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from functions.schemas.common import PageOut, PageQuery, StrictBody


class ModerationIn(StrictBody):
    action: Literal["approve", "remove"]
    reason: str = Field(default="", max_length=500)


class ModerationQuery(PageQuery):
    platform_id: str | None = Field(default=None, description="defaults to the caller's platform")


class ModerationEntryOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    item_id: str
    kind: str
    question_id: str
    title: str
    excerpt: str
    platform_id: str
    created_at: str


ModerationPageOut = PageOut[ModerationEntryOut]


class ModerationOut(BaseModel):
    item_id: str
    visibility: str
