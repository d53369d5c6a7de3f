"""Expert profiles."""

from __future__ import annotations

from collections.abc import Iterable

from youthvoice.data import keys
from youthvoice.data.models import ExpertItem
from youthvoice.domain.experts import Expert, ExpertStatus


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


class ExpertRepository:
    def put_all(self, experts: Iterable[Expert]) -> None:
        with ExpertItem.batch_write() as batch:
            for expert in experts:
                batch.save(_to_item(expert))

    def count_active_on(self, platform_id: str) -> int:
        """Recount for reconciliation: a Query on the platform's own experts, never a Scan."""
        return sum(
            1
            for item in ExpertItem.by_owner.query(
                keys.platform_experts_pk(platform_id),
                filter_condition=ExpertItem.status == "active",
                attributes_to_get=["status"],
            )
        )
