"""Reading the platform hierarchy and the topic catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from youthvoice.data.platforms import PlatformRepository, TopicRepository
from youthvoice.data.projections import CounterRepository
from youthvoice.domain.errors import NotFound, ValidationFailed
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.platforms import Platform, PlatformKind
from youthvoice.domain.topics import Topic


@dataclass(frozen=True)
class PlatformDetail:
    platform: Platform
    children: list[Platform]
    experts: int


def _kind(raw: str | None) -> PlatformKind | None:
    if not raw:
        return None
    try:
        return PlatformKind(raw)
    except ValueError:
        allowed = ", ".join(kind.value for kind in PlatformKind)
        raise ValidationFailed(f"kind must be one of: {allowed}") from None


def list_platforms(parent: str | None, kind: str | None, page: PageRequest) -> Page[Platform]:
    platforms = PlatformRepository()
    parsed_kind = _kind(kind)
    if parent:
        return platforms.page_of_children(parent, parsed_kind, page)
    return platforms.page_of_all(parsed_kind, page)


def get_platform(platform_id: str) -> PlatformDetail:
    platforms = PlatformRepository()
    platform = platforms.get(platform_id)
    if platform is None:
        raise NotFound(f"platform {platform_id} does not exist")
    experts = CounterRepository().platform_counts([platform_id])[platform_id]
    return PlatformDetail(platform, list(platforms.children(platform_id)), experts)


def list_topics() -> list[Topic]:
    return TopicRepository().all()
