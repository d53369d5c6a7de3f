"""Question seasons (问题季): definitions, roster, invited experts, report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import ConfigDict, Field, StringConstraints

from functions.schemas.common import (
    LINE,
    TEXT,
    Id,
    MomentText,
    PageOut,
    PageQuery,
    Schema,
    StrictBody,
    Timestamp,
)
from functions.schemas.stats import ExpertStandingOut
from youthvoice.bootstrap import now
from youthvoice.domain.access import is_supervisor_of
from youthvoice.domain.identity import Viewer
from youthvoice.domain.seasons import (
    DEPARTMENT_MAX,
    DESCRIPTION_MAX,
    INVITES_MAX,
    NAME_MAX,
    NAME_MIN,
    SLA_HOURS_MAX,
    STAFF_PER_SLOT_MAX,
    TOPICS_MAX,
    DutySlot,
    Season,
    SeasonStatus,
)
from youthvoice.domain.timestamps import iso

if TYPE_CHECKING:
    from youthvoice.services.seasons import Figures, PlatformFigure, SeasonReport

Name = Annotated[str, LINE, StringConstraints(min_length=NAME_MIN, max_length=NAME_MAX)]
Topics = Annotated[list[Id], Field(min_length=1, max_length=TOPICS_MAX)]
Description = Annotated[str, TEXT, StringConstraints(max_length=DESCRIPTION_MAX)]
Department = Annotated[str, LINE, StringConstraints(min_length=1, max_length=DEPARTMENT_MAX)]


class SlaIn(StrictBody):
    first_response_hours: int = Field(ge=1, le=SLA_HOURS_MAX, description="working hours")


class SeasonIn(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "毕业季就业问题季",
                    "topics": ["employment", "study"],
                    "platform_id": "sx",
                    "starts_at": "2026-06-01T00:00:00+08:00",
                    "ends_at": "2026-07-01T00:00:00+08:00",
                    "sla": {"first_response_hours": 24},
                    "description": "毕业生求职、签约与升学的问题，专家一天内回复。",
                }
            ]
        }
    )

    name: Name
    topics: Topics = Field(description="different topic ids")
    platform_id: Id = Field(description="the scope: this platform's whole subtree")
    starts_at: MomentText = Field(description="ISO 8601, inclusive; without a zone, Asia/Shanghai")
    ends_at: MomentText = Field(description="ISO 8601, exclusive; without a zone, Asia/Shanghai")
    sla: SlaIn | None = Field(default=None, description="a tighter first-response target")
    description: Description = ""


class SeasonPatchIn(StrictBody):
    name: Name | None = None
    topics: Topics | None = Field(default=None, description="only before the season starts")
    starts_at: MomentText | None = Field(default=None, description="only before the season starts")
    ends_at: MomentText | None = None
    sla: SlaIn | None = None
    description: Description | None = None


class DutySlotIn(StrictBody):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    department: Department
    staff_ids: list[Id] = Field(min_length=1, max_length=STAFF_PER_SLOT_MAX)
    starts_at: MomentText = Field(
        alias="from", description="ISO 8601; without a zone, Asia/Shanghai"
    )
    ends_at: MomentText = Field(alias="to")


class RosterIn(StrictBody):
    slots: list[DutySlotIn] = Field(
        min_length=1, description="covering the season with no gap or overlap"
    )


class SeasonExpertsIn(StrictBody):
    expert_ids: list[Id] = Field(min_length=1, max_length=INVITES_MAX)


class SeasonQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="seasons scoped to this platform")
    status: SeasonStatus | None = None


class DutySlotOut(Schema):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    department: Department
    staff_ids: list[str] = Field(min_length=1, max_length=STAFF_PER_SLOT_MAX)
    starts_at: str = Field(serialization_alias="from")
    ends_at: str = Field(serialization_alias="to")

    @classmethod
    def of(cls, slot: DutySlot) -> DutySlotOut:
        return cls(
            department=slot.department,
            staff_ids=list(slot.staff_ids),
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
        )


class SlaOut(Schema):
    first_response_hours: int


class SeasonOut(Schema):
    id: str
    name: str
    topics: list[str]
    platform_id: str
    starts_at: str
    ends_at: str
    status: SeasonStatus
    sla: SlaOut | None
    description: str
    roster: list[DutySlotOut] | None = Field(
        description="staff on duty: shown to staff of the season's platform or above and admins"
    )
    created_by: str | None = Field(description="shown to the same readers as the roster")
    created_at: Timestamp
    invited_experts: list[str] | None = Field(
        default=None, description="expert ids (on GET /seasons/{id} only)"
    )

    @classmethod
    def of(
        cls, season: Season, viewer: Viewer, invited: tuple[str, ...] | None = None
    ) -> SeasonOut:
        staff = is_supervisor_of(viewer, season.lineage)
        return cls(
            id=season.id,
            name=season.name,
            topics=list(season.topics),
            platform_id=season.platform_id,
            starts_at=season.starts_at,
            ends_at=season.ends_at,
            status=season.status(iso(now())),
            sla=SlaOut(first_response_hours=season.sla_hours) if season.sla_hours else None,
            description=season.description,
            roster=[DutySlotOut.of(slot) for slot in season.roster] if staff else None,
            created_by=season.created_by if staff else None,
            created_at=season.created_at,
            invited_experts=list(invited) if invited is not None else None,
        )


class SeasonPageOut(PageOut[SeasonOut]):
    """One page of seasons."""


class FigureFields(Schema):
    """A period's figures, with its rates worked out (null when it had no questions)."""

    questions: int
    answered: int
    on_time: int
    resolved: int
    ratings: int
    satisfaction: float | None
    answer_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None


class FiguresOut(FigureFields):
    @classmethod
    def of(cls, figures: Figures) -> FiguresOut:
        def rate(part: int) -> float | None:
            return round(part / figures.questions, 4) if figures.questions else None

        return cls(
            questions=figures.questions,
            answered=figures.answered,
            on_time=figures.on_time,
            resolved=figures.resolved,
            ratings=figures.ratings,
            satisfaction=figures.satisfaction,
            answer_rate=rate(figures.answered),
            on_time_rate=rate(figures.on_time),
            resolution_rate=rate(figures.resolved),
        )


class PeriodOut(FigureFields):
    first_day: str
    last_day: str

    @classmethod
    def of(cls, figures: Figures, first_day: str, last_day: str) -> PeriodOut:
        return cls(**FiguresOut.of(figures).model_dump(), first_day=first_day, last_day=last_day)


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 4)


class LiftOut(Schema):
    questions: int
    answered: int
    answer_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    satisfaction: float | None

    @classmethod
    def of(cls, during: FigureFields, before: FigureFields) -> LiftOut:
        return cls(
            questions=during.questions - before.questions,
            answered=during.answered - before.answered,
            answer_rate=_difference(during.answer_rate, before.answer_rate),
            on_time_rate=_difference(during.on_time_rate, before.on_time_rate),
            resolution_rate=_difference(during.resolution_rate, before.resolution_rate),
            satisfaction=_difference(during.satisfaction, before.satisfaction),
        )


class SeasonPlatformOut(Schema):
    platform_id: str
    name: str
    questions: int
    answered: int

    @classmethod
    def of(cls, figure: PlatformFigure) -> SeasonPlatformOut:
        return cls(
            platform_id=figure.platform_id,
            name=figure.name,
            questions=figure.questions,
            answered=figure.answered,
        )


class BusiestDayOut(Schema):
    date: str
    questions: int


class SeasonActivitiesOut(Schema):
    held: int
    participants: int = Field(description="people checked in")
    signups: int = Field(description="confirmed signups")


class SeasonReportOut(Schema):
    season: SeasonOut
    figures: FiguresOut = Field(description="the season's own questions")
    before: PeriodOut = Field(
        description="the scope on the season's topics, the same number of days just before it"
    )
    lift: LiftOut = Field(description="season minus before (rates in points of 1)")
    top_experts: list[ExpertStandingOut]
    top_platforms: list[SeasonPlatformOut]
    busiest_day: BusiestDayOut | None
    activities: SeasonActivitiesOut = Field(description="offline activities held in the season")

    @classmethod
    def of(cls, report: SeasonReport, viewer: Viewer) -> SeasonReportOut:
        during = FiguresOut.of(report.figures)
        before = PeriodOut.of(report.before, report.before_from, report.before_to)
        busiest = report.busiest_day
        return cls(
            season=SeasonOut.of(report.season, viewer),
            figures=during,
            before=before,
            lift=LiftOut.of(during, before),
            top_experts=[ExpertStandingOut.of(standing) for standing in report.top_experts],
            top_platforms=[SeasonPlatformOut.of(figure) for figure in report.top_platforms],
            busiest_day=BusiestDayOut(date=busiest, questions=report.busiest_day_questions)
            if busiest
            else None,
            activities=SeasonActivitiesOut(
                held=report.activities,
                participants=report.participants,
                signups=report.signups,
            ),
        )
