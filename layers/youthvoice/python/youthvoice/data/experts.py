"""Expert profiles, their user mapping and their routing entries, always written together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pynamodb.exceptions import DoesNotExist

from youthvoice.data import keys
from youthvoice.data.models import ContentItem, ExpertItem, ExpertUserItem, RouteItem
from youthvoice.data.pages import OWNER_INDEX, query_page
from youthvoice.data.platforms import of_kind
from youthvoice.data.transactions import Transaction
from youthvoice.domain.errors import Conflict
from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.routing import Candidate

ROUTING_PAGE = 200


def to_expert(item: ExpertItem) -> Expert:
    return Expert(
        id=item.expert_id,
        user_id=item.user_id,
        name=item.name,
        platform_id=item.platform_id,
        lineage=tuple(item.lineage),
        topics=tuple(item.topics),
        bio=item.bio,
        status=ExpertStatus(item.status),
        created_at=item.created_at,
    )


def _to_item(expert: Expert) -> ExpertItem:
    return ExpertItem(
        keys.expert_pk(expert.id),
        keys.EXPERT_PROFILE,
        expert_id=expert.id,
        user_id=expert.user_id,
        name=expert.name,
        platform_id=expert.platform_id,
        lineage=list(expert.lineage),
        topics=list(expert.topics),
        bio=expert.bio,
        status=expert.status,
        created_at=expert.created_at,
        gsi1pk=keys.platform_experts_pk(expert.platform_id),
        gsi1sk=expert.id,
    )


def _route_item(expert: Expert, topic: str, open_assignments: int) -> RouteItem:
    return RouteItem(
        keys.expert_pk(expert.id),
        keys.route_sk(topic),
        expert_id=expert.id,
        user_id=expert.user_id,
        platform_id=expert.platform_id,
        topic=topic,
        status=expert.status,
        topics=list(expert.topics),
        open_assignments=open_assignments,
        gsi1pk=keys.route_pk(expert.platform_id, topic),
        gsi1sk=keys.route_sort(expert.status, expert.id),
    )


def _user_item(expert: Expert) -> ExpertUserItem:
    return ExpertUserItem(
        keys.expert_user_pk(expert.user_id), keys.EXPERT_OF_USER, expert_id=expert.id
    )


def to_candidate(item: RouteItem) -> Candidate:
    return Candidate(item.expert_id, item.user_id, int(item.open_assignments), tuple(item.topics))


class ExpertRepository:
    def put_all(self, experts: Iterable[Expert]) -> None:
        """Bulk load (seeding): profiles, user mappings and routing entries."""
        with ContentItem.batch_write() as batch:
            for expert in experts:
                batch.save(_to_item(expert))
                batch.save(_user_item(expert))
                for topic in expert.topics:
                    batch.save(_route_item(expert, topic, 0))

    def register(self, expert: Expert) -> None:
        already = Conflict(f"user {expert.user_id} is already an expert")
        transaction = Transaction()
        transaction.insert(_to_item(expert), refused=already)
        transaction.insert(_user_item(expert), refused=already)
        for topic in expert.topics:
            transaction.save(_route_item(expert, topic, 0))
        transaction.commit()

    def update(self, before: Expert, after: Expert) -> None:
        """Profile and routing entries change together; open loads carry over."""
        loads = {
            item.topic: int(item.open_assignments)
            for item in of_kind(
                ContentItem.query(keys.expert_pk(before.id), ContentItem.sk.startswith("ROUTE#")),
                RouteItem,
            )
        }
        load = max(loads.values(), default=0)
        transaction = Transaction()
        transaction.save(_to_item(after))
        for topic in set(before.topics) - set(after.topics):
            transaction.delete(RouteItem(keys.expert_pk(before.id), keys.route_sk(topic)))
        for topic in after.topics:
            transaction.save(_route_item(after, topic, loads.get(topic, load)))
        transaction.commit()

    def of_user(self, user_id: str) -> Expert | None:
        """The expert profile a signed-in user holds, if any: two GetItems."""
        try:
            mapping = ContentItem.get(keys.expert_user_pk(user_id), keys.EXPERT_OF_USER)
        except DoesNotExist:
            return None
        return self.get(mapping.expert_id) if isinstance(mapping, ExpertUserItem) else None

    def get(self, expert_id: str) -> Expert | None:
        try:
            item = ContentItem.get(keys.expert_pk(expert_id), keys.EXPERT_PROFILE)
        except DoesNotExist:
            return None
        return to_expert(item) if isinstance(item, ExpertItem) else None

    def get_many(self, expert_ids: Sequence[str]) -> dict[str, Expert]:
        """Profiles by id in one BatchGet; unknown ids are simply absent."""
        found = ContentItem.batch_get(
            [(keys.expert_pk(expert_id), keys.EXPERT_PROFILE) for expert_id in expert_ids]
        )
        return {item.expert_id: to_expert(item) for item in of_kind(found, ExpertItem)}

    def of_users(self, user_ids: Sequence[str]) -> dict[str, Expert]:
        """Profiles by user: the users' mappings in one BatchGet, then their profiles in one."""
        if not user_ids:
            return {}
        mappings = of_kind(
            ContentItem.batch_get(
                [(keys.expert_user_pk(user_id), keys.EXPERT_OF_USER) for user_id in set(user_ids)]
            ),
            ExpertUserItem,
        )
        profiles = self.get_many([mapping.expert_id for mapping in mappings])
        return {expert.user_id: expert for expert in profiles.values()}

    def on_platform(self, platform_id: str, page: PageRequest) -> Page[Expert]:
        return query_page(
            ContentItem.by_owner.query,
            OWNER_INDEX,
            keys.platform_experts_pk(platform_id),
            page,
            ExpertItem,
            to_expert,
        )

    def route_page(self, platform_id: str, topic: str, page: PageRequest) -> Page[Candidate]:
        return query_page(
            ContentItem.by_owner.query,
            OWNER_INDEX,
            keys.route_pk(platform_id, topic),
            page,
            RouteItem,
            to_candidate,
        )

    def active_candidates(self, platform_id: str, topic: str) -> list[Candidate]:
        """One Query on the routing index: the active experts of one platform and topic."""
        return [
            to_candidate(item)
            for item in of_kind(
                ContentItem.by_owner.query(
                    keys.route_pk(platform_id, topic),
                    ContentItem.gsi1sk.startswith(f"{ExpertStatus.ACTIVE}#"),
                    limit=ROUTING_PAGE,
                ),
                RouteItem,
            )
        ]

    def active_entries(self, expert_ids: Sequence[str], topic: str) -> list[Candidate]:
        """The routing entries of named experts for one topic, active ones only: one BatchGet
        (none for no ids)."""
        if not expert_ids:
            return []
        found = ContentItem.batch_get(
            [(keys.expert_pk(expert_id), keys.route_sk(topic)) for expert_id in expert_ids]
        )
        return [
            to_candidate(item)
            for item in of_kind(found, RouteItem)
            if item.status == ExpertStatus.ACTIVE
        ]

    def all_on(self, platform_id: str) -> Iterator[Expert]:
        """A platform's own experts, for recounts: a Query, never a Scan."""
        for item in of_kind(
            ContentItem.by_owner.query(keys.platform_experts_pk(platform_id)), ExpertItem
        ):
            yield to_expert(item)
