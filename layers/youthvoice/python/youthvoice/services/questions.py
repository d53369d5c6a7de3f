"""Asking, reading, answering, accepting, rating, declining, liking and flagging questions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now, settings
from youthvoice.domain import escalation, projection_keys
from youthvoice.domain import questions as rules
from youthvoice.domain.case_records import EventKind, TimelineEvent
from youthvoice.domain.cases import (
    Case,
    Flag,
    IdempotencyMarker,
    Remembered,
    request_fingerprint,
)
from youthvoice.domain.errors import (
    Conflict,
    Forbidden,
    IdempotencyKeyUsed,
    NotFound,
    ProblemCode,
    Problems,
    Unprocessable,
    ValidationFailed,
    indexed,
)
from youthvoice.domain.escalation import desk
from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Principal, Role, Viewer
from youthvoice.domain.moderation import Verdict
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.people import acting, writer_of
from youthvoice.domain.projection import FirstRead, ListEntry, visited_scopes
from youthvoice.domain.projection_keys import DocumentKey
from youthvoice.domain.questions import (
    Answer,
    AnswerContext,
    Assignment,
    AssignmentState,
    GivenFlag,
    Like,
    Question,
    QuestionView,
    Rating,
    Status,
    Visibility,
)
from youthvoice.domain.quotas import Action
from youthvoice.domain.routing import INVITATIONS, Candidate, choose
from youthvoice.domain.seasons import Season, SeasonStatus, SeasonView, season_for
from youthvoice.domain.timestamps import iso
from youthvoice.services import cases, quotas
from youthvoice.services.retries import retry_on_race
from youthvoice.services.runtime import (
    ladder_policies,
    reference,
    season_cache,
    sla_policies,
    word_list,
    work_calendar,
)

logger = logging.getLogger(__name__)


class QuestionReads(Protocol):
    """Questions and answers across cases, Idempotency-Keys, and likes."""

    def asked_by(self, user_id: str, page: PageRequest) -> Page[Question]: ...
    def answers_by(self, user_id: str, page: PageRequest) -> Page[Answer]: ...
    def likes_by(self, user_id: str, page: PageRequest) -> Page[Like]: ...
    def flags_by(self, user_id: str, page: PageRequest) -> Page[GivenFlag]: ...
    def invitations_of(self, user_id: str, page: PageRequest) -> Page[Assignment]: ...
    def find_answer(self, answer_id: str) -> AnswerContext | None: ...
    def remembered(self, user_id: str, key: str) -> Remembered | None: ...
    def like(self, question_id: str, answer_id: str, user_id: str, at: str) -> None: ...
    def unlike(self, question_id: str, answer_id: str, user_id: str) -> None: ...
    def forget_like(self, answer_id: str, user_id: str) -> None: ...


class Experts(Protocol):
    def active_candidates(self, platform_id: str, topic: str) -> list[Candidate]: ...
    def active_entries(self, expert_ids: Sequence[str], topic: str) -> list[Candidate]: ...
    def of_user(self, user_id: str) -> Expert | None: ...


class SeasonInvitations(Protocol):
    def view(self, season_id: str) -> SeasonView | None: ...
    def exists(self, season_id: str) -> bool: ...


class Lists(Protocol):
    def page(self, key: DocumentKey, page: PageRequest, topic: str | None) -> Page[ListEntry]: ...


class Visits(Protocol):
    def record(self, scopes: Sequence[tuple[str, str]], first: FirstRead) -> bool: ...


def repository() -> QuestionReads:
    return dependencies().stores.questions


def _experts() -> Experts:
    return dependencies().stores.experts


def _seasons() -> SeasonInvitations:
    return dependencies().stores.seasons


def lists() -> Lists:
    return dependencies().stores.lists


def _visits() -> Visits:
    return dependencies().stores.visits


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    topic: str
    platform_id: str
    anonymous: bool
    tags: tuple[str, ...]


def deadline_for(topic: str, platform_id: str, season: Season | None) -> rules.Deadline:
    """The first response is due after the policy's working hours (China's calendar), or the
    season's target when the question's season is running and its target is tighter."""
    platform = reference().platform(platform_id)
    target = sla_policies().first_response(topic, platform.kind)
    if season is not None and season.status(iso(now())) is SeasonStatus.ACTIVE:
        target = season.tighter(target)
    ladder = ladder_policies().for_lineage(platform.lineage)
    calendar = work_calendar()

    def deadline(start: dt.datetime) -> rules.ResponseClock:
        return escalation.start_clock(start, target, ladder, calendar)

    return deadline


def screen(**texts: str) -> Verdict:
    """Texts named by their fields: a refusal names each field that holds a refused word."""
    words = word_list()
    verdict = words.check(*texts.values())
    if verdict.blocked:
        raise Unprocessable(
            f"content not allowed: {verdict.category}",
            code="content_blocked",
            fields=words.refused_fields(texts, lambda found: found.blocked),
        )
    return verdict


def screen_edit(**texts: str) -> None:
    """An edit is not reviewed again, so it must pass the screen without being held."""
    if screen(**texts).held:
        raise Unprocessable(
            "an edit cannot contain words that hold a post for review",
            code="content_blocked",
            fields=word_list().refused_fields(texts, lambda found: found.held),
        )


def _read_invited(season_id: str) -> tuple[str, ...]:
    view = _seasons().view(season_id)
    return view.expert_ids if view is not None else ()


def _invited(season_id: str) -> tuple[str, ...]:
    return season_cache().invited(season_id, _read_invited)


def _levels(question: Question) -> Iterator[list[Candidate]]:
    """A season's invited experts first, then the platforms of the lineage, nearest first; one
    request a level, each read only when the levels before it left places open."""
    experts = _experts()
    if question.season_id:
        yield experts.active_entries(_invited(question.season_id), question.topic)
    for platform_id in question.lineage:
        yield experts.active_candidates(platform_id, question.topic)


def route(question: Question, earlier: Sequence[Assignment], wanted: int) -> list[Candidate]:
    """Never the asker, never anyone invited before (whether they answered or declined)."""
    excluded = frozenset({question.asker, *(a.user_id for a in earlier)})
    return choose(_levels(question), excluded, wanted)


def season_of(question: Question) -> Season | None:
    return season_cache().find(question.season_id) if question.season_id else None


def ask(principal: Principal, draft: Draft) -> Question:
    quotas.spend(principal, Action.ASK)
    verdict = screen(title=draft.title, body=draft.body, **indexed("tags", draft.tags))
    problems = Problems()
    problems.check(lambda: reference().platform(draft.platform_id))
    problems.check(lambda: reference().require_topic(draft.topic))
    problems.raise_any()
    platform = reference().platform(draft.platform_id)
    created = now()
    season = season_for(season_cache().seasons(), platform.lineage, draft.topic, iso(created))
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
        created_at=iso(created),
        due_at="",
        assignees=(),
        visibility=Visibility.HELD if verdict.held else Visibility.VISIBLE,
        held_reason=verdict.category,
        season_id=season.id if season else None,
    )
    question = rules.on_new_clock(question, deadline_for(draft.topic, platform.id, season)(created))
    invited = [] if verdict.held else route(question, (), INVITATIONS)
    question = dataclasses.replace(question, assignees=tuple(c.expert_id for c in invited))
    case = Case(QuestionView(question), question.created_at)
    case.invited.extend(invited)
    cases.open_new(case)
    return question


def read(viewer: Viewer, question_id: str) -> QuestionView:
    """One Query for the question and its answers. The asker's rating is the asker's own:
    others never see it."""
    view = cases.read(question_id)
    rules.require_readable(viewer, view.question)
    question = view.question
    answers = rules.visible_answers(viewer, view.question, view.answers)
    rating = view.rating if viewer is not None and viewer.sub == question.asker else None
    return dataclasses.replace(view, answers=answers, rating=rating)


def visit(question: Question, visitor: str) -> None:
    """One transaction: a visitor (a digest naming the reader) counts once per REVISIT_WINDOW,
    token or none. Told apart from `read` because only a read whose body reaches the reader is
    a visit, and the edge knows that only once the body is made (a HEAD or a 304 is none)."""
    first = FirstRead(question.id, visitor, now())
    if not retry_on_race(lambda: _visits().record(visited_scopes(question), first)):
        logger.info("visit not counted: a re-read within the window")


def feed(
    platform_id: str | None,
    season_id: str | None,
    status: str | None,
    topic: str | None,
    page: PageRequest,
) -> Page[ListEntry]:
    """A platform's whole subtree, newest first (a city sees its counties), or a season's."""
    if status is not None and status not in set(Status):
        raise ValidationFailed.of(
            "status",
            ProblemCode.NOT_ALLOWED,
            f"must be one of {', '.join(Status)}",
            allowed=tuple(Status),
        )
    if topic is not None:
        reference().require_topic(topic)
    if season_id is not None and platform_id is not None:
        raise ValidationFailed("give platform_id or season_id, not both")
    if season_id is not None:
        if season_cache().find(season_id) is None and not _seasons().exists(season_id):
            raise ValidationFailed.of(
                "season_id", ProblemCode.UNKNOWN_REFERENCE, f"unknown season {season_id}"
            )
        scope = projection_keys.season_feed(season_id)
    else:
        scope = reference().platform(platform_id or settings().root_platform).id
    return lists().page(projection_keys.feed(scope, status), page, topic)


def asked_by_me(principal: Principal, page: PageRequest) -> Page[Question]:
    return repository().asked_by(principal.sub, page)


def answered_by_me(principal: Principal, page: PageRequest) -> Page[Answer]:
    return repository().answers_by(principal.sub, page)


def liked_by_me(principal: Principal, page: PageRequest) -> Page[Like]:
    return repository().likes_by(principal.sub, page)


def flagged_by_me(principal: Principal, page: PageRequest) -> Page[GivenFlag]:
    return repository().flags_by(principal.sub, page)


def my_invitations(principal: Principal, page: PageRequest) -> Page[Assignment]:
    if principal.role is not Role.EXPERT:
        raise Forbidden("only experts have assignments")
    return repository().invitations_of(principal.sub, page)


@dataclass(frozen=True)
class AnswerOutcome:
    answer: Answer
    created: bool


def answer(
    principal: Principal, question_id: str, body: str, idempotency_key: str | None
) -> AnswerOutcome:
    fingerprint = request_fingerprint(question_id, body)
    if idempotency_key:
        earlier = _remembered_answer(principal, question_id, idempotency_key, fingerprint)
        if earlier is not None:
            return AnswerOutcome(earlier, created=False)
    quotas.spend(principal, rules.answer_quota(principal))
    verdict = screen(body=body)
    created = now()
    answer_id = str(ULID.from_datetime(created))
    expiry = created + dt.timedelta(hours=settings().idempotency_ttl_hours)
    profile = _experts().of_user(principal.sub) if principal.role is Role.EXPERT else None

    def apply(case: Case) -> AnswerOutcome:
        question = case.question
        rules.require_readable(principal, question)
        invited = any(
            a.user_id == principal.sub
            and a.state in (AssignmentState.INVITED, AssignmentState.ANSWERED)
            for a in case.view.assignments
        )
        official = rules.answer_kind(principal, question, profile, invited)
        if official:
            rules.require_first_official(principal.sub, question, case.view.answers)
        writer = writer_of(
            principal, profile.id if profile else None, profile.name if profile else None
        )
        new = Answer(
            id=answer_id,
            question_id=question.id,
            author=principal.sub,
            official=official,
            body=body,
            created_at=case.at,
            visibility=Visibility.HELD if verdict.held else Visibility.VISIBLE,
            held_reason=verdict.category,
            season_id=question.season_id,
            asker=question.asker,
            round=question.round,
        ).written_by(writer)
        if idempotency_key:
            case.idempotency = IdempotencyMarker(
                principal.sub, idempotency_key, expiry, fingerprint
            )
        if not official:
            case.peer_answer = new
            return AnswerOutcome(new, created=True)
        invitation = case.open_invitation(principal.sub)
        case.question, case.new_answer = rules.record_answer(question, new, invitation)
        if invitation is not None and case.new_answer.counts:
            case.end(invitation, AssignmentState.ANSWERED, invitation.reason)
        return AnswerOutcome(case.new_answer, created=True)

    try:
        return cases.change(question_id, apply, at=created)
    except IdempotencyKeyUsed:
        earlier = _remembered_answer(principal, question_id, idempotency_key or "", fingerprint)
        if earlier is None:
            raise
        return AnswerOutcome(earlier, created=False)


def _remembered_answer(
    principal: Principal, question_id: str, key: str, fingerprint: str
) -> Answer | None:
    """The answer a replay of this very request gets; 422 when the key came with another
    request (the IETF Idempotency-Key draft's rule)."""
    remembered = repository().remembered(principal.sub, key)
    if remembered is None:
        return None
    if remembered.fingerprint not in (None, fingerprint):
        raise Unprocessable(
            f"Idempotency-Key {key} was already used for a different request",
            code="idempotency_key_reused",
        )
    answer_id = remembered.result_id
    found = next((a for a in cases.read(question_id).answers if a.id == answer_id), None)
    if found is None:
        raise Conflict("this Idempotency-Key was already used for another request")
    return found


def edit_answer(principal: Principal, answer_id: str, body: str) -> Answer:
    """Within a day, by its author."""
    quotas.spend(principal, Action.EDIT_ANSWER)
    found = repository().find_answer(answer_id)
    if found is None:
        raise NotFound(f"answer {answer_id} does not exist")
    screen_edit(body=body)

    def apply(case: Case) -> Answer:
        answer = next((a for a in case.view.answers if a.id == answer_id), None)
        if answer is None:
            raise NotFound(f"answer {answer_id} does not exist")
        edited = rules.edit_answer(principal, answer, body, now())
        case.changed_answers.append(edited)
        case.question = rules.with_answer_excerpt(case.question, case.view.answers, edited)
        case.events.append(
            TimelineEvent(
                id=str(ULID.from_datetime(now())),
                question_id=case.question.id,
                at=case.at,
                kind=EventKind.ANSWER_EDITED,
                actor=principal.sub,
                detail=answer_id,
                title=case.question.title,
            ).by(acting(principal))
        )
        return edited

    return cases.change(found.answer.question_id, apply)


def accept(principal: Principal, question_id: str, answer_id: str) -> Question:
    def apply(case: Case) -> Question:
        rules.require_readable(principal, case.question)
        chosen = next((a for a in case.view.answers if a.id == answer_id), None)
        if chosen is None:
            raise NotFound(f"answer {answer_id} does not exist on this question")
        case.question = rules.accept(principal, case.question, chosen)
        return case.question

    return cases.change(question_id, apply)


def rate(principal: Principal, question_id: str, score: int, comment: str) -> Question:
    def apply(case: Case) -> Question:
        question = case.question
        rules.require_readable(principal, question)
        rating = Rating(score, comment)
        deadline = deadline_for(question.topic, question.platform_id, season_of(question))
        case.question = rules.rate(principal, question, rating, now(), deadline)
        case.rating = rating
        case.changed_answers.extend(rules.well_rated(case.question, case.view.answers, rating))
        if rules.needs_staff_review(case.question, rating):
            case.events.append(
                TimelineEvent(
                    id=str(ULID.from_datetime(now())),
                    question_id=question.id,
                    at=case.at,
                    kind=EventKind.LOW_RATING,
                    actor=principal.sub,
                    detail=f"rated {score} after {question.reopens} reopenings: {comment}",
                    recipients=(desk(question.platform_id),),
                    title=question.title,
                ).by(acting(principal))
            )
        return case.question

    return cases.change(question_id, apply)


def decline(principal: Principal, question_id: str, reason: str) -> Question:
    """The invitation closes and the question is offered to the next expert in line."""

    def apply(case: Case) -> Question:
        invitation = case.open_invitation(principal.sub)
        if invitation is None:
            raise NotFound(f"you have no open invitation to question {question_id}")
        question = case.question
        released = dataclasses.replace(
            question, assignees=tuple(a for a in question.assignees if a != invitation.expert_id)
        )
        successors = route(released, case.view.assignments, 1) if released.awaiting_response else []
        case.question = dataclasses.replace(
            released, assignees=(*released.assignees, *(c.expert_id for c in successors))
        )
        case.invited.extend(successors)
        case.end(invitation, AssignmentState.DECLINED, reason)
        return case.question

    return cases.change(question_id, apply)


def flag(principal: Principal, question_id: str, reason: str) -> Question:
    """Flags from different users send the question for review (rules.flagged)."""
    quotas.spend(principal, Action.FLAG)

    def apply(case: Case) -> Question:
        question = case.question
        rules.require_readable(principal, question)
        if principal.sub in case.view.flaggers:
            raise Conflict(rules.ALREADY_FLAGGED)
        case.question = rules.flagged(question)
        case.flag = Flag(principal.sub, reason)
        return case.question

    return cases.change(question_id, apply)


def like(principal: Principal, answer_id: str) -> None:
    quotas.spend(principal, Action.LIKE)
    found = repository().find_answer(answer_id)
    if found is None or found.answer.visibility is not Visibility.VISIBLE:
        raise NotFound(f"answer {answer_id} does not exist")
    if found.answer.author == principal.sub:
        raise Forbidden("you cannot like your own answer")
    at = iso(now())
    retry_on_race(lambda: repository().like(found.answer.question_id, answer_id, principal.sub, at))


def unlike(principal: Principal, answer_id: str) -> None:
    found = repository().find_answer(answer_id)
    if found is None:
        raise NotFound(f"answer {answer_id} does not exist")
    retry_on_race(lambda: repository().unlike(found.answer.question_id, answer_id, principal.sub))


def edit_question(principal: Principal, question_id: str, edit: rules.QuestionEdit) -> Question:
    """By the asker, until an official answer: open invitations and supervision records get the
    new title in the same commit, the feeds through the projector."""
    quotas.spend(principal, Action.EDIT_QUESTION)
    screen_edit(**edit.texts)

    def apply(case: Case) -> Question:
        question = case.question
        rules.require_readable(principal, question)
        edited = rules.edit_question(principal, question, case.view.answers, edit)
        if edited == question:
            return question
        case.question = edited
        case.records.extend(
            dataclasses.replace(r, title=edited.title)
            for r in case.view.supervision
            if r.is_open and r.title != edited.title
        )
        changed = [name for name in ("title", "body", "tags") if getattr(edit, name) is not None]
        case.events.append(
            TimelineEvent(
                id=str(ULID.from_datetime(now())),
                question_id=question.id,
                at=case.at,
                kind=EventKind.QUESTION_EDITED,
                actor=principal.sub,
                detail=", ".join(changed),
                title=edited.title,
            ).by(acting(principal))
        )
        return edited

    return cases.change(question_id, apply)


def withdraw(principal: Principal, question_id: str) -> None:
    """The asker takes the question back until an official answer: it leaves the feeds and the
    figures (the projector), its invitations close and the invited experts are told. Withdrawing
    it again changes nothing and succeeds, so a retried request gets the same answer."""

    def apply(case: Case) -> None:
        question = case.question
        rules.require_readable(principal, question)
        if escalation.withdrawn(question) and principal.sub == question.asker:
            return
        rules.require_changeable(principal, question, case.view.answers, "withdraw")
        case.question = escalation.withdraw(question)
        invited = case.open_invitations()
        for invitation in invited:
            case.end(invitation, AssignmentState.WITHDRAWN, "withdrawn by the asker")
        case.events.append(
            TimelineEvent(
                id=str(ULID.from_datetime(now())),
                question_id=question.id,
                at=case.at,
                kind=EventKind.WITHDRAWN,
                actor=principal.sub,
                recipients=tuple(invitation.user_id for invitation in invited),
                title=question.title,
            ).by(acting(principal))
        )

    cases.change(question_id, apply)
