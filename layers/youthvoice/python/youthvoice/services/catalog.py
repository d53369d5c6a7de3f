"""Reading the platform hierarchy and the topic catalogue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from youthvoice.bootstrap import dependencies
from youthvoice.domain.errors import NotFound, ProblemCode, ValidationFailed
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.platforms import Platform, PlatformKind
from youthvoice.domain.topics import Topic
from youthvoice.services.runtime import PlatformLookup, TopicCatalogue


class PlatformTree(PlatformLookup, Protocol):
    def children(self, parent_id: str) -> Iterator[Platform]: ...


class PlatformDirectory(PlatformTree, Protocol):
    def page_of_children(
        self, parent_id: str, kind: PlatformKind | None, page: PageRequest
    ) -> Page[Platform]: ...
    def page_of_all(self, kind: PlatformKind | None, page: PageRequest) -> Page[Platform]: ...


class ExpertCounts(Protocol):
    """Experts per platform, as projected from the stream."""

    def expert_counts(self, platform_ids: Sequence[str]) -> dict[str, int]: ...


def _platforms() -> PlatformDirectory:
    return dependencies().stores.platforms


def _topics() -> TopicCatalogue:
    return dependencies().stores.topics


def _expert_counts() -> ExpertCounts:
    return dependencies().stores.counters


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
        allowed = tuple(PlatformKind)
        message = f"must be one of: {', '.join(allowed)}"
        raise ValidationFailed.of(
            "kind", ProblemCode.NOT_ALLOWED, message, allowed=allowed
        ) from None


def list_platforms(parent: str | None, kind: str | None, page: PageRequest) -> Page[Platform]:
    parsed_kind = _kind(kind)
    if parent:
        return _platforms().page_of_children(parent, parsed_kind, page)
    return _platforms().page_of_all(parsed_kind, page)


def children_of(parent_id: str) -> list[Platform]:
    return list(_platforms().children(parent_id))


def experts_on(platform_id: str) -> int:
    return _expert_counts().expert_counts([platform_id])[platform_id]


def get_platform(platform_id: str) -> PlatformDetail:
    platform = _platforms().get(platform_id)
    if platform is None:
        raise NotFound(f"platform {platform_id} does not exist")
    return PlatformDetail(platform, children_of(platform_id), experts_on(platform_id))


def list_topics() -> list[Topic]:
    return _topics().all()
