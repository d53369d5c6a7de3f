"""Platforms and topics: reference data, written by seeding, read on every request."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TypeVar

from pynamodb.exceptions import DoesNotExist

from youthvoice.data import keys
from youthvoice.data.models import ContentItem, PlatformItem, TopicItem
from youthvoice.data.pages import ACROSS_INDEX, OWNER_INDEX, query_page
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.platforms import Platform, PlatformKind
from youthvoice.domain.topics import Topic

ItemT = TypeVar("ItemT", bound=ContentItem)


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

    def get_many(self, platform_ids: Collection[str]) -> list[Platform]:
        found = ContentItem.batch_get(
            [(keys.platform_pk(platform_id), keys.META) for platform_id in set(platform_ids)]
        )
        return [_to_platform(item) for item in of_kind(found, PlatformItem)]

    def children(self, parent_id: str) -> Iterator[Platform]:
        for item in of_kind(PlatformItem.by_owner.query(keys.children_pk(parent_id)), PlatformItem):
            yield _to_platform(item)

    def page_of_children(
        self, parent_id: str, kind: PlatformKind | None, page: PageRequest
    ) -> Page[Platform]:
        return query_page(
            PlatformItem.by_owner.query,
            OWNER_INDEX,
            keys.children_pk(parent_id),
            page,
            PlatformItem,
            _to_platform,
            range_key_condition=PlatformItem.gsi1sk.startswith(f"{kind}#") if kind else None,
        )

    def page_of_all(self, kind: PlatformKind | None, page: PageRequest) -> Page[Platform]:
        return query_page(
            PlatformItem.across.query,
            ACROSS_INDEX,
            keys.ALL_PLATFORMS,
            page,
            PlatformItem,
            _to_platform,
            range_key_condition=PlatformItem.gsi2sk.startswith(f"{kind}#") if kind else None,
        )


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
