"""Published figures and leaderboards."""

from __future__ import annotations

from pydantic import BaseModel, Field

from functions.schemas.common import Limit, StrictQuery
from youthvoice.domain.pagination import DEFAULT_LIMIT


class StatsQuery(StrictQuery):
    season_id: str | None = None


class ExpertBoardQuery(StrictQuery):
    season_id: str | None = None
    month: str | None = Field(default=None, description="YYYY-MM")
    platform_id: str | None = Field(default=None, description="defaults to the province")
    limit: Limit = DEFAULT_LIMIT


class PlatformBoardQuery(StrictQuery):
    parent_id: str | None = Field(default=None, description="defaults to the province: its cities")
    season_id: str | None = None


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


class ExpertStandingOut(BaseModel):
    rank: int
    user_id: str
    points: int


class ExpertBoardOut(BaseModel):
    items: list[ExpertStandingOut]


class PlatformStandingOut(BaseModel):
    rank: int
    platform_id: str
    name: str
    on_time_rate: float | None
    answer_rate: float | None
    questions: int


class PlatformBoardOut(BaseModel):
    items: list[PlatformStandingOut]
