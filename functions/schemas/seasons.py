"""Question seasons (问题季): definitions, roster, invited experts, report."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from functions.schemas.common import PageOut, PageQuery, StrictBody
from functions.schemas.stats import ExpertStandingOut


class SlaIn(StrictBody):
    first_response_hours: int = Field(ge=1, le=200, description="working hours")


class SeasonIn(StrictBody):
    name: str = Field(description="2 to 50 characters")
    topics: list[str] = Field(description="1 to 5 topic ids")
    platform_id: str = Field(description="the scope: this platform's whole subtree")
    starts_at: str = Field(description="ISO 8601, inclusive; without a zone, Asia/Shanghai")
    ends_at: str = Field(description="ISO 8601, exclusive; without a zone, Asia/Shanghai")
    sla: SlaIn | None = Field(default=None, description="a tighter first-response target")
    description: str = Field(default="", max_length=2000)


class SeasonPatchIn(StrictBody):
    name: str | None = None
    topics: list[str] | None = Field(default=None, description="only before the season starts")
    starts_at: str | None = Field(default=None, description="only before the season starts")
    ends_at: str | None = None
    sla: SlaIn | None = None
    description: str | None = Field(default=None, max_length=2000)


class DutySlotIn(StrictBody):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    department: str
    staff_ids: list[str]
    starts_at: str = Field(alias="from", description="ISO 8601; without a zone, Asia/Shanghai")
    ends_at: str = Field(alias="to")


class RosterIn(StrictBody):
    slots: list[DutySlotIn] = Field(description="covering the season with no gap or overlap")


class SeasonExpertsIn(StrictBody):
    expert_ids: list[str] = Field(description="1 to 50 expert ids")


class SeasonQuery(PageQuery):
    platform_id: str | None = Field(default=None, description="seasons scoped to this platform")
    status: str | None = Field(default=None, description="upcoming, active or ended")


class DutySlotOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    department: str
    staff_ids: list[str]
    starts_at: str = Field(serialization_alias="from")
    ends_at: str = Field(serialization_alias="to")


class SlaOut(BaseModel):
    first_response_hours: int


class SeasonOut(BaseModel):
    id: str
    name: str
    topics: list[str]
    platform_id: str
    starts_at: str
    ends_at: str
    status: str = Field(description="upcoming, active or ended")
    sla: SlaOut | None
    description: str
    roster: list[DutySlotOut]
    created_by: str
    created_at: str
    invited_experts: list[str] | None = Field(
        default=None, description="expert ids (on GET /seasons/{id} only)"
    )


SeasonPageOut = PageOut[SeasonOut]


class FiguresOut(BaseModel):
    questions: int
    answered: int
    on_time: int
    resolved: int
    ratings: int
    satisfaction: float | None
    answer_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None


class PeriodOut(FiguresOut):
    first_day: str
    last_day: str


class LiftOut(BaseModel):
    questions: int
    answered: int
    answer_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    satisfaction: float | None


class SeasonPlatformOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    platform_id: str
    name: str
    questions: int
    answered: int


class BusiestDayOut(BaseModel):
    date: str
    questions: int


class SeasonReportOut(BaseModel):
    season: SeasonOut
    figures: FiguresOut = Field(description="the season's own questions")
    before: PeriodOut = Field(
        description="the scope on the season's topics, the same number of days just before it"
    )
    lift: LiftOut = Field(description="season minus before (rates in points of 1)")
    top_experts: list[ExpertStandingOut]
    top_platforms: list[SeasonPlatformOut]
    busiest_day: BusiestDayOut | None
