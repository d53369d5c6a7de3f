"""Experts: registration, changes, listings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from functions.schemas.common import PageOut, PageQuery, StrictBody


class ExpertIn(StrictBody):
    user_id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=50)
    topics: list[str]
    platform_id: str
    bio: str = Field(default="", max_length=1000)


class ExpertPatchIn(StrictBody):
    status: Literal["active", "paused"] | None = None
    topics: list[str] | None = None


class ExpertQuery(PageQuery):
    platform_id: str
    topic: str | None = None


class ExpertOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    user_id: str
    name: str
    platform_id: str
    topics: list[str]
    bio: str
    status: str
    created_at: str


class ExpertSummaryOut(BaseModel):
    id: str
    user_id: str
    open_assignments: int


ExpertPageOut = PageOut[ExpertOut | ExpertSummaryOut]
