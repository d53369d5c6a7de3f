"""Asking, reading, answering, accepting, rating, declining, liking and flagging questions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from ulid import ULID

from youthvoice.config import get_settings
from youthvoice.data.experts import ExpertRepository
from youthvoice.data.keys import asker_pk, queue_pk
from youthvoice.data.pages import OWNER_INDEX_KEYS, TABLE_KEYS
from youthvoice.data.platforms import Page
from youthvoice.data.projections import ListRepository, VisitCounter
from youthvoice.data.questions import QuestionRepository, StaleWrite
from youthvoice.data.seasons import SeasonRepository
from youthvoice.domain import escalation, projection_keys
from youthvoice.domain import questions as rules
from youthvoice.domain.errors import Conflict, Forbidden, NotFound, Unprocessable, ValidationFailed
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.moderation import Verdict
from youthvoice.domain.pagination import page_request
from youthvoice.domain.projection import ListEntry, visited_scopes
from youthvoice.domain.questions import (
    DECLINED,
    Answer,
    Assignment,
    Question,
    QuestionView,
    Rating,
    Status,
    Visibility,
)
from youthvoice.domain.routing import INVITATIONS, Candidate, choose
from youthvoice.domain.seasons import Season, SeasonStatus, season_for
from youthvoice.services.runtime import (
    ladder_policies,
    now,
    reference,
    season_cache,
    sla_policies,
    word_list,
    work_calendar,
)

T = TypeVar("T")
logger = logging.getLogger(__name__)
WRITE_ATTEMPTS = 3
FLAGS_TO_HOLD = 3


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    topic: str
    platform_id: str
    anonymous: bool
    tags: tuple[str, ...]


@cache
def repository() -> QuestionRepository:
    return QuestionRepository(get_settings().due_shards)


def deadline_for(topic: str, platform_id: str, season: Season | None) -> rules.Deadline:
    """The first response is due after the policy's working hours (China's calendar), or the
    season's target when the question's season is running and its target is tighter."""
    platform = reference().platform(platform_id)
    target = sla_policies().first_response(topic, platform.kind)
    if season is not None and season.status(rules.iso(now())) is SeasonStatus.ACTIVE:
        target = season.tighter(target)
    ladder = ladder_policies().for_lineage(platform.lineage)
    calendar = work_calendar()

    def deadline(start: dt.datetime) -> rules.ResponseClock:
        return escalation.start_clock(start, target, ladder, calendar)

    return deadline


def save(view: QuestionView, question: Question, at: str, **changes: Any) -> None:
    """Every question write goes here: open supervision records close when the case does."""
    records = [*changes.pop("records", ()), *escalation.settle(view.supervision, question, at)]
    repository().save_question(question, at, records=records, **changes)


def retrying(attempt: Callable[[], T]) -> T:
    """Re-read and re-apply when a concurrent writer changed the question first."""
    for _ in range(WRITE_ATTEMPTS - 1):
        try:
            return attempt()
        except StaleWrite:
            continue
    return attempt()


def screen(*texts: str) -> Verdict:
    verdict = word_list().check(*texts)
    if verdict.blocked:
        raise Unprocessable(f"content not allowed: {verdict.category}", code="content_blocked")
    return verdict


def _levels(question: Question) -> Iterator[list[Candidate]]:
    """A season's invited experts first, then the platforms of the lineage, nearest first."""
    if question.season_id:
        yield SeasonRepository().invited_candidates(question.season_id, question.topic)
    experts = ExpertRepository()
    for platform_id in question.lineage:
        yield experts.active_candidates(platform_id, question.topic)


def route(question: Question, earlier: Sequence[Assignment], wanted: int) -> list[Candidate]:
    """Never the asker, never anyone invited before (whether they answered or declined)."""
    excluded = frozenset({question.asker, *(a.user_id for a in earlier)})
    return choose(_levels(question), excluded, wanted)


def season_of(question: Question) -> Season | None:
    return season_cache().find(question.season_id) if question.season_id else None


def ask(principal: Principal, draft: Draft) -> Question:
    rules.check_text(draft.title, draft.body)
    verdict = screen(draft.title, draft.body)
    platform = reference().platform(draft.platform_id)
    reference().require_topic(draft.topic)
    created = now()
    season = season_for(season_cache().seasons(), platform.lineage, draft.topic, rules.iso(created))
    question = Question(
        id=str(ULID.from_datetime(created)),
        asker=principal.sub,
        anonymous=draft.anonymous,
        title=draft.title.strip(),
        body=draft.body,
        topic=draft.topic,
        platform_id=platform.id,
        lineage=platform.lineage,
        tags=draft.tags,
        status=Status.OPEN,
        created_at=rules.iso(created),
        due_at="",
        assignees=(),
        visibility=Visibility.HELD if verdict.held else Visibility.VISIBLE,
        season_id=season.id if season else None,
    )
    question = rules.on_new_clock(question, deadline_for(draft.topic, platform.id, season)(created))
    invited = [] if verdict.held else route(question, (), INVITATIONS)
    question = dataclasses.replace(question, assignees=tuple(c.expert_id for c in invited))
    repository().save_question(question, question.created_at, invited=invited)
    return question


def open_invitation(view: QuestionView, user_id: str) -> Assignment | None:
    return next((a for a in view.assignments if a.user_id == user_id and a.is_open), None)


def view_of(question_id: str) -> QuestionView:
    view = repository().view(question_id)
    if view is None:
        raise NotFound(f"question {question_id} does not exist")
    return view


def read(principal: Principal, question_id: str) -> QuestionView:
    """One Query for the question and its answers, one transaction for the visit: two calls."""
    view = view_of(question_id)
    rules.require_readable(principal, view.question)
    question = view.question
    if not VisitCounter(get_settings().visit_shards).record(visited_scopes(question)):
        logger.info("visit not counted: a concurrent visit won the shard %s", question_id)
    answers = rules.visible_answers(principal, view.question, view.answers)
    return dataclasses.replace(view, answers=answers)


def feed(
    platform_id: str | None,
    season_id: str | None,
    status: str | None,
    topic: str | None,
    limit: str | None,
    cursor: str | None,
) -> Page[ListEntry]:
    """A platform's whole subtree, newest first (a city sees its counties), or a season's."""
    if status is not None and status not in set(Status):
        raise ValidationFailed(f"status: must be one of {', '.join(Status)}")
    if topic is not None:
        reference().require_topic(topic)
    if season_id is not None and platform_id is not None:
        raise ValidationFailed("give platform_id or season_id, not both")
    if season_id is not None:
        if season_cache().find(season_id) is None and SeasonRepository().view(season_id) is None:
            raise ValidationFailed(f"season_id: unknown season {season_id}")
        scope = projection_keys.season_feed(season_id)
    else:
        scope = reference().platform(platform_id or get_settings().root_platform).id
    key = projection_keys.feed(scope, status)
    lists = ListRepository()
    page = page_request(limit, cursor, TABLE_KEYS, {"pk": lists.partition(key)})
    return lists.page(key, page, topic)


def asked_by_me(principal: Principal, limit: str | None, cursor: str | None) -> Page[Question]:
    page = page_request(limit, cursor, OWNER_INDEX_KEYS, {"gsi1pk": asker_pk(principal.sub)})
    return repository().asked_by(principal.sub, page)


def my_invitations(principal: Principal, limit: str | None, cursor: str | None) -> Page[Assignment]:
    if principal.role is not Role.EXPERT:
        raise Forbidden("only experts have assignments")
    page = page_request(limit, cursor, OWNER_INDEX_KEYS, {"gsi1pk": queue_pk(principal.sub)})
    return repository().invitations_of(principal.sub, page)


@dataclass(frozen=True)
class AnswerOutcome:
    answer: Answer
    created: bool


def answer(
    principal: Principal, question_id: str, body: str, idempotency_key: str | None
) -> AnswerOutcome:
    rules.check_text(None, body)
    questions = repository()
    if idempotency_key:
        earlier = _remembered_answer(principal, question_id, idempotency_key)
        if earlier is not None:
            return AnswerOutcome(earlier, created=False)
    verdict = screen(body)
    created = now()
    answer_id = str(ULID.from_datetime(created))

    def attempt() -> AnswerOutcome:
        view = view_of(question_id)
        question = view.question
        rules.require_readable(principal, question)
        official = rules.answer_kind(principal, question)
        new = Answer(
            id=answer_id,
            question_id=question.id,
            author=principal.sub,
            official=official,
            body=body,
            created_at=rules.iso(created),
            visibility=Visibility.HELD if verdict.held else Visibility.VISIBLE,
            season_id=question.season_id,
            asker=question.asker,
        )
        invitation = open_invitation(view, principal.sub) if official else None
        after, new = rules.record_answer(question, new, invitation)
        expiry = created + dt.timedelta(hours=get_settings().idempotency_ttl_hours)
        questions.add_answer(
            after,
            new,
            question.lineage,
            invitation if new.counts else None,
            (principal.sub, idempotency_key) if idempotency_key else None,
            expiry,
            escalation.settle(view.supervision, after, new.created_at),
        )
        return AnswerOutcome(new, created=True)

    try:
        return retrying(attempt)
    except StaleWrite:
        if idempotency_key:
            earlier = _remembered_answer(principal, question_id, idempotency_key)
            if earlier is not None:
                return AnswerOutcome(earlier, created=False)
        raise


def _remembered_answer(principal: Principal, question_id: str, key: str) -> Answer | None:
    answer_id = repository().remembered(principal.sub, key)
    if answer_id is None:
        return None
    view = view_of(question_id)
    found = next((a for a in view.answers if a.id == answer_id), None)
    if found is None:
        raise Conflict("this Idempotency-Key was already used for another request")
    return found


def accept(principal: Principal, question_id: str, answer_id: str) -> Question:
    def attempt() -> Question:
        view = view_of(question_id)
        rules.require_readable(principal, view.question)
        chosen = next((a for a in view.answers if a.id == answer_id), None)
        if chosen is None:
            raise NotFound(f"answer {answer_id} does not exist on this question")
        accepted = rules.accept(principal, view.question, chosen)
        credited = dataclasses.replace(chosen, accepted=True)
        save(view, accepted, rules.iso(now()), answers=[credited])
        return accepted

    return retrying(attempt)


def rate(principal: Principal, question_id: str, score: int, comment: str) -> Question:
    def attempt() -> Question:
        view = view_of(question_id)
        rules.require_readable(principal, view.question)
        rating = Rating(score, comment)
        question = view.question
        deadline = deadline_for(question.topic, question.platform_id, season_of(question))
        rated = rules.rate(principal, question, rating, now(), deadline)
        at = rules.iso(now())
        record = repository().rating_item(rated, rating, at)
        credited = rules.well_rated(rated, view.answers, rating)
        save(view, rated, at, extra=[record], answers=credited)
        return rated

    return retrying(attempt)


def decline(principal: Principal, question_id: str, reason: str) -> Question:
    """The invitation closes and the question is offered to the next expert in line."""

    def attempt() -> Question:
        view = view_of(question_id)
        invitation = open_invitation(view, principal.sub)
        if invitation is None:
            raise NotFound(f"you have no open invitation to question {question_id}")
        question = view.question
        released = dataclasses.replace(
            question, assignees=tuple(a for a in question.assignees if a != invitation.expert_id)
        )
        successors = route(released, view.assignments, 1) if released.awaiting_response else []
        rerouted = dataclasses.replace(
            released, assignees=(*released.assignees, *(c.expert_id for c in successors))
        )
        closed = dataclasses.replace(invitation, state=DECLINED, reason=reason)
        save(view, rerouted, rules.iso(now()), invited=successors, closed=[closed])
        return rerouted

    return retrying(attempt)


def flag(principal: Principal, question_id: str, reason: str) -> Question:
    """Three flags from different users hold the question for review."""

    def attempt() -> Question:
        view = view_of(question_id)
        question = view.question
        rules.require_readable(principal, question)
        if principal.sub in view.flaggers:
            raise Conflict("you have already flagged this question")
        count = question.flag_count + 1
        held = count >= FLAGS_TO_HOLD and question.visibility is Visibility.VISIBLE
        flagged = dataclasses.replace(
            question,
            flag_count=count,
            visibility=Visibility.HELD if held else question.visibility,
        )
        at = rules.iso(now())
        record = repository().flag_item(question, principal.sub, reason, at)
        save(view, flagged, at, extra=[record])
        return flagged

    return retrying(attempt)


def like(principal: Principal, answer_id: str) -> None:
    found = repository().find_answer(answer_id)
    if found is None or found.answer.visibility is not Visibility.VISIBLE:
        raise NotFound(f"answer {answer_id} does not exist")
    repository().like(found.answer.question_id, answer_id, principal.sub)


def unlike(principal: Principal, answer_id: str) -> None:
    found = repository().find_answer(answer_id)
    if found is None:
        raise NotFound(f"answer {answer_id} does not exist")
    try:
        repository().unlike(found.answer.question_id, answer_id, principal.sub)
    except StaleWrite:
        raise NotFound("you have not liked this answer") from None
