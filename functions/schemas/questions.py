"""Questions: asking, reading, listing, and what an asker or an invited expert does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

from pydantic import ConfigDict, Field, StringConstraints

from functions.deferred import Deferred
from functions.schemas.answers import AnswerOut
from functions.schemas.common import (
    LINE,
    TEXT,
    AuthorOut,
    Body,
    Id,
    PageOut,
    PageQuery,
    Reason,
    Schema,
    StrictBody,
    Timestamp,
)
from youthvoice.domain.access import is_supervisor_of
from youthvoice.domain.case_records import NOT_ESCALATED, EventKind, Level, TimelineEvent
from youthvoice.domain.escalation import CloseReason, timeline
from youthvoice.domain.identity import Viewer
from youthvoice.domain.projection import ListEntry
from youthvoice.domain.questions import (
    COMMENT_MAX,
    RATING_MAX,
    RATING_MIN,
    TAG_MAX,
    TAGS_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Answer,
    Assignment,
    AssignmentState,
    Question,
    QuestionView,
    Status,
    Visibility,
)

Title = Annotated[str, LINE, StringConstraints(min_length=TITLE_MIN, max_length=TITLE_MAX)]
Tag = Annotated[str, LINE, StringConstraints(min_length=1, max_length=TAG_MAX)]
Comment = Annotated[str, TEXT, StringConstraints(max_length=COMMENT_MAX)]


if TYPE_CHECKING:
    from youthvoice.services import people
    from youthvoice.services.people import ListedNames
else:
    people = Deferred("youthvoice.services.people")


class AskIn(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "考研还是工作？",
                    "body": "大三了，想听听过来人的建议。",
                    "topic": "study",
                    "platform_id": "sx-01-02",
                    "anonymous": True,
                    "tags": ["考研"],
                }
            ]
        }
    )

    title: Title
    body: Body
    topic: Id
    platform_id: Id
    anonymous: bool = False
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)


class QuestionEditIn(StrictBody):
    """Any of the texts; a field left out keeps its value. Topic and platform cannot change:
    they decided who was invited."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"title": "考研还是直接工作？", "tags": ["考研", "就业"]}]}
    )

    title: Title | None = None
    body: Body | None = None
    tags: list[Tag] | None = Field(default=None, max_length=TAGS_MAX)


class RatingIn(StrictBody):
    score: int = Field(ge=RATING_MIN, le=RATING_MAX)
    comment: Comment = ""


class ReasonIn(StrictBody):
    reason: Reason


class QuestionListQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="the whole subtree of this platform")
    season_id: Id | None = Field(default=None, description="the questions of this season")
    status: Status | None = None
    topic: Id | None = None


class QuestionFields(Schema):
    """What a question shows, in a list or on its own page."""

    id: str
    title: str
    body: str
    topic: str
    platform_id: str
    tags: list[str]
    anonymous: bool
    asker: AuthorOut = Field(
        description="匿名 when anonymous, except to the asker, staff in scope and admins"
    )
    status: Status
    visibility: Visibility
    held_reason: str | None = Field(
        description="while held by the word screen, the category that held it (never the word); "
        "only the asker and reviewers see a held question"
    )
    created_at: Timestamp
    due_at: Timestamp
    assignees: list[str] = Field(description="ids of the experts invited and not yet done")
    accepted_answer_id: str | None
    season_id: str | None
    escalate_at: Timestamp | None = Field(
        description="when the next supervision rung is due; null when none is pending"
    )
    escalation_level: int = Field(
        ge=NOT_ESCALATED,
        le=int(Level.PROVINCE),
        description="-1 none yet, 0 experts reminded, 1 supervised, 2 parent, 3 province",
    )
    extended: bool = Field(description="the deadline was extended (at most once)")
    close_reason: CloseReason | None = Field(description="set when closed")
    duplicate_of: str | None


class QuestionOut(QuestionFields):
    @classmethod
    def shown(cls, question: Question, viewer: Viewer) -> QuestionOut:
        """One question as `viewer` sees it, its asker's nickname read for it."""
        return cls.of(question, viewer, people.askers_nicknames(viewer, [question]))

    @classmethod
    def of(cls, question: Question, viewer: Viewer, names: Mapping[str, str]) -> QuestionOut:
        """`names`: the young people's nicknames read for the response (one read a page)."""
        return cls(
            id=question.id,
            title=question.title,
            body=question.body,
            topic=question.topic,
            platform_id=question.platform_id,
            tags=list(question.tags),
            anonymous=question.anonymous,
            asker=AuthorOut.of(people.asker(viewer, question, names)),
            status=question.status,
            visibility=question.visibility,
            held_reason=question.held_reason if question.visibility is Visibility.HELD else None,
            created_at=question.created_at,
            due_at=question.due_at,
            assignees=list(question.assignees),
            accepted_answer_id=question.accepted_answer_id,
            season_id=question.season_id,
            escalate_at=question.escalate_at if question.escalating else None,
            escalation_level=question.escalation_level,
            extended=question.extended,
            close_reason=CloseReason(question.close_reason) if question.close_reason else None,
            duplicate_of=question.duplicate_of,
        )


class TimelineEntryOut(Schema):
    at: Timestamp
    kind: EventKind
    actor: str = Field(description="the acting user's id, or routing or sweep for the service")
    by: AuthorOut | None = Field(
        description="who acted, as a person sees them (a desk, an expert, 青年·7F3A); null for the "
        "service itself and on steps kept before it was recorded"
    )
    detail: str
    level: Level | None

    @classmethod
    def of(
        cls, event: TimelineEvent, viewer: Viewer, lineage: Sequence[str], names: Mapping[str, str]
    ) -> TimelineEntryOut:
        writer = event.writer()
        return cls(
            at=event.at,
            kind=event.kind,
            actor=event.actor,
            by=AuthorOut.of(people.shown(viewer, writer, lineage, names=names)) if writer else None,
            detail=event.detail,
            level=event.level,
        )


class RatingOut(Schema):
    score: int
    comment: str


class QuestionDetailOut(QuestionFields):
    answers: list[AnswerOut] = Field(description="official answers, the accepted one first")
    peer_answers: list[AnswerOut] = Field(description="answers from other young people (青帮青)")
    timeline: list[TimelineEntryOut] | None = Field(
        description="oldest first; shown to staff of the platform or above and admins, else null"
    )
    my_rating: RatingOut | None = Field(
        description="the asker's latest rating of the answers, shown to the asker only"
    )

    @classmethod
    def of(cls, view: QuestionView, viewer: Viewer, names: Mapping[str, str]) -> QuestionDetailOut:
        """`names`: the nicknames of the asker and the young answerers, read once."""
        accepted = view.question.accepted_answer_id
        lineage = view.question.lineage
        staff = is_supervisor_of(viewer, lineage)

        def shown(answer: Answer) -> AnswerOut:
            return AnswerOut.of(answer, accepted, viewer, lineage, names)

        return cls(
            **QuestionOut.of(view.question, viewer, names).model_dump(),
            answers=[shown(a) for a in view.answers if a.official],
            peer_answers=[shown(a) for a in view.answers if not a.official],
            timeline=[TimelineEntryOut.of(e, viewer, lineage, names) for e in timeline(view)]
            if staff
            else None,
            my_rating=RatingOut(score=view.rating.score, comment=view.rating.comment)
            if view.rating
            else None,
        )


class QuestionPageOut(PageOut[QuestionOut]):
    """One page of questions, in full."""


class QuestionSummaryOut(Schema):
    """A feed entry a page renders alone: names beside the ids, the answer count, the start of
    the body and who asked."""

    id: str
    title: str
    topic: str
    topic_name: str = Field(description="the topic's Chinese name")
    platform_id: str
    platform_name: str
    status: Status
    created_at: Timestamp
    due_at: Timestamp
    answers: int = Field(description="official and peer answers shown")
    snippet: str = Field(description="the first characters of the body")
    asker: AuthorOut = Field(description="匿名 when asked anonymously; never a user id")

    @classmethod
    def of(cls, entry: ListEntry, names: ListedNames) -> QuestionSummaryOut:
        return cls(
            id=entry.question_id,
            title=entry.title,
            topic=entry.topic,
            topic_name=names.topics.get(entry.topic, entry.topic),
            platform_id=entry.platform_id,
            platform_name=names.platforms.get(entry.platform_id, entry.platform_id),
            status=Status(entry.status),
            created_at=entry.created_at,
            due_at=entry.due_at,
            answers=entry.answers,
            snippet=entry.excerpt,
            asker=AuthorOut.of(names.asker(entry.asker)),
        )


class QuestionSummaryPageOut(PageOut[QuestionSummaryOut]):
    """One page of a feed's question summaries."""


class AssignmentOut(Schema):
    question_id: str
    expert_id: str
    state: AssignmentState
    created_at: Timestamp
    reason: str | None
    title: str | None = Field(description="the question's; null on invitations from before")
    topic: str | None
    platform_id: str | None
    due_at: str | None = Field(description="when the question's first response is due")

    @classmethod
    def of(cls, assignment: Assignment) -> AssignmentOut:
        return cls(
            question_id=assignment.question_id,
            expert_id=assignment.expert_id,
            state=assignment.state,
            created_at=assignment.created_at,
            reason=assignment.reason,
            title=assignment.title,
            topic=assignment.topic,
            platform_id=assignment.platform_id,
            due_at=assignment.due_at,
        )


class AssignmentPageOut(PageOut[AssignmentOut]):
    """One page of an expert's invitations."""
