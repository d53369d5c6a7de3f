"""Request and response models: validated at the edge and published as OpenAPI."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from youthvoice.domain.identity import Principal
from youthvoice.domain.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest
from youthvoice.domain.platforms import Platform
from youthvoice.domain.projection import ListEntry
from youthvoice.domain.questions import Answer, Question, can_see_asker


class StrictQuery(BaseModel):
    """Unknown query parameters are a 400, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="how many items at most")]


class PageQuery(StrictQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = Field(default=None, description="next_cursor of the previous page")

    @property
    def page(self) -> PageRequest:
        return PageRequest(self.limit, self.cursor)


class PlatformQuery(PageQuery):
    parent: str | None = Field(default=None, description="only the children of this platform")
    kind: str | None = Field(
        default=None, description="province, city, county, university or enterprise"
    )


ItemT = TypeVar("ItemT")


class PageOut(BaseModel, Generic[ItemT]):
    """Every list: one page of items and the opaque cursor of the next (null on the last)."""

    items: list[ItemT]
    next_cursor: str | None


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class HealthOut(BaseModel):
    status: str
    stage: str


class PlatformOut(BaseModel):
    id: str
    name: str
    kind: str
    parent_id: str | None
    ancestors: list[str] = Field(description="root first")

    @classmethod
    def of(cls, platform: Platform) -> PlatformOut:
        return cls(
            id=platform.id,
            name=platform.name,
            kind=str(platform.kind),
            parent_id=platform.parent_id,
            ancestors=list(platform.ancestors),
        )


PlatformPageOut = PageOut[PlatformOut]


class PlatformDetailOut(PlatformOut):
    children: list[PlatformOut]
    experts: int = Field(description="active experts on this platform and its subtree")


class TopicOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    zh: str
    en: str


class TopicListOut(BaseModel):
    items: list[TopicOut]


class MeOut(BaseModel):
    sub: str
    role: str
    platform: str | None


class StrictBody(BaseModel):
    """Request bodies: unknown fields and wrong types are 400s naming the field."""

    model_config = ConfigDict(extra="forbid", strict=True)


class AskIn(StrictBody):
    title: str = Field(description="5 to 100 characters")
    body: str = Field(description="at most 5,000 characters")
    topic: str
    platform_id: str
    anonymous: bool = False
    tags: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(
        default_factory=list, max_length=10
    )


class AnswerIn(StrictBody):
    body: str


class AcceptIn(StrictBody):
    answer_id: str


class RatingIn(StrictBody):
    score: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=500)


class ReasonIn(StrictBody):
    reason: str = Field(min_length=1, max_length=500)


class ModerationIn(StrictBody):
    action: Literal["approve", "remove"]
    reason: str = Field(default="", max_length=500)


class ExpertIn(StrictBody):
    user_id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=50)
    topics: list[str]
    platform_id: str
    bio: str = Field(default="", max_length=1000)


class ExpertPatchIn(StrictBody):
    status: Literal["active", "paused"] | None = None
    topics: list[str] | None = None


class QuestionListQuery(PageQuery):
    platform_id: str | None = Field(default=None, description="the whole subtree of this platform")
    season_id: str | None = Field(default=None, description="the questions of this season")
    status: str | None = Field(
        default=None, description="open, answered, resolved, reopened, closed"
    )
    topic: str | None = None


class ExpertQuery(PageQuery):
    platform_id: str
    topic: str | None = None


class ModerationQuery(PageQuery):
    platform_id: str | None = Field(default=None, description="defaults to the caller's platform")


class QuestionOut(BaseModel):
    id: str
    title: str
    body: str
    topic: str
    platform_id: str
    tags: list[str]
    anonymous: bool
    asker: str | None = Field(description="null when anonymous and the caller may not know")
    status: str
    visibility: str
    created_at: str
    due_at: str
    assignees: list[str] = Field(description="user ids of the experts invited and not yet done")
    accepted_answer_id: str | None
    season_id: str | None
    escalate_at: str | None = Field(
        description="when the next supervision rung is due; null when none is pending"
    )
    escalation_level: int = Field(
        description="-1 none yet, 0 experts reminded, 1 supervised, 2 parent, 3 province"
    )
    extended: bool = Field(description="the deadline was extended (at most once)")
    close_reason: str | None = Field(description="out_of_scope, duplicate or spam when closed")
    duplicate_of: str | None

    @classmethod
    def of(cls, question: Question, viewer: Principal) -> QuestionOut:
        return cls(
            id=question.id,
            title=question.title,
            body=question.body,
            topic=question.topic,
            platform_id=question.platform_id,
            tags=list(question.tags),
            anonymous=question.anonymous,
            asker=question.asker if can_see_asker(viewer, question) else None,
            status=str(question.status),
            visibility=str(question.visibility),
            created_at=question.created_at,
            due_at=question.due_at,
            assignees=list(question.assignees),
            accepted_answer_id=question.accepted_answer_id,
            season_id=question.season_id,
            escalate_at=question.escalate_at if question.escalating else None,
            escalation_level=question.escalation_level,
            extended=question.extended,
            close_reason=question.close_reason,
            duplicate_of=question.duplicate_of,
        )


class AnswerOut(BaseModel):
    id: str
    question_id: str
    author: str
    official: bool
    accepted: bool
    body: str
    created_at: str
    likes: int
    visibility: str

    @classmethod
    def of(cls, answer: Answer, accepted_id: str | None) -> AnswerOut:
        return cls(
            id=answer.id,
            question_id=answer.question_id,
            author=answer.author,
            official=answer.official,
            accepted=answer.id == accepted_id,
            body=answer.body,
            created_at=answer.created_at,
            likes=answer.likes,
            visibility=str(answer.visibility),
        )


class TimelineEntryOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    at: str
    kind: str = Field(
        description="asked, invited, answered, peer_answered, reminder, escalated, reassigned, "
        "extended, closed"
    )
    actor: str
    detail: str
    level: int | None


class QuestionDetailOut(QuestionOut):
    answers: list[AnswerOut] = Field(description="official answers, the accepted one first")
    peer_answers: list[AnswerOut] = Field(description="answers from other young people (青帮青)")
    timeline: list[TimelineEntryOut] | None = Field(
        description="oldest first; shown to staff of the platform or above and admins, else null"
    )


QuestionPageOut = PageOut[QuestionOut]


class QuestionSummaryOut(BaseModel):
    id: str
    title: str
    topic: str
    platform_id: str
    status: str
    created_at: str
    due_at: str

    @classmethod
    def of(cls, entry: ListEntry) -> QuestionSummaryOut:
        return cls(
            id=entry.question_id,
            title=entry.title,
            topic=entry.topic,
            platform_id=entry.platform_id,
            status=entry.status,
            created_at=entry.created_at,
            due_at=entry.due_at,
        )


QuestionSummaryPageOut = PageOut[QuestionSummaryOut]


class AssignmentOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    question_id: str
    expert_id: str
    state: str
    created_at: str
    reason: str | None


AssignmentPageOut = PageOut[AssignmentOut]


class LikeOut(BaseModel):
    answer_id: str
    liked: bool


class ExpertOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    user_id: str
    name: str
    platform_id: str
    topics: list[str]
    bio: str
    status: str
    created_at: str


class ExpertSummaryOut(BaseModel):
    id: str
    user_id: str
    open_assignments: int


ExpertPageOut = PageOut[ExpertOut | ExpertSummaryOut]


class ModerationEntryOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    item_id: str
    kind: str
    question_id: str
    title: str
    excerpt: str
    platform_id: str
    created_at: str


ModerationPageOut = PageOut[ModerationEntryOut]


class ModerationOut(BaseModel):
    item_id: str
    visibility: str


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


class NotificationQuery(PageQuery):
    desk: Literal["true", "false"] | None = Field(
        default=None, description="staff: read the platform's shared duty desk instead of mine"
    )


class NotificationOut(BaseModel):
    id: str
    kind: str = Field(
        description="answer, reopened, invitation, reminder, escalated, extended, closed, "
        "season_started"
    )
    question_id: str
    title: str
    created_at: str
    read: bool


class InboxOut(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class ReadIn(StrictBody):
    ids: list[str] | None = None
    all: bool = False
    desk: bool = Field(default=False, description="staff: the platform's duty desk")


class ReadOut(BaseModel):
    marked: int


class ReassignIn(StrictBody):
    expert_ids: list[str] = Field(description="1 to 3 expert ids")


class ExtendIn(StrictBody):
    until: dt.datetime = Field(strict=False, description="ISO 8601 with a time zone")
    reason: str = Field(min_length=1, max_length=500)


class CloseIn(StrictBody):
    reason: Literal["out_of_scope", "duplicate", "spam"]
    duplicate_of: str | None = Field(default=None, description='required with "duplicate"')


class SupervisionQuery(PageQuery):
    platform_id: str | None = Field(default=None, description="defaults to the caller's platform")
    level: str | None = Field(default=None, description="1, 2 or 3")
    status: str | None = Field(default=None, description="open (default) or closed")


class SupervisionEntryOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    question_id: str
    title: str
    topic: str
    platform_id: str = Field(description="whose staff the record is for")
    level: int
    status: str
    opened_at: str
    due_at: str = Field(description="the record's own deadline")
    outcome: str | None
    department: str | None = Field(description="a season's department on duty, at rung 1")


SupervisionPageOut = PageOut[SupervisionEntryOut]


class SweepIn(StrictBody):
    as_of: dt.datetime | None = Field(
        default=None, strict=False, description="not accepted in production"
    )


class EscalatedOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    question_id: str
    level: int
    platform_id: str | None
    at: str


class SweepOut(BaseModel):
    """Built from the domain object's attributes of the same names."""

    model_config = ConfigDict(from_attributes=True)

    as_of: str
    due: int = Field(description="questions whose next rung was due")
    overdue: int = Field(description="of those, past their response deadline")
    steps: list[EscalatedOut]


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
