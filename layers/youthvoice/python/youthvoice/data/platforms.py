"""Platforms and topics: reference data, written by seeding, read on every request."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from pynamodb.exceptions import DoesNotExist

from youthvoice.data import keys
from youthvoice.data.models import ContentItem, PlatformItem, TopicItem
from youthvoice.data.pages import to_cursor, to_start_key
from youthvoice.domain.pagination import PageRequest
from youthvoice.domain.platforms import Platform, PlatformKind
from youthvoice.domain.topics import Topic

T = TypeVar("T")
ItemT = TypeVar("ItemT", bound=ContentItem)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def of_kind(items: Iterable[ContentItem], kind: type[ItemT]) -> Iterator[ItemT]:
    """Index partitions hold one entity kind by design; this makes that explicit to the types."""
    for item in items:
        if isinstance(item, kind):
            yield item


def _to_platform(item: PlatformItem) -> Platform:
    return Platform(
        id=item.platform_id,
        name=item.name,
        kind=PlatformKind(item.kind),
        parent_id=item.parent_id,
        ancestors=tuple(item.ancestors),
    )


def _to_item(platform: Platform) -> PlatformItem:
    return PlatformItem(
        keys.platform_pk(platform.id),
        keys.META,
        platform_id=platform.id,
        name=platform.name,
        kind=str(platform.kind),
        parent_id=platform.parent_id,
        ancestors=list(platform.ancestors),
        gsi1pk=keys.children_pk(platform.parent_id),
        gsi1sk=keys.kind_sort_key(platform.kind, platform.id),
        gsi2pk=keys.ALL_PLATFORMS,
        gsi2sk=keys.kind_sort_key(platform.kind, platform.id),
    )


class PlatformRepository:
    def put_all(self, platforms: Iterable[Platform]) -> None:
        with PlatformItem.batch_write() as batch:
            for platform in platforms:
                batch.save(_to_item(platform))

    def get(self, platform_id: str) -> Platform | None:
        try:
            item = ContentItem.get(keys.platform_pk(platform_id), keys.META)
        except DoesNotExist:
            return None
        return _to_platform(item) if isinstance(item, PlatformItem) else None

    def children(self, parent_id: str) -> Iterator[Platform]:
        for item in of_kind(PlatformItem.by_owner.query(keys.children_pk(parent_id)), PlatformItem):
            yield _to_platform(item)

    def page_of_children(
        self, parent_id: str, kind: PlatformKind | None, page: PageRequest
    ) -> Page[Platform]:
        results = PlatformItem.by_owner.query(
            keys.children_pk(parent_id),
            PlatformItem.gsi1sk.startswith(f"{kind}#") if kind else None,
            limit=page.limit,
            last_evaluated_key=to_start_key(page.start_key),
        )
        items = [_to_platform(item) for item in of_kind(results, PlatformItem)]
        return Page(items, to_cursor(results.last_evaluated_key))

    def page_of_all(self, kind: PlatformKind | None, page: PageRequest) -> Page[Platform]:
        results = PlatformItem.across.query(
            keys.ALL_PLATFORMS,
            PlatformItem.gsi2sk.startswith(f"{kind}#") if kind else None,
            limit=page.limit,
            last_evaluated_key=to_start_key(page.start_key),
        )
        items = [_to_platform(item) for item in of_kind(results, PlatformItem)]
        return Page(items, to_cursor(results.last_evaluated_key))


class TopicRepository:
    def put_all(self, topics: Iterable[Topic]) -> None:
        with TopicItem.batch_write() as batch:
            for topic in topics:
                batch.save(
                    TopicItem(
                        keys.topic_pk(topic.id),
                        keys.META,
                        topic_id=topic.id,
                        zh=topic.zh,
                        en=topic.en,
                        gsi2pk=keys.ALL_TOPICS,
                        gsi2sk=topic.id,
                    )
                )

    def all(self) -> list[Topic]:
        return [
            Topic(item.topic_id, item.zh, item.en)
            for item in of_kind(TopicItem.across.query(keys.ALL_TOPICS), TopicItem)
        ]
