"""The question lifecycle: who may do what, and what each step does to a question."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from youthvoice.domain.access import is_staff_over, is_supervisor_of
from youthvoice.domain.case_records import SupervisionRecord, TimelineEvent
from youthvoice.domain.errors import Conflict, Forbidden, NotFound
from youthvoice.domain.identity import Principal, Role

TITLE_MIN, TITLE_MAX = 5, 100
BODY_MAX = 5_000
TAG_MAX, TAGS_MAX = 20, 10
RATING_MIN, RATING_MAX = 1, 5
COMMENT_MAX = 500
# Any reason a person gives: declining, flagging, extending a deadline, moderating.
REASON_MAX = 500
REOPENING_SCORES = frozenset({1, 2})
WELL_RATED_SCORE = 4


class Status(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"


AWAITING_RESPONSE = frozenset({Status.OPEN, Status.REOPENED})


class Visibility(StrEnum):
    VISIBLE = "visible"
    HELD = "held"
    REMOVED = "removed"


class AssignmentState(StrEnum):
    INVITED = "invited"
    ANSWERED = "answered"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Rating:
    score: int
    comment: str


@dataclass(frozen=True)
class Question:
    id: str
    asker: str
    anonymous: bool
    title: str
    body: str
    topic: str
    platform_id: str
    lineage: tuple[str, ...]
    tags: tuple[str, ...]
    status: Status
    created_at: str
    due_at: str
    assignees: tuple[str, ...]
    visibility: Visibility = Visibility.VISIBLE
    held_reason: str | None = None  # the word screen's category, shown to the asker only
    flag_count: int = 0
    accepted_answer_id: str | None = None
    round: int = 1
    rated_round: int = 0
    official_answers: int = 0
    peer_answers: int = 0
    answered_on_time: bool = False
    ratings: int = 0
    rating_sum: int = 0
    season_id: str | None = None
    escalation_level: int = -1
    escalate_at: str | None = None
    extended: bool = False
    close_reason: str | None = None
    duplicate_of: str | None = None
    version: int = 0

    @property
    def awaiting_response(self) -> bool:
        return self.status in AWAITING_RESPONSE

    @property
    def escalating(self) -> bool:
        """On the supervision clock: awaiting a response and visible (held ones wait for review)."""
        return self.awaiting_response and self.visibility is Visibility.VISIBLE

    @property
    def in_staff_queue(self) -> bool:
        return self.awaiting_response and not self.assignees


@dataclass(frozen=True)
class Answer:
    id: str
    question_id: str
    author: str
    official: bool
    body: str
    created_at: str
    visibility: Visibility = Visibility.VISIBLE
    held_reason: str | None = None  # the word screen's category, shown to the author only
    likes: int = 0
    on_time: bool = False
    accepted: bool = False
    well_rated: bool = False
    season_id: str | None = None
    asker: str = ""

    @property
    def counts(self) -> bool:
        return self.visibility is Visibility.VISIBLE


@dataclass(frozen=True)
class Assignment:
    """An invitation of one expert (by their user id) to answer one question."""

    question_id: str
    expert_id: str
    user_id: str
    topics: tuple[str, ...]
    state: AssignmentState
    created_at: str
    reason: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state is AssignmentState.INVITED


@dataclass(frozen=True)
class AnswerContext:
    """Where an answer lives, for platform-scoped decisions on it."""

    answer: Answer
    lineage: tuple[str, ...]


@dataclass(frozen=True)
class QuestionView:
    question: Question
    answers: list[Answer] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    flaggers: frozenset[str] = frozenset()
    supervision: list[SupervisionRecord] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)


@dataclass(frozen=True)
class ResponseClock:
    """When the first response is due, and when the experts get their reminder before that."""

    reminder_at: str
    due_at: str


Deadline = Callable[[dt.datetime], ResponseClock]


def on_new_clock(question: Question, clock: ResponseClock) -> Question:
    """A fresh clock (on asking, or on reopening) starts the ladder again from the bottom."""
    return dataclasses.replace(
        question,
        due_at=clock.due_at,
        escalate_at=clock.reminder_at,
        escalation_level=-1,
        extended=False,
    )


def can_see_hidden(viewer: Principal, question: Question) -> bool:
    """The asker and supervisors of the platform may see what moderation holds back."""
    return viewer.sub == question.asker or is_supervisor_of(viewer, question.lineage)


def can_see_asker(viewer: Principal, question: Question) -> bool:
    """An anonymous asker is known only to themself and the staff of the platform's ancestry."""
    return (
        not question.anonymous
        or viewer.sub == question.asker
        or is_staff_over(viewer, question.lineage)
    )


def require_readable(viewer: Principal, question: Question) -> None:
    """Hidden questions are 404 to others: their existence is not disclosed."""
    if question.visibility is not Visibility.VISIBLE and not can_see_hidden(viewer, question):
        raise NotFound(f"question {question.id} does not exist")


def visible_answers(viewer: Principal, question: Question, answers: list[Answer]) -> list[Answer]:
    shown = [
        a
        for a in answers
        if a.visibility is Visibility.VISIBLE
        or a.author == viewer.sub
        or (a.visibility is Visibility.HELD and is_supervisor_of(viewer, question.lineage))
    ]
    return sorted(
        shown,
        key=lambda a: (a.id != question.accepted_answer_id, not a.official, a.created_at, a.id),
    )


def answer_kind(author: Principal, question: Question) -> bool:
    """True for an official answer, False for a peer answer (青帮青); raises if not allowed."""
    if question.status is Status.CLOSED:
        raise Conflict(f"question {question.id} is closed ({question.close_reason})")
    if author.sub == question.asker:
        raise Forbidden("askers cannot answer their own question")
    if author.role in (Role.EXPERT, Role.ADMIN) or is_staff_over(author, question.lineage):
        return True
    if author.role is Role.STAFF:
        raise Forbidden("staff may answer only on their platform's subtree")
    return False


def record_answer(
    question: Question, answer: Answer, fulfilled: Assignment | None
) -> tuple[Question, Answer]:
    """A visible answer counts: an official one stops the clock (on time or not), a peer one not.

    Held answers count only once approved, when this is applied to them.
    """
    if not answer.counts:
        return question, answer
    if not answer.official:
        return dataclasses.replace(question, peer_answers=question.peer_answers + 1), answer
    on_time = question.awaiting_response and answer.created_at <= question.due_at
    first = question.official_answers == 0
    done = fulfilled.expert_id if fulfilled is not None else None
    counted = dataclasses.replace(
        question,
        status=Status.ANSWERED if question.awaiting_response else question.status,
        official_answers=question.official_answers + 1,
        assignees=tuple(a for a in question.assignees if a != done),
        answered_on_time=question.answered_on_time or (first and on_time),
    )
    return counted, dataclasses.replace(answer, on_time=on_time)


def require_asker(principal: Principal, question: Question, action: str) -> None:
    if principal.sub != question.asker:
        raise Forbidden(f"only the asker may {action}")


def accept(principal: Principal, question: Question, answer: Answer) -> Question:
    require_asker(principal, question, "accept an answer")
    if question.status is Status.CLOSED:
        raise Conflict(f"question {question.id} is closed ({question.close_reason})")
    if question.accepted_answer_id is not None:
        raise Conflict("an answer is already accepted")
    if answer.visibility is not Visibility.VISIBLE:
        raise NotFound(f"answer {answer.id} does not exist")
    return dataclasses.replace(question, accepted_answer_id=answer.id, status=Status.RESOLVED)


def well_rated(question: Question, answers: list[Answer], rating: Rating) -> list[Answer]:
    """A rating of 4 or 5 credits every official answer of the question not yet credited."""
    if rating.score < WELL_RATED_SCORE:
        return []
    return [
        dataclasses.replace(a, well_rated=True)
        for a in answers
        if a.official and a.counts and not a.well_rated
    ]


def rate(
    principal: Principal, question: Question, rating: Rating, now: dt.datetime, deadline: Deadline
) -> Question:
    """One rating per answer round; a low score reopens the question and restarts its clock."""
    require_asker(principal, question, "rate the answers")
    if question.status not in (Status.ANSWERED, Status.RESOLVED) or not question.official_answers:
        raise Conflict("a question can be rated only after an official answer")
    if question.rated_round == question.round:
        raise Conflict("this answer round is already rated")
    rated = dataclasses.replace(
        question,
        rated_round=question.round,
        ratings=question.ratings + 1,
        rating_sum=question.rating_sum + rating.score,
    )
    if rating.score in REOPENING_SCORES:
        reopened = dataclasses.replace(
            rated, round=question.round + 1, status=Status.REOPENED, accepted_answer_id=None
        )
        return on_new_clock(reopened, deadline(now))
    return rated
