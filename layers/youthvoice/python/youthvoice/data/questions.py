"""Reads of questions, answers and invitations across cases, and likes (kept off the case: a
like changes one answer's count, not the question)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from youthvoice.data import keys
from youthvoice.data.models import (
    AnswerItem,
    AssignmentItem,
    ContentItem,
    EventItem,
    FlagItem,
    IdempotencyItem,
    LikeItem,
    QuestionItem,
    SupervisionItem,
)
from youthvoice.data.pages import OWNER_INDEX, query_page
from youthvoice.data.platforms import of_kind
from youthvoice.data.transactions import Transaction
from youthvoice.domain.case_records import (
    EventKind,
    Level,
    RecordStatus,
    SupervisionRecord,
    TimelineEvent,
)
from youthvoice.domain.cases import Remembered
from youthvoice.domain.errors import Conflict, NotFound
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.people import AuthorKind
from youthvoice.domain.questions import (
    Answer,
    AnswerContext,
    Assignment,
    AssignmentState,
    GivenFlag,
    Like,
    Question,
    Status,
    Visibility,
)

T = TypeVar("T")
ItemT = TypeVar("ItemT")


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
        held_reason=item.held_reason,
        flag_count=int(item.flag_count),
        under_review=bool(item.under_review),
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
        reopens=int(item.reopens),
        answer_excerpt=item.answer_excerpt or "",
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
        held_reason=item.held_reason,
        likes=int(item.likes),
        on_time=bool(item.on_time),
        accepted=bool(item.accepted),
        well_rated=bool(item.well_rated),
        season_id=item.season_id,
        asker=item.asker,
        question_title=item.question_title,
        round=int(item.round),
        edited_at=item.edited_at,
        author_kind=AuthorKind(item.author_kind) if item.author_kind else None,
        author_name=item.author_name or "",
        author_ref=item.author_ref,
    )


def to_assignment(item: AssignmentItem) -> Assignment:
    return Assignment(
        question_id=item.question_id,
        expert_id=item.expert_id,
        user_id=item.user_id,
        topics=tuple(item.topics),
        state=AssignmentState(item.state),
        created_at=item.created_at,
        reason=item.reason,
        title=item.title,
        topic=item.topic,
        platform_id=item.platform_id,
        due_at=item.due_at,
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
        status=RecordStatus(item.status),
        closed_at=item.closed_at,
        outcome=item.outcome,
        department=item.department,
        question_due_at=item.question_due_at,
    )


def to_event(item: EventItem) -> TimelineEvent:
    return TimelineEvent(
        id=item.event_id,
        question_id=item.question_id,
        at=item.at,
        kind=EventKind(item.kind),
        actor=item.actor,
        detail=item.detail,
        recipients=tuple(item.recipients),
        level=None if item.level is None else Level(int(item.level)),
        title=item.title,
        actor_kind=AuthorKind(item.actor_kind) if item.actor_kind else None,
        actor_name=item.actor_name,
        actor_ref=item.actor_ref,
    )


def _given_by(
    partition: str, page: PageRequest, kind: type[ItemT], convert: Callable[[ItemT], T]
) -> Page[T]:
    """One of a person's own lists under `gsi1`, newest first."""
    return query_page(
        ContentItem.by_owner.query,
        OWNER_INDEX,
        partition,
        page,
        kind,
        convert,
        scan_index_forward=False,
    )


class QuestionRepository:
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

    def find_answer(self, answer_id: str) -> AnswerContext | None:
        for item in of_kind(
            ContentItem.across.query(keys.answer_lookup_pk(answer_id), limit=1), AnswerItem
        ):
            return AnswerContext(to_answer(item), tuple(item.lineage))
        return None

    def asked_by(self, user_id: str, page: PageRequest) -> Page[Question]:
        return _given_by(keys.asker_pk(user_id), page, QuestionItem, to_question)

    def answers_by(self, user_id: str, page: PageRequest) -> Page[Answer]:
        """Everything a person wrote as an answer, newest first, wherever it was asked."""
        return _given_by(keys.answers_by_pk(user_id), page, AnswerItem, to_answer)

    def likes_by(self, user_id: str, page: PageRequest) -> Page[Like]:
        return _given_by(
            keys.likes_by_pk(user_id),
            page,
            LikeItem,
            lambda item: Like(item.answer_id, item.question_id, item.liked_at),
        )

    def flags_by(self, user_id: str, page: PageRequest) -> Page[GivenFlag]:
        return _given_by(
            keys.flags_by_pk(user_id),
            page,
            FlagItem,
            lambda item: GivenFlag(item.item_id, item.reason, item.created_at),
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

    def remembered(self, user_id: str, key: str) -> Remembered | None:
        """What an Idempotency-Key already produced, if anything."""
        try:
            item = ContentItem.get(keys.idempotency_pk(user_id, key), keys.IDEMPOTENCY)
        except ContentItem.DoesNotExist:
            return None
        if not isinstance(item, IdempotencyItem):
            return None
        return Remembered(item.result_id, item.fingerprint)

    def like(self, question_id: str, answer_id: str, user_id: str, at: str) -> None:
        """The like marker and the answer's count change together; the marker makes it once.
        Only while the question is visible: an answer to a held or removed one earns nothing,
        and is refused as unknown, so the like does not reveal that the question exists."""
        unknown = NotFound(f"answer {answer_id} does not exist")
        transaction = Transaction()
        transaction.check(
            QuestionItem,
            keys.question_pk(question_id),
            keys.META,
            QuestionItem.visibility == str(Visibility.VISIBLE),
            refused=unknown,
        )
        transaction.insert(
            LikeItem(
                keys.like_pk(answer_id),
                keys.like_sk(user_id),
                answer_id=answer_id,
                user_id=user_id,
                question_id=question_id,
                liked_at=at,
                gsi1pk=keys.likes_by_pk(user_id),
                gsi1sk=keys.created_sort(at, answer_id),
            ),
            refused=Conflict("you already like this answer"),
        )
        transaction.update(
            AnswerItem(keys.question_pk(question_id), keys.answer_sk(answer_id)),
            actions=[AnswerItem.likes.add(1)],
            condition=AnswerItem.pk.exists(),
            refused=unknown,
        )
        transaction.commit()

    def forget_like(self, answer_id: str, user_id: str) -> None:
        """The marker only: the answer keeps its count, as published figures do."""
        LikeItem(keys.like_pk(answer_id), keys.like_sk(user_id)).delete()

    def unlike(self, question_id: str, answer_id: str, user_id: str) -> None:
        transaction = Transaction()
        transaction.delete(
            LikeItem(keys.like_pk(answer_id), keys.like_sk(user_id)),
            condition=LikeItem.pk.exists(),
            refused=NotFound("you have not liked this answer"),
        )
        transaction.update(
            AnswerItem(keys.question_pk(question_id), keys.answer_sk(answer_id)),
            actions=[AnswerItem.likes.add(-1)],
            condition=AnswerItem.pk.exists(),
            refused=NotFound(f"answer {answer_id} does not exist"),
        )
        transaction.commit()
