"""Questions, answers, invitations, ratings, flags and likes: each change is one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from youthvoice.data import keys
from youthvoice.data.connection import shared_connection
from youthvoice.data.models import (
    AnswerItem,
    AssignmentItem,
    ContentItem,
    EventItem,
    FlagItem,
    IdempotencyItem,
    LikeItem,
    QuestionItem,
    RatingItem,
    RouteItem,
    SupervisionItem,
)
from youthvoice.data.pages import OWNER_INDEX, query_page
from youthvoice.data.platforms import of_kind
from youthvoice.domain.errors import Conflict
from youthvoice.domain.escalation import Level, SupervisionRecord, TimelineEvent
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.questions import (
    ANSWERED_STATE,
    INVITED,
    Answer,
    Assignment,
    Question,
    QuestionView,
    Rating,
    Status,
    Visibility,
)
from youthvoice.domain.routing import Candidate


class StaleWrite(Conflict):
    """A concurrent change won the race; the service re-reads and tries again."""


def to_question(item: QuestionItem) -> Question:
    return Question(
        id=item.question_id,
        asker=item.asker,
        anonymous=bool(item.anonymous),
        title=item.title,
        body=item.body,
        topic=item.topic,
        platform_id=item.platform_id,
        lineage=tuple(item.lineage),
        tags=tuple(item.tags),
        status=Status(item.status),
        created_at=item.created_at,
        due_at=str(item.due_at),
        assignees=tuple(item.assignees),
        visibility=Visibility(item.visibility),
        flag_count=int(item.flag_count),
        accepted_answer_id=item.accepted_answer_id,
        round=int(item.round),
        rated_round=int(item.rated_round),
        official_answers=int(item.official_answers),
        peer_answers=int(item.peer_answers),
        answered_on_time=bool(item.answered_on_time),
        ratings=int(item.ratings),
        rating_sum=int(item.rating_sum),
        season_id=item.season_id,
        escalation_level=int(item.escalation_level),
        escalate_at=item.escalate_at,
        extended=bool(item.extended),
        close_reason=item.close_reason,
        duplicate_of=item.duplicate_of,
        version=int(item.version or 0),
    )


def to_answer(item: AnswerItem) -> Answer:
    return Answer(
        id=item.answer_id,
        question_id=item.question_id,
        author=item.author,
        official=bool(item.official),
        body=item.body,
        created_at=item.created_at,
        visibility=Visibility(item.visibility),
        likes=int(item.likes),
        on_time=bool(item.on_time),
        accepted=bool(item.accepted),
        well_rated=bool(item.well_rated),
        season_id=item.season_id,
        asker=item.asker,
    )


def to_assignment(item: AssignmentItem) -> Assignment:
    return Assignment(
        question_id=item.question_id,
        expert_id=item.expert_id,
        user_id=item.user_id,
        topics=tuple(item.topics),
        state=item.state,
        created_at=item.created_at,
        reason=item.reason,
    )


def to_record(item: SupervisionItem) -> SupervisionRecord:
    return SupervisionRecord(
        question_id=item.question_id,
        round=int(item.round),
        level=Level(int(item.level)),
        platform_id=item.platform_id,
        lineage=tuple(item.lineage),
        title=item.title,
        topic=item.topic,
        opened_at=item.opened_at,
        due_at=str(item.due_at),
        status=item.status,
        closed_at=item.closed_at,
        outcome=item.outcome,
        department=item.department,
    )


def to_event(item: EventItem) -> TimelineEvent:
    return TimelineEvent(
        id=item.event_id,
        question_id=item.question_id,
        at=item.at,
        kind=item.kind,
        actor=item.actor,
        detail=item.detail,
        recipients=tuple(item.recipients),
        level=None if item.level is None else int(item.level),
        title=item.title,
    )


def _record_item(record: SupervisionRecord) -> SupervisionItem:
    return SupervisionItem(
        keys.question_pk(record.question_id),
        keys.supervision_sk(record.round, record.level),
        question_id=record.question_id,
        round=record.round,
        level=int(record.level),
        platform_id=record.platform_id,
        lineage=list(record.lineage),
        title=record.title,
        topic=record.topic,
        opened_at=record.opened_at,
        due_at=record.due_at,
        status=record.status,
        closed_at=record.closed_at,
        outcome=record.outcome,
        department=record.department,
    )


def _event_item(event: TimelineEvent) -> EventItem:
    return EventItem(
        keys.question_pk(event.question_id),
        keys.event_sk(event.at, event.id),
        event_id=event.id,
        question_id=event.question_id,
        at=event.at,
        kind=event.kind,
        actor=event.actor,
        detail=event.detail,
        recipients=list(event.recipients),
        level=event.level,
        title=event.title,
    )


@dataclass(frozen=True)
class AnswerContext:
    """Where an answer lives, for platform-scoped decisions on it."""

    answer: Answer
    lineage: tuple[str, ...]


class QuestionRepository:
    def __init__(self, due_shards: int) -> None:
        self._due_shards = due_shards
        self._connection = shared_connection()

    # Reads

    def view(self, question_id: str) -> QuestionView | None:
        """The question, its answers and its invitations: one Query on one partition."""
        question: Question | None = None
        answers: list[Answer] = []
        assignments: list[Assignment] = []
        flaggers: set[str] = set()
        records: list[SupervisionRecord] = []
        events: list[TimelineEvent] = []
        for item in ContentItem.query(keys.question_pk(question_id)):
            if isinstance(item, QuestionItem):
                question = to_question(item)
            elif isinstance(item, AnswerItem):
                answers.append(to_answer(item))
            elif isinstance(item, AssignmentItem):
                assignments.append(to_assignment(item))
            elif isinstance(item, FlagItem):
                flaggers.add(item.user_id)
            elif isinstance(item, SupervisionItem):
                records.append(to_record(item))
            elif isinstance(item, EventItem):
                events.append(to_event(item))
        if question is None:
            return None
        return QuestionView(question, answers, assignments, frozenset(flaggers), records, events)

    def due(self, shard: int, as_of: str) -> Iterator[Question]:
        """Questions whose next rung is due, on one shard of the sparse index: a Query."""
        for item in of_kind(
            ContentItem.by_due.query(keys.due_shard_pk(shard), ContentItem.escalate_at <= as_of),
            QuestionItem,
        ):
            yield to_question(item)

    def asked_on(self, platform_id: str) -> Iterator[Question]:
        """A platform's own questions (not its subtree's), for recounts: a Query, never a Scan."""
        for item in of_kind(
            ContentItem.across.query(keys.platform_questions_pk(platform_id)), QuestionItem
        ):
            yield to_question(item)

    def answers_to(self, question_id: str) -> list[Answer]:
        return [
            to_answer(item)
            for item in of_kind(
                ContentItem.query(keys.question_pk(question_id), ContentItem.sk.startswith("A#")),
                AnswerItem,
            )
        ]

    def find_answer(self, answer_id: str) -> AnswerContext | None:
        for item in of_kind(
            ContentItem.across.query(keys.answer_lookup_pk(answer_id), limit=1), AnswerItem
        ):
            return AnswerContext(to_answer(item), tuple(item.lineage))
        return None

    def asked_by(self, user_id: str, page: PageRequest) -> Page[Question]:
        return query_page(
            ContentItem.by_owner.query,
            OWNER_INDEX,
            keys.asker_pk(user_id),
            page,
            QuestionItem,
            to_question,
            scan_index_forward=False,
        )

    def invitations_of(self, user_id: str, page: PageRequest) -> Page[Assignment]:
        return query_page(
            ContentItem.by_owner.query,
            OWNER_INDEX,
            keys.queue_pk(user_id),
            page,
            AssignmentItem,
            to_assignment,
        )

    # Writes

    def _question_item(self, question: Question) -> QuestionItem:
        on_clock = question.escalating and question.escalate_at is not None
        item = QuestionItem(
            keys.question_pk(question.id),
            keys.META,
            question_id=question.id,
            asker=question.asker,
            anonymous=question.anonymous,
            title=question.title,
            body=question.body,
            topic=question.topic,
            platform_id=question.platform_id,
            lineage=list(question.lineage),
            tags=list(question.tags),
            status=str(question.status),
            created_at=question.created_at,
            due_at=question.due_at,
            due_shard=keys.due_shard(question.id, self._due_shards) if on_clock else None,
            escalate_at=question.escalate_at if on_clock else None,
            escalation_level=question.escalation_level,
            extended=question.extended,
            close_reason=question.close_reason,
            duplicate_of=question.duplicate_of,
            assignees=list(question.assignees),
            visibility=str(question.visibility),
            flag_count=question.flag_count,
            accepted_answer_id=question.accepted_answer_id,
            round=question.round,
            rated_round=question.rated_round,
            official_answers=question.official_answers,
            peer_answers=question.peer_answers,
            answered_on_time=question.answered_on_time,
            ratings=question.ratings,
            rating_sum=question.rating_sum,
            season_id=question.season_id,
            gsi1pk=keys.asker_pk(question.asker),
            gsi1sk=keys.created_sort(question.created_at, question.id),
            gsi2pk=keys.platform_questions_pk(question.platform_id),
            gsi2sk=keys.created_sort(question.created_at, question.id),
        )
        if question.version:
            # The save is conditional on this version: a concurrent change makes it a StaleWrite.
            item.version = question.version
        return item

    @staticmethod
    def _assignment_item(assignment: Assignment) -> AssignmentItem:
        return AssignmentItem(
            keys.question_pk(assignment.question_id),
            keys.assignment_sk(assignment.user_id),
            question_id=assignment.question_id,
            expert_id=assignment.expert_id,
            user_id=assignment.user_id,
            topics=list(assignment.topics),
            state=assignment.state,
            created_at=assignment.created_at,
            reason=assignment.reason,
            gsi1pk=keys.queue_pk(assignment.user_id),
            gsi1sk=keys.queue_sort(
                assignment.is_open, assignment.created_at, assignment.question_id
            ),
        )

    @staticmethod
    def _change_load(
        transaction: TransactWrite, expert_id: str, topics: Iterable[str], amount: int
    ) -> None:
        for topic in topics:
            transaction.update(
                RouteItem(keys.expert_pk(expert_id), keys.route_sk(topic)),
                actions=[RouteItem.open_assignments.add(amount)],
                condition=RouteItem.pk.exists(),
            )

    def _commit(self, build: Any, conflict_message: str) -> None:
        try:
            with TransactWrite(connection=self._connection) as transaction:
                build(transaction)
        except TransactWriteError as error:
            if any(reason is not None for reason in error.cancellation_reasons):
                raise StaleWrite(conflict_message) from None
            raise

    def put_all(self, questions: Iterable[Question]) -> None:
        """Bulk load without transactions or invitations: for migrations and benchmarks."""
        with QuestionItem.batch_write() as batch:
            for question in questions:
                batch.save(self._question_item(question))

    def save_question(
        self,
        question: Question,
        at: str,
        invited: Sequence[Candidate] = (),
        closed: Sequence[Assignment] = (),
        extra: Sequence[ContentItem] = (),
        answers: Sequence[Answer] = (),
        records: Sequence[SupervisionRecord] = (),
        events: Sequence[TimelineEvent] = (),
    ) -> None:
        """Question, invitations (new ones add load, closed ones release it), answers' flags,
        supervision records, timeline events and new items (ratings, flags) commit together or
        not at all."""

        def build(transaction: TransactWrite) -> None:
            transaction.save(self._question_item(question))
            for answer in answers:
                transaction.update(
                    AnswerItem(keys.question_pk(question.id), keys.answer_sk(answer.id)),
                    actions=[
                        AnswerItem.visibility.set(str(answer.visibility)),
                        AnswerItem.on_time.set(answer.on_time),
                        AnswerItem.accepted.set(answer.accepted),
                        AnswerItem.well_rated.set(answer.well_rated),
                    ],
                    condition=AnswerItem.pk.exists(),
                )
            for candidate in invited:
                assignment = Assignment(
                    question.id,
                    candidate.expert_id,
                    candidate.user_id,
                    candidate.topics,
                    INVITED,
                    at,
                )
                transaction.save(self._assignment_item(assignment))
                self._change_load(transaction, candidate.expert_id, candidate.topics, 1)
            for assignment in closed:
                transaction.save(self._assignment_item(assignment))
                self._change_load(transaction, assignment.expert_id, assignment.topics, -1)
            for record in records:
                transaction.save(_record_item(record))
            for item in [*extra, *(_event_item(e) for e in events)]:
                transaction.save(item, condition=ContentItem.pk.does_not_exist())

        self._commit(build, f"question {question.id} changed meanwhile")

    def add_answer(
        self,
        question: Question,
        answer: Answer,
        lineage: Sequence[str],
        answered_assignment: Assignment | None,
        idempotency: tuple[str, str] | None,
        idempotency_expiry: dt.datetime,
        records: Sequence[SupervisionRecord] = (),
    ) -> None:
        """Answer, question status and invitation change commit as one, or not at all."""
        item = AnswerItem(
            keys.question_pk(question.id),
            keys.answer_sk(answer.id),
            answer_id=answer.id,
            question_id=question.id,
            author=answer.author,
            official=answer.official,
            body=answer.body,
            created_at=answer.created_at,
            visibility=str(answer.visibility),
            likes=0,
            on_time=answer.on_time,
            season_id=answer.season_id,
            asker=question.asker,
            platform_id=question.platform_id,
            lineage=list(lineage),
            gsi2pk=keys.answer_lookup_pk(answer.id),
            gsi2sk=keys.ANSWER_LOOKUP_SK,
        )
        extra: list[ContentItem] = [item]
        if idempotency is not None:
            extra.append(
                IdempotencyItem(
                    keys.idempotency_pk(*idempotency),
                    keys.IDEMPOTENCY,
                    result_id=answer.id,
                    expires_at=idempotency_expiry,
                )
            )
        closed = []
        if answered_assignment is not None:
            closed.append(dataclasses.replace(answered_assignment, state=ANSWERED_STATE))
        self.save_question(question, answer.created_at, closed=closed, extra=extra, records=records)

    def remembered(self, user_id: str, key: str) -> str | None:
        """The id an Idempotency-Key already produced, if any."""
        try:
            item = ContentItem.get(keys.idempotency_pk(user_id, key), keys.IDEMPOTENCY)
        except ContentItem.DoesNotExist:
            return None
        return item.result_id if isinstance(item, IdempotencyItem) else None

    def rating_item(self, question: Question, rating: Rating, at: str) -> RatingItem:
        return RatingItem(
            keys.question_pk(question.id),
            keys.rating_sk(question.rated_round),
            question_id=question.id,
            score=rating.score,
            comment=rating.comment,
            created_at=at,
        )

    def flag_item(self, question: Question, user_id: str, reason: str, at: str) -> FlagItem:
        return FlagItem(
            keys.question_pk(question.id),
            keys.flag_sk(question.id, user_id),
            item_id=question.id,
            user_id=user_id,
            reason=reason,
            created_at=at,
        )

    def set_answer_visibility(self, question_id: str, answer_id: str, visibility: str) -> None:
        AnswerItem(keys.question_pk(question_id), keys.answer_sk(answer_id)).update(
            actions=[AnswerItem.visibility.set(visibility)], condition=AnswerItem.pk.exists()
        )

    def like(self, question_id: str, answer_id: str, user_id: str) -> None:
        def build(transaction: TransactWrite) -> None:
            transaction.save(
                LikeItem(
                    keys.like_pk(answer_id),
                    keys.like_sk(user_id),
                    answer_id=answer_id,
                    user_id=user_id,
                ),
                condition=LikeItem.pk.does_not_exist(),
            )
            transaction.update(
                AnswerItem(keys.question_pk(question_id), keys.answer_sk(answer_id)),
                actions=[AnswerItem.likes.add(1)],
                condition=AnswerItem.pk.exists(),
            )

        self._commit(build, "you already like this answer")

    def unlike(self, question_id: str, answer_id: str, user_id: str) -> None:
        def build(transaction: TransactWrite) -> None:
            transaction.delete(
                LikeItem(keys.like_pk(answer_id), keys.like_sk(user_id)),
                condition=LikeItem.pk.exists(),
            )
            transaction.update(
                AnswerItem(keys.question_pk(question_id), keys.answer_sk(answer_id)),
                actions=[AnswerItem.likes.add(-1)],
                condition=AnswerItem.pk.exists(),
            )

        self._commit(build, "you do not like this answer")
