"""Reference data: health, the platform hierarchy, the topic catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field

from functions.schemas.common import Id, PageOut, PageQuery, Schema
from youthvoice.domain.platforms import Platform, PlatformKind
from youthvoice.domain.topics import Topic

if TYPE_CHECKING:
    from youthvoice.services.catalog import PlatformDetail


class PlatformQuery(PageQuery):
    parent_id: Id | None = Field(
        default=None,
        # `parent` is the name this parameter had first: still accepted, no longer published.
        validation_alias=AliasChoices("parent_id", "parent"),
        description="only the children of this platform",
    )
    kind: PlatformKind | None = None


class HealthOut(Schema):
    status: Literal["ok"]
    stage: str


class PlatformFields(Schema):
    """What a platform shows, in a list or on its own page."""

    id: str
    name: str
    kind: PlatformKind
    parent_id: str | None
    ancestors: list[str] = Field(description="root first")


class PlatformOut(PlatformFields):
    @classmethod
    def of(cls, platform: Platform) -> PlatformOut:
        return cls(
            id=platform.id,
            name=platform.name,
            kind=platform.kind,
            parent_id=platform.parent_id,
            ancestors=list(platform.ancestors),
        )


class PlatformPageOut(PageOut[PlatformOut]):
    """One page of platforms."""


class PlatformDetailOut(PlatformFields):
    children: list[PlatformOut]
    experts: int = Field(description="active experts on this platform and its subtree")

    @classmethod
    def of(cls, detail: PlatformDetail) -> PlatformDetailOut:
        return cls(
            **PlatformOut.of(detail.platform).model_dump(),
            children=[PlatformOut.of(child) for child in detail.children],
            experts=detail.experts,
        )


class TopicOut(Schema):
    id: str
    zh: str
    en: str

    @classmethod
    def of(cls, topic: Topic) -> TopicOut:
        return cls(id=topic.id, zh=topic.zh, en=topic.en)


class TopicListOut(Schema):
    items: list[TopicOut]

    @classmethod
    def of(cls, topics: Iterable[Topic]) -> TopicListOut:
        return cls(items=[TopicOut.of(topic) for topic in topics])
