"""Published figures and leaderboards."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from functions.schemas.common import Id, PageOut, PageQuery, StrictQuery
from youthvoice.domain.seasons import Standing

if TYPE_CHECKING:
    from youthvoice.services.stats import ExpertStanding, PlatformStanding, Stats


class StatsQuery(StrictQuery):
    season_id: Id | None = None


class ExpertBoardQuery(PageQuery):
    season_id: Id | None = None
    month: str | None = Field(default=None, description="YYYY-MM")
    platform_id: Id | None = Field(default=None, description="defaults to the province")


class PlatformBoardQuery(StrictQuery):
    parent_id: Id | None = Field(default=None, description="defaults to the province: its cities")
    season_id: Id | None = None


class StatsOut(BaseModel):
    platform_id: str
    season_id: str | None
    questions: int
    answers: int = Field(description="official answers")
    peer_answers: int
    answered: int = Field(description="questions with at least one official answer")
    resolved: int
    on_time: int = Field(description="questions whose first official answer met the deadline")
    ratings: int
    visits: int
    experts: int
    answer_rate: float | None = Field(description="answered / questions")
    on_time_rate: float | None = Field(description="on_time / questions")
    resolution_rate: float | None = Field(description="resolved / questions")
    satisfaction: float | None = Field(description="mean rating, 1 to 5")

    @classmethod
    def of(cls, stats: Stats) -> StatsOut:
        return cls(**dataclasses.asdict(stats))


class ExpertStandingOut(BaseModel):
    rank: int
    user_id: str
    points: int

    @classmethod
    def of(cls, rank: int, standing: Standing | ExpertStanding) -> ExpertStandingOut:
        return cls(rank=rank, user_id=standing.user_id, points=standing.points)


class ExpertBoardEntryOut(ExpertStandingOut):
    expert_id: str | None = Field(description="null when the member holds no expert profile")
    name: str | None = Field(description="the expert's display name")
    platform_id: str | None = Field(description="the platform the expert serves")

    @classmethod
    def of_standing(cls, standing: ExpertStanding) -> ExpertBoardEntryOut:
        expert = standing.expert
        return cls(
            rank=standing.rank,
            user_id=standing.user_id,
            points=standing.points,
            expert_id=expert.id if expert else None,
            name=expert.name if expert else None,
            platform_id=expert.platform_id if expert else None,
        )


class ExpertBoardOut(PageOut[ExpertBoardEntryOut]):
    """One page of a board, best first; ranks count from the top of the whole board."""


class PlatformStandingOut(BaseModel):
    rank: int
    platform_id: str
    name: str
    on_time_rate: float | None
    answer_rate: float | None
    questions: int

    @classmethod
    def of(cls, standing: PlatformStanding) -> PlatformStandingOut:
        return cls(
            rank=standing.rank,
            platform_id=standing.platform.id,
            name=standing.platform.name,
            on_time_rate=standing.stats.on_time_rate,
            answer_rate=standing.stats.answer_rate,
            questions=standing.stats.questions,
        )


class PlatformBoardOut(BaseModel):
    items: list[PlatformStandingOut]

    @classmethod
    def of(cls, standings: Iterable[PlatformStanding]) -> PlatformBoardOut:
        return cls(items=[PlatformStandingOut.of(standing) for standing in standings])
