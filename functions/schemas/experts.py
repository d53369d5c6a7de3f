"""Experts: registration, changes, listings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from functions.schemas.common import (
    LINE,
    TEXT,
    Id,
    PageOut,
    PageQuery,
    Schema,
    StrictBody,
    Timestamp,
)
from youthvoice.domain.experts import BIO_MAX, NAME_MAX, TOPICS_MAX, Expert, ExpertStatus
from youthvoice.domain.identity import Viewer
from youthvoice.domain.people import shows_user_id
from youthvoice.domain.routing import Candidate

if TYPE_CHECKING:
    from youthvoice.services.experts import Profile

Topics = Annotated[list[Id], Field(min_length=1, max_length=TOPICS_MAX)]
Name = Annotated[str, LINE, StringConstraints(min_length=1, max_length=NAME_MAX)]
Bio = Annotated[str, TEXT, StringConstraints(max_length=BIO_MAX)]
SHOWN_TO = "shown to the expert themself, staff of their platform or above, and admins"


class ExpertIn(StrictBody):
    user_id: Id
    name: Name
    topics: Topics
    platform_id: Id
    bio: Bio = ""


class ExpertPatchIn(StrictBody):
    status: Literal["active", "paused"] | None = None
    topics: Topics | None = None


class ExpertQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="required unless user_id is given")
    topic: Id | None = Field(default=None, description="with platform_id: its routing order")
    user_id: Id | None = Field(
        default=None, description="alone: the expert profile this user holds (zero or one item)"
    )


class ExpertOut(Schema):
    shape: Literal["full"] = Field(
        default="full", description="tells a full entry from a summary in a list of experts"
    )
    id: str
    user_id: str | None = Field(description=SHOWN_TO)
    name: str
    platform_id: str
    topics: list[str]
    bio: str
    status: ExpertStatus
    created_at: Timestamp

    @classmethod
    def of(cls, expert: Expert, viewer: Viewer) -> ExpertOut:
        return cls(
            id=expert.id,
            user_id=expert.user_id
            if shows_user_id(viewer, expert.user_id, expert.lineage)
            else None,
            name=expert.name,
            platform_id=expert.platform_id,
            topics=list(expert.topics),
            bio=expert.bio,
            status=expert.status,
            created_at=expert.created_at,
        )


class ExpertProfileOut(Schema):
    """The public profile: no user id, unless the reader is the expert or staff in scope."""

    id: str
    name: str
    platform_id: str
    topics: list[str]
    bio: str
    status: ExpertStatus
    answers: int = Field(description="official answers that count (visible ones)")
    accepted: int
    points: int
    user_id: str | None = Field(description=SHOWN_TO)

    @classmethod
    def of(cls, profile: Profile, viewer: Viewer) -> ExpertProfileOut:
        expert = profile.expert
        known = shows_user_id(viewer, expert.user_id, expert.lineage)
        return cls(
            id=expert.id,
            name=expert.name,
            platform_id=expert.platform_id,
            topics=list(expert.topics),
            bio=expert.bio,
            status=expert.status,
            answers=profile.answers,
            accepted=profile.accepted,
            points=profile.points,
            user_id=expert.user_id if known else None,
        )


class ExpertSummaryOut(Schema):
    shape: Literal["summary"] = "summary"
    id: str
    user_id: str | None = Field(description=SHOWN_TO)
    open_assignments: int

    @classmethod
    def of(cls, candidate: Candidate, viewer: Viewer, lineage: Sequence[str]) -> ExpertSummaryOut:
        known = shows_user_id(viewer, candidate.user_id, lineage)
        return cls(
            id=candidate.expert_id,
            user_id=candidate.user_id if known else None,
            open_assignments=candidate.open_assignments,
        )


class ExpertPageOut(PageOut[Annotated[ExpertOut | ExpertSummaryOut, Field(discriminator="shape")]]):
    """Experts: full entries, or summaries with open assignments when routing by topic."""
