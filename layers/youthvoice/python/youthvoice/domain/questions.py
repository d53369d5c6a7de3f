"""The question lifecycle: who may do what, and what each step does to a question."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from youthvoice.domain.access import is_staff_over, is_supervisor_of
from youthvoice.domain.case_records import NOT_ESCALATED, SupervisionRecord, TimelineEvent
from youthvoice.domain.errors import Conflict, Forbidden, NotFound, indexed
from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.identity import Principal, Role, Viewer
from youthvoice.domain.people import UNNAMED_EXPERT, AuthorKind, Writer
from youthvoice.domain.quotas import Action
from youthvoice.domain.timestamps import iso

TITLE_MIN, TITLE_MAX = 5, 100
BODY_MAX = 5_000
TAG_MAX, TAGS_MAX = 20, 10
RATING_MIN, RATING_MAX = 1, 5
COMMENT_MAX = 500
# Any reason a person gives: declining, flagging, extending a deadline, moderating.
REASON_MAX = 500
REOPENING_SCORES = frozenset({1, 2})
MAX_REOPENS = 2
# Said both when a read shows the duplicate and when a uniqueness marker refuses it in a race.
ALREADY_ANSWERED = "you have already answered this round officially: edit that answer instead"
ALREADY_FLAGGED = "you have already flagged this question"
ALREADY_RATED = "this answer round is already rated"
EDIT_WINDOW = dt.timedelta(hours=24)
WELL_RATED_SCORE = 4
FLAGS_TO_HOLD = 3
ANSWER_EXCERPT = 200


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
    under_review: bool = False
    accepted_answer_id: str | None = None
    round: int = 1
    rated_round: int = 0
    official_answers: int = 0
    peer_answers: int = 0
    answered_on_time: bool = False
    ratings: int = 0
    rating_sum: int = 0
    season_id: str | None = None
    escalation_level: int = NOT_ESCALATED
    escalate_at: str | None = None
    extended: bool = False
    close_reason: str | None = None
    duplicate_of: str | None = None
    reopens: int = 0
    # The first lines of the accepted answer, or else of the first official one: searched with
    # the question and shown under it.
    answer_excerpt: str = ""
    version: int = 0

    @property
    def awaiting_response(self) -> bool:
        return self.status in AWAITING_RESPONSE

    @property
    def escalating(self) -> bool:
        """On the supervision clock: awaiting a response and visible (held ones wait for review)."""
        return self.awaiting_response and self.visibility is Visibility.VISIBLE


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
    question_title: str = ""  # for the asker's notification; empty on answers kept before it
    round: int = 1
    edited_at: str | None = None
    # How others see the author, recorded when written; None on answers kept before it.
    author_kind: AuthorKind | None = None
    author_name: str = ""
    author_ref: str | None = None  # the expert's id, or the staff desk's platform

    @property
    def counts(self) -> bool:
        return self.visibility is Visibility.VISIBLE

    def writer(self) -> Writer:
        """Answers kept before writers were recorded: an official one reads as an expert's."""
        kind = self.author_kind or (AuthorKind.EXPERT if self.official else AuthorKind.YOUNG_PERSON)
        name = self.author_name or (UNNAMED_EXPERT if kind is AuthorKind.EXPERT else "")
        return Writer(
            self.author,
            kind,
            name,
            expert_id=self.author_ref if kind is AuthorKind.EXPERT else None,
            platform_id=self.author_ref if kind is AuthorKind.STAFF else None,
        )

    def written_by(self, writer: Writer) -> Answer:
        return dataclasses.replace(
            self,
            author=writer.user_id,
            author_kind=writer.kind,
            author_name=writer.name,
            author_ref=writer.expert_id or writer.platform_id,
        )


@dataclass(frozen=True)
class Like:
    """A like as its giver's own record; `question_id` and `at` are None on likes kept before
    they were listed by giver."""

    answer_id: str
    question_id: str | None
    at: str | None


@dataclass(frozen=True)
class GivenFlag:
    """A flag as its giver's own record."""

    question_id: str
    reason: str
    at: str


@dataclass(frozen=True)
class Assignment:
    """An invitation of one expert (by their user id) to answer one question.

    It carries the question's title, topic, platform and due time so that an expert's queue
    reads in one Query; they are None on invitations written before they were kept."""

    question_id: str
    expert_id: str
    user_id: str
    topics: tuple[str, ...]
    state: AssignmentState
    created_at: str
    reason: str | None = None
    title: str | None = None
    topic: str | None = None
    platform_id: str | None = None
    due_at: str | None = None

    def of_question(self, question: Question) -> Assignment:
        """The invitation with the question's current title, topic, platform and due time."""
        return dataclasses.replace(
            self,
            title=question.title,
            topic=question.topic,
            platform_id=question.platform_id,
            due_at=question.due_at,
        )

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
    rating: Rating | None = None  # the latest round's, the only one the figures keep


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
        escalation_level=NOT_ESCALATED,
        extended=False,
    )


def can_see_hidden(viewer: Viewer, question: Question) -> bool:
    """The asker and supervisors of the platform may see what moderation holds back."""
    return viewer is not None and (
        viewer.sub == question.asker or is_supervisor_of(viewer, question.lineage)
    )


def require_readable(viewer: Viewer, question: Question) -> None:
    """Hidden questions are 404 to others: their existence is not disclosed."""
    if question.visibility is not Visibility.VISIBLE and not can_see_hidden(viewer, question):
        raise NotFound(f"question {question.id} does not exist")


def visible_answers(viewer: Viewer, question: Question, answers: list[Answer]) -> list[Answer]:
    shown = [
        a
        for a in answers
        if a.visibility is Visibility.VISIBLE
        or (
            viewer is not None
            and (
                a.author == viewer.sub
                or (a.visibility is Visibility.HELD and is_supervisor_of(viewer, question.lineage))
            )
        )
    ]
    return sorted(
        shown,
        key=lambda a: (a.id != question.accepted_answer_id, not a.official, a.created_at, a.id),
    )


def answer_kind(
    author: Principal, question: Question, profile: Expert | None, invited: bool
) -> bool:
    """True for an official answer, False for a peer answer (青帮青); raises if not allowed.

    Official answers stop the clock and earn points, so they come only from staff in scope,
    admins, and active registered experts who were invited or serve the topic on the lineage."""
    if question.status is Status.CLOSED:
        raise Conflict(f"question {question.id} is closed ({question.close_reason})")
    if author.sub == question.asker:
        raise Forbidden("askers cannot answer their own question")
    if author.role is Role.ADMIN or is_staff_over(author, question.lineage):
        return True
    if author.role is Role.STAFF:
        raise Forbidden("staff may answer only on their platform's subtree")
    if author.role is not Role.EXPERT:
        return False
    if profile is None:
        raise Forbidden("only registered experts answer officially: you have no expert profile")
    if profile.status is not ExpertStatus.ACTIVE:
        raise Forbidden("your expert profile is paused: it cannot answer officially")
    serves_topic = profile.platform_id in question.lineage and question.topic in profile.topics
    if not (invited or serves_topic):
        raise Forbidden(
            f"you are neither invited to this question nor registered for topic "
            f"{question.topic} on its platforms"
        )
    return True


def answer_quota(author: Principal) -> Action:
    """What an answer spends, known before its question is read: a young person's answer can
    only be a peer answer (`answer_kind`), which has hourly and daily quotas of its own."""
    return Action.PEER_ANSWER if author.role is Role.YOUTH else Action.ANSWER


def open_to_peer_answers(question: Question) -> bool:
    """What must still hold when a peer answer is stored, checked by the store in the same write:
    the question is not closed and is visible (only the asker and supervisors read a hidden one,
    and neither answers as a peer)."""
    return question.status is not Status.CLOSED and question.visibility is Visibility.VISIBLE


def require_first_official(author: str, question: Question, answers: list[Answer]) -> None:
    """One official answer per expert per round: a change to it is an edit, not another answer."""
    if any(a.official and a.author == author and a.round == question.round for a in answers):
        raise Conflict(ALREADY_ANSWERED)


def edit_answer(author: Principal, answer: Answer, body: str, now: dt.datetime) -> Answer:
    """Only the author, within a day of answering; the edit is on the case's timeline."""
    if answer.author != author.sub:
        raise Forbidden("only the author may edit an answer")
    if answer.visibility is Visibility.REMOVED:
        raise NotFound(f"answer {answer.id} does not exist")
    if now - dt.datetime.fromisoformat(answer.created_at) > EDIT_WINDOW:
        raise Conflict("an answer can be edited only within 24 hours of posting it")
    return dataclasses.replace(answer, body=body, edited_at=iso(now))


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
        answer_excerpt=question.answer_excerpt or answer.body[:ANSWER_EXCERPT],
    )
    return counted, dataclasses.replace(answer, on_time=on_time)


def with_answer_excerpt(question: Question, answers: list[Answer], changed: Answer) -> Question:
    """The question showing the current text of the accepted answer, or else of the first
    visible official one, once `changed` replaces its old version among `answers`: an edit, an
    approval or a removal of the answer shown changes what the index searches and shows."""
    current = [changed if a.id == changed.id else a for a in answers]
    visible = [a for a in current if a.counts]
    accepted = [a for a in visible if a.id == question.accepted_answer_id]
    official = sorted((a for a in visible if a.official), key=lambda a: (a.created_at, a.id))
    shown = (accepted or official)[:1]
    return dataclasses.replace(
        question, answer_excerpt=shown[0].body[:ANSWER_EXCERPT] if shown else ""
    )


def require_asker(principal: Principal, question: Question, action: str) -> None:
    if principal.sub != question.asker:
        raise Forbidden(f"only the asker may {action}")


def require_changeable(
    principal: Principal, question: Question, answers: list[Answer], action: str
) -> None:
    """The asker may change or withdraw a question only while it awaits its first official
    answer: once an expert has answered (even while the answer is held), the question is what
    they answered."""
    require_asker(principal, question, f"{action} the question")
    if question.status is Status.CLOSED:
        raise Conflict(f"question {question.id} is closed ({question.close_reason})")
    if question.visibility is Visibility.REMOVED:
        raise Conflict(f"question {question.id} was removed by moderation")
    if any(a.official and a.visibility is not Visibility.REMOVED for a in answers):
        raise Conflict(
            f"question {question.id} has an official answer: the asker can no longer {action} it"
        )
    if not question.awaiting_response:
        raise Conflict(f"question {question.id} is {question.status}: it can no longer change")


@dataclass(frozen=True)
class QuestionEdit:
    """What an asker may change; None keeps the current value. Topic and platform stay: they
    decided who was invited."""

    title: str | None = None
    body: str | None = None
    tags: tuple[str, ...] | None = None

    @property
    def texts(self) -> dict[str, str]:
        """The texts it changes, named by their fields."""
        given = {"title": self.title, "body": self.body, **indexed("tags", self.tags or ())}
        return {name: text for name, text in given.items() if text is not None}


def edit_question(
    principal: Principal, question: Question, answers: list[Answer], edit: QuestionEdit
) -> Question:
    require_changeable(principal, question, answers, "edit")
    return dataclasses.replace(
        question,
        title=question.title if edit.title is None else edit.title.strip(),
        body=question.body if edit.body is None else edit.body,
        tags=question.tags if edit.tags is None else edit.tags,
    )


def accept(principal: Principal, question: Question, answer: Answer) -> Question:
    require_asker(principal, question, "accept an answer")
    if question.status is Status.CLOSED:
        raise Conflict(f"question {question.id} is closed ({question.close_reason})")
    if question.accepted_answer_id is not None:
        raise Conflict("an answer is already accepted")
    if answer.visibility is not Visibility.VISIBLE:
        raise NotFound(f"answer {answer.id} does not exist")
    return dataclasses.replace(
        question,
        accepted_answer_id=answer.id,
        status=Status.RESOLVED,
        answer_excerpt=answer.body[:ANSWER_EXCERPT],
    )


def acceptance_changes(question: Question, answers: list[Answer]) -> list[Answer]:
    """Only the answer the question names as accepted holds the accepted-answer points: each
    answer whose flag says otherwise, corrected. A reopen takes the flag (and the points) back
    from the answer accepted before, and accepting another answer moves it."""
    return [
        dataclasses.replace(a, accepted=not a.accepted)
        for a in answers
        if a.accepted != (a.id == question.accepted_answer_id)
    ]


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
    """One rating per answer round, and the figures keep only the latest; a low score reopens
    the question and restarts its clock, at most MAX_REOPENS times."""
    require_asker(principal, question, "rate the answers")
    if question.status not in (Status.ANSWERED, Status.RESOLVED) or not question.official_answers:
        raise Conflict("a question can be rated only after an official answer")
    if question.rated_round == question.round:
        raise Conflict(ALREADY_RATED)
    rated = dataclasses.replace(
        question, rated_round=question.round, ratings=1, rating_sum=rating.score
    )
    if rating.score in REOPENING_SCORES and question.reopens < MAX_REOPENS:
        reopened = dataclasses.replace(
            rated,
            round=question.round + 1,
            status=Status.REOPENED,
            accepted_answer_id=None,
            reopens=question.reopens + 1,
        )
        return on_new_clock(reopened, deadline(now))
    return rated


def needs_staff_review(rated: Question, rating: Rating) -> bool:
    """A low rating that may no longer reopen the question goes to the platform's staff."""
    return rating.score in REOPENING_SCORES and rated.status is not Status.REOPENED


def flagged(question: Question) -> Question:
    """One more flag. At FLAGS_TO_HOLD, a question still awaiting its answer is held for review;
    an answered one stays visible and only joins the moderation queue, so flags cannot hide
    answers people have been given."""
    count = question.flag_count + 1
    counted = dataclasses.replace(question, flag_count=count)
    if count < FLAGS_TO_HOLD or question.visibility is not Visibility.VISIBLE:
        return counted
    if question.awaiting_response:
        return dataclasses.replace(counted, visibility=Visibility.HELD)
    return dataclasses.replace(counted, under_review=True)
