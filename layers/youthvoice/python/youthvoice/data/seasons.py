"""Seasons, their invited experts, and the per-scope write lock that keeps them from overlapping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from youthvoice.data import keys
from youthvoice.data.models import (
    ContentItem,
    SeasonExpertItem,
    SeasonItem,
    SeasonLockItem,
)
from youthvoice.data.pages import ACROSS_INDEX, OWNER_INDEX, query_page
from youthvoice.data.platforms import of_kind
from youthvoice.data.transactions import Transaction
from youthvoice.domain.errors import ConcurrentChange
from youthvoice.domain.experts import Expert
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.seasons import DutySlot, Season, SeasonStatus, SeasonView, Standing

LOCK = "LOCK"


def to_season(item: SeasonItem) -> Season:
    return Season(
        id=item.season_id,
        name=item.name,
        topics=tuple(item.topics),
        platform_id=item.platform_id,
        lineage=tuple(item.lineage),
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        description=item.description,
        created_by=item.created_by,
        created_at=item.created_at,
        sla_hours=None if item.sla_hours is None else int(item.sla_hours),
        roster=tuple(DutySlot(s[0], tuple(s[1]), s[2], s[3]) for s in item.roster or []),
        invited_users=tuple(item.invited_users),
        opened=bool(item.opened),
        closed=bool(item.closed),
        final_board=tuple(
            Standing(row[0], int(row[1]), *row[2:]) for row in item.final_board or []
        ),
        version=int(item.version or 0),
    )


def _season_item(season: Season) -> SeasonItem:
    item = SeasonItem(
        keys.season_pk(season.id),
        keys.META,
        season_id=season.id,
        name=season.name,
        topics=list(season.topics),
        platform_id=season.platform_id,
        lineage=list(season.lineage),
        starts_at=season.starts_at,
        ends_at=season.ends_at,
        description=season.description,
        created_by=season.created_by,
        created_at=season.created_at,
        sla_hours=season.sla_hours,
        roster=[[s.department, list(s.staff_ids), s.starts_at, s.ends_at] for s in season.roster],
        invited_users=list(season.invited_users),
        opened=season.opened,
        closed=season.closed,
        final_board=[
            [s.user_id, s.points, *([s.desk] if s.desk else [])] for s in season.final_board
        ],
        gsi1pk=keys.platform_seasons_pk(season.platform_id),
        gsi1sk=keys.season_sort(season.starts_at, season.id),
        gsi2pk=keys.ALL_SEASONS,
        gsi2sk=keys.season_sort(season.starts_at, season.id),
    )
    if season.version:
        item.version = season.version
    return item


def _status_filter(status: SeasonStatus | None, at: str) -> Any:
    if status is SeasonStatus.UPCOMING:
        return SeasonItem.starts_at > at
    if status is SeasonStatus.ACTIVE:
        return (SeasonItem.starts_at <= at) & (SeasonItem.ends_at > at)
    if status is SeasonStatus.ENDED:
        return SeasonItem.ends_at <= at
    return None


class SeasonRepository:
    def exists(self, season_id: str) -> bool:
        return self.view(season_id) is not None

    def view(self, season_id: str) -> SeasonView | None:
        """The season and its invited experts: one Query on its partition."""
        season = None
        invited = {}
        for item in ContentItem.query(keys.season_pk(season_id)):
            if isinstance(item, SeasonItem):
                season = to_season(item)
            elif isinstance(item, SeasonExpertItem):
                invited[item.expert_id] = item.user_id
        return None if season is None else SeasonView(season, invited)

    def starting_since(self, since: str) -> list[Season]:
        """Every season that started after `since` or has yet to start: one Query on gsi2."""
        results = ContentItem.across.query(keys.ALL_SEASONS, ContentItem.gsi2sk >= since)
        return [to_season(item) for item in of_kind(results, SeasonItem)]

    def of_scope(self, platform_id: str) -> list[Season]:
        results = ContentItem.by_owner.query(keys.platform_seasons_pk(platform_id))
        return [to_season(item) for item in of_kind(results, SeasonItem)]

    def page(
        self, platform_id: str | None, status: SeasonStatus | None, at: str, page: PageRequest
    ) -> Page[Season]:
        if platform_id:
            query, shape = ContentItem.by_owner.query, OWNER_INDEX
            partition = keys.platform_seasons_pk(platform_id)
        else:
            query, shape, partition = ContentItem.across.query, ACROSS_INDEX, keys.ALL_SEASONS
        return query_page(
            query,
            shape,
            partition,
            page,
            SeasonItem,
            to_season,
            scan_index_forward=False,
            filter_condition=_status_filter(status, at),
        )

    def lock_writes(self, platform_id: str) -> int:
        try:
            item = ContentItem.get(keys.platform_seasons_pk(platform_id), LOCK)
        except ContentItem.DoesNotExist:
            return 0
        return int(item.writes) if isinstance(item, SeasonLockItem) else 0

    def save(
        self,
        season: Season,
        lock_writes: int | None = None,
        invited: Sequence[Expert] = (),
        uninvited: Sequence[str] = (),
    ) -> None:
        """The season (conditional on its version, or on not existing yet), its invited experts,
        and, when the window or topics may have moved, the scope's lock as read before the
        overlap check."""

        stale = ConcurrentChange(f"season {season.id} changed meanwhile")
        transaction = Transaction()
        item = _season_item(season)
        if season.version:
            transaction.save(item, refused=stale)
        else:
            transaction.insert(item, refused=stale)
        if lock_writes is not None:
            lock = SeasonLockItem(
                keys.platform_seasons_pk(season.platform_id), LOCK, writes=lock_writes + 1
            )
            condition = (
                SeasonLockItem.writes == lock_writes
                if lock_writes
                else ContentItem.pk.does_not_exist()
            )
            transaction.save(lock, condition=condition, refused=stale)
        for expert in invited:
            transaction.save(
                SeasonExpertItem(
                    keys.season_pk(season.id),
                    keys.season_expert_sk(expert.id),
                    season_id=season.id,
                    expert_id=expert.id,
                    user_id=expert.user_id,
                )
            )
        for expert_id in uninvited:
            transaction.delete(
                SeasonExpertItem(keys.season_pk(season.id), keys.season_expert_sk(expert_id))
            )
        transaction.commit()
