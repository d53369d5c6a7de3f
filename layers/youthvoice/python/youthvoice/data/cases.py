"""The case store: a question's partition read in one Query, and a use case's changes to it
written in one transaction conditional on the question's version; a peer answer in one of its
own, conditional only on the question being open to it (`domain/cases.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.expressions.update import Action

from youthvoice.data import keys
from youthvoice.data.audit import record_in
from youthvoice.data.models import (
    AnswerItem,
    AssignmentItem,
    ContentItem,
    EventItem,
    FlagItem,
    IdempotencyItem,
    OfficialAnswerItem,
    QuestionItem,
    RatingItem,
    RouteItem,
    SupervisionItem,
)
from youthvoice.data.questions import to_answer, to_assignment, to_event, to_question, to_record
from youthvoice.data.transactions import Transaction
from youthvoice.domain.case_records import SupervisionRecord, TimelineEvent
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import ConcurrentChange, Conflict, IdempotencyKeyUsed
from youthvoice.domain.people import ERASED_USER
from youthvoice.domain.questions import (
    ALREADY_ANSWERED,
    ALREADY_FLAGGED,
    ALREADY_RATED,
    Answer,
    Assignment,
    AssignmentState,
    Question,
    QuestionView,
    Rating,
    Status,
    Visibility,
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
        question_due_at=record.question_due_at,
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
        actor_kind=str(event.actor_kind) if event.actor_kind else None,
        actor_name=event.actor_name,
        actor_ref=event.actor_ref,
    )


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
        title=assignment.title,
        topic=assignment.topic,
        platform_id=assignment.platform_id,
        due_at=assignment.due_at,
        gsi1pk=keys.queue_pk(assignment.user_id),
        gsi1sk=keys.queue_sort(assignment.is_open, assignment.created_at, assignment.question_id),
    )


def _answer_item(answer: Answer, question: Question) -> AnswerItem:
    return AnswerItem(
        keys.question_pk(question.id),
        keys.answer_sk(answer.id),
        answer_id=answer.id,
        question_id=question.id,
        author=answer.author,
        official=answer.official,
        body=answer.body,
        created_at=answer.created_at,
        visibility=str(answer.visibility),
        held_reason=answer.held_reason,
        likes=0,
        on_time=answer.on_time,
        season_id=answer.season_id,
        asker=question.asker,
        question_title=question.title,
        platform_id=question.platform_id,
        lineage=list(question.lineage),
        round=answer.round,
        author_kind=str(answer.author_kind) if answer.author_kind else None,
        author_name=answer.author_name,
        author_ref=answer.author_ref,
        gsi1pk=keys.answers_by_pk(answer.author),
        gsi1sk=keys.created_sort(answer.created_at, answer.id),
        gsi2pk=keys.answer_lookup_pk(answer.id),
        gsi2sk=keys.ANSWER_LOOKUP_SK,
    )


def _erasure_actions(answer: Answer) -> list[Action]:
    """An answer whose writer or asker erased themselves leaves their lists (`gsi1`)."""
    if ERASED_USER not in (answer.author, answer.asker):
        return []
    actions: list[Action] = [AnswerItem.asker.set(answer.asker)]
    if answer.author == ERASED_USER:
        actions += [
            AnswerItem.author.set(ERASED_USER),
            AnswerItem.author_kind.set(str(answer.author_kind)),
            AnswerItem.author_name.set(""),
            AnswerItem.author_ref.remove(),
            AnswerItem.gsi1pk.remove(),
            AnswerItem.gsi1sk.remove(),
        ]
    return actions


def _assignments_to_write(case: Case, invitations: list[Assignment]) -> list[Assignment]:
    """New and ended invitations, and open ones whose copy of the question's title, topic,
    platform or due time is out of date, each with the question's current values."""
    ended = {a.user_id for a in case.ended}
    written = [a.of_question(case.question) for a in [*invitations, *case.ended]]
    stale = [
        a.of_question(case.question)
        for a in case.open_invitations()
        if a.user_id not in ended and a.of_question(case.question) != a
    ]
    return [*written, *stale]


class CaseRepository:
    def __init__(self, due_shards: int) -> None:
        self._due_shards = due_shards

    def view(self, question_id: str) -> QuestionView | None:
        """The question, its answers and its invitations: one Query on one partition."""
        question: Question | None = None
        answers: list[Answer] = []
        assignments: list[Assignment] = []
        flaggers: set[str] = set()
        records: list[SupervisionRecord] = []
        events: list[TimelineEvent] = []
        rating: Rating | None = None
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
            elif isinstance(item, RatingItem):
                rating = Rating(int(item.score), item.comment)  # rounds ascend: the last is latest
        if question is None:
            return None
        return QuestionView(
            question, answers, assignments, frozenset(flaggers), records, events, rating
        )

    def _question_item(self, question: Question) -> QuestionItem:
        on_clock = question.escalating and question.escalate_at is not None
        erased = question.asker == ERASED_USER
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
            reopens=question.reopens,
            answer_excerpt=question.answer_excerpt,
            assignees=list(question.assignees),
            visibility=str(question.visibility),
            held_reason=question.held_reason,
            flag_count=question.flag_count,
            under_review=question.under_review,
            accepted_answer_id=question.accepted_answer_id,
            round=question.round,
            rated_round=question.rated_round,
            official_answers=question.official_answers,
            peer_answers=question.peer_answers,
            answered_on_time=question.answered_on_time,
            ratings=question.ratings,
            rating_sum=question.rating_sum,
            season_id=question.season_id,
            gsi1pk=None if erased else keys.asker_pk(question.asker),
            gsi1sk=None if erased else keys.created_sort(question.created_at, question.id),
            gsi2pk=keys.platform_questions_pk(question.platform_id),
            gsi2sk=keys.created_sort(question.created_at, question.id),
        )
        if question.version:
            # The save is conditional on this version: a concurrent change makes it fail.
            item.version = question.version
        return item

    def put_all(self, questions: Iterable[Question]) -> None:
        """Bulk load without transactions or invitations: for migrations and benchmarks."""
        with QuestionItem.batch_write() as batch:
            for question in questions:
                batch.save(self._question_item(question))

    def commit(self, case: Case) -> None:
        """Everything the case changed, or nothing: the question (on its version and its count of
        peer answers, which a peer answer changes without the version), answers, invitations and
        the experts' loads, records, the timeline and the uniqueness markers (a rating per
        round, a flag per user, an Idempotency-Key per user)."""
        if case.peer_answer is not None:
            self._commit_peer_answer(case, case.peer_answer)
            return
        question = case.question
        transaction = Transaction()
        read = case.view.question
        transaction.save(
            self._question_item(question),
            condition=(QuestionItem.peer_answers == read.peer_answers if read.version else None),
            refused=ConcurrentChange(f"question {question.id} changed meanwhile; try again"),
        )
        for answer in case.answers_to_write():
            edit = [AnswerItem.edited_at.set(answer.edited_at)] if answer.edited_at else []
            transaction.update(
                AnswerItem(keys.question_pk(question.id), keys.answer_sk(answer.id)),
                actions=[
                    *edit,
                    *_erasure_actions(answer),
                    AnswerItem.body.set(answer.body),
                    AnswerItem.visibility.set(str(answer.visibility)),
                    AnswerItem.on_time.set(answer.on_time),
                    AnswerItem.accepted.set(answer.accepted),
                    AnswerItem.well_rated.set(answer.well_rated),
                    AnswerItem.question_title.set(question.title),
                ],
                condition=AnswerItem.pk.exists(),
                refused=Conflict(f"answer {answer.id} no longer exists"),
            )
        if case.new_answer is not None:
            transaction.insert(
                _answer_item(case.new_answer, question),
                refused=Conflict(f"answer {case.new_answer.id} exists already"),
            )
        if case.new_answer is not None and case.new_answer.official:
            transaction.insert(
                OfficialAnswerItem(
                    keys.question_pk(question.id),
                    keys.official_answer_sk(case.new_answer.round, case.new_answer.author),
                    answer_id=case.new_answer.id,
                ),
                refused=Conflict(ALREADY_ANSWERED),
            )
        _remember(transaction, case, case.new_answer)
        invitations = [
            Assignment(
                question.id,
                candidate.expert_id,
                candidate.user_id,
                candidate.topics,
                AssignmentState.INVITED,
                case.at,
            )
            for candidate in case.invited
        ]
        for assignment in _assignments_to_write(case, invitations):
            transaction.save(_assignment_item(assignment))
        for (expert_id, topic), change in case.load_changes().items():
            if change:
                transaction.update(
                    RouteItem(keys.expert_pk(expert_id), keys.route_sk(topic)),
                    actions=[RouteItem.open_assignments.add(change)],
                    condition=RouteItem.pk.exists(),
                    refused=Conflict(f"expert {expert_id} is not registered for topic {topic}"),
                )
        for record in case.settled_records():
            transaction.save(_record_item(record))
        if case.rating is not None:
            transaction.insert(
                RatingItem(
                    keys.question_pk(question.id),
                    keys.rating_sk(question.rated_round),
                    question_id=question.id,
                    score=case.rating.score,
                    comment=case.rating.comment,
                    created_at=case.at,
                ),
                refused=Conflict(ALREADY_RATED),
            )
        if case.flag is not None:
            transaction.insert(
                FlagItem(
                    keys.question_pk(question.id),
                    keys.flag_sk(question.id, case.flag.user_id),
                    item_id=question.id,
                    user_id=case.flag.user_id,
                    reason=case.flag.reason,
                    created_at=case.at,
                    gsi1pk=keys.flags_by_pk(case.flag.user_id),
                    gsi1sk=keys.created_sort(case.at, question.id),
                ),
                refused=Conflict(ALREADY_FLAGGED),
            )
        _take_out_erased(transaction, case)
        for event in case.events:
            transaction.insert(
                _event_item(event),
                refused=ConcurrentChange(f"event {event.id} was written meanwhile; try again"),
            )
        if case.audit is not None:
            record_in(transaction, case.audit)
        transaction.commit()

    def _commit_peer_answer(self, case: Case, answer: Answer) -> None:
        """The answer, its Idempotency-Key and, when it counts, an ADD to the question's count,
        conditional on what `open_to_peer_answers` asks and not on the question's version: the
        update goes through the base model, which has no version for PynamoDB to bump."""
        if case.question != case.view.question or case.new_answer or case.changed_answers:
            raise ValueError("a peer answer is committed on its own")
        question = case.question
        transaction = Transaction()
        transaction.insert(
            _answer_item(answer, question),
            refused=Conflict(f"answer {answer.id} exists already"),
        )
        transaction.update(
            ContentItem(keys.question_pk(question.id), keys.META),
            actions=[QuestionItem.peer_answers.add(1 if answer.counts else 0)],
            condition=(
                QuestionItem.pk.exists()
                & (QuestionItem.status != str(Status.CLOSED))
                & (QuestionItem.visibility == str(Visibility.VISIBLE))
            ),
            refused=Conflict(f"question {question.id} is no longer open to answers"),
        )
        _remember(transaction, case, answer)
        transaction.commit()


def _take_out_erased(transaction: Transaction, case: Case) -> None:
    """An erased person's id leaves the stored events, and their flag goes."""
    question_id = case.question.id
    for event in case.renamed_events:
        transaction.update(
            EventItem(keys.question_pk(question_id), keys.event_sk(event.at, event.id)),
            actions=[
                EventItem.actor.set(event.actor),
                EventItem.recipients.set(list(event.recipients)),
            ],
            condition=EventItem.pk.exists(),
            refused=ConcurrentChange(f"event {event.id} is gone; try again"),
        )
    if case.forgotten_flag is not None:
        transaction.delete(
            FlagItem(keys.question_pk(question_id), keys.flag_sk(question_id, case.forgotten_flag))
        )


def _remember(transaction: Transaction, case: Case, answer: Answer | None) -> None:
    """The Idempotency-Key's marker, naming the answer it produced."""
    if case.idempotency is None:
        return
    marker = case.idempotency
    transaction.insert(
        IdempotencyItem(
            keys.idempotency_pk(marker.user_id, marker.key),
            keys.IDEMPOTENCY,
            result_id=answer.id if answer else None,
            expires_at=marker.expires_at,
            fingerprint=marker.fingerprint,
        ),
        refused=IdempotencyKeyUsed(f"Idempotency-Key {marker.key} was already used"),
    )
