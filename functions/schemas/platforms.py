"""Reference data: health, the platform hierarchy, the topic catalogue."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from functions.schemas.common import PageOut, PageQuery
from youthvoice.domain.platforms import Platform


class PlatformQuery(PageQuery):
    parent: str | None = Field(default=None, description="only the children of this platform")
    kind: str | None = Field(
        default=None, description="province, city, county, university or enterprise"
    )


class HealthOut(BaseModel):
    status: str
    stage: str


class PlatformOut(BaseModel):
    id: str
    name: str
    kind: str
    parent_id: str | None
    ancestors: list[str] = Field(description="root first")

    @classmethod
    def of(cls, platform: Platform) -> PlatformOut:
        return cls(
            id=platform.id,
            name=platform.name,
            kind=str(platform.kind),
            parent_id=platform.parent_id,
            ancestors=list(platform.ancestors),
        )


PlatformPageOut = PageOut[PlatformOut]


class PlatformDetailOut(PlatformOut):
    children: list[PlatformOut]
    experts: int = Field(description="active experts on this platform and its subtree")


class TopicOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    zh: str
    en: str


class TopicListOut(BaseModel):
    items: list[TopicOut]
