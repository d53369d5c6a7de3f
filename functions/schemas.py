"""Request and response models: validated at the edge and published as OpenAPI."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from youthvoice.domain.platforms import Platform
from youthvoice.domain.topics import Topic


class StrictQuery(BaseModel):
    """Unknown query parameters are a 400, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class PageQuery(StrictQuery):
    limit: str | None = Field(default=None, description="1..100, default 20")
    cursor: str | None = Field(default=None, description="next_cursor of the previous page")


class PlatformQuery(PageQuery):
    parent: str | None = Field(default=None, description="only the children of this platform")
    kind: str | None = Field(
        default=None, description="province, city, county, university or enterprise"
    )


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


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


class PlatformPageOut(BaseModel):
    items: list[PlatformOut]
    next_cursor: str | None


class PlatformDetailOut(PlatformOut):
    children: list[PlatformOut]
    experts: int = Field(description="active experts on this platform and its subtree")


class TopicOut(BaseModel):
    id: str
    zh: str
    en: str

    @classmethod
    def of(cls, topic: Topic) -> TopicOut:
        return cls(id=topic.id, zh=topic.zh, en=topic.en)


class TopicListOut(BaseModel):
    items: list[TopicOut]


class MeOut(BaseModel):
    sub: str
    role: str
    platform: str | None
