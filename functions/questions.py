"""Question routes: ask, read, list, edit, withdraw, answer, accept, rate, decline, like, flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from functions.auth import bearer_token
from functions.caching import body_sent
from functions.deferred import Deferred
from functions.http import (
    endpoint,
    idempotency_key,
    json_response,
    parse_body,
    parse_query,
    principal_of,
    viewer_of,
    visitor_key,
)
from functions.schemas.answers import AcceptIn, AnswerIn, AnswerOut, LikeOut
from functions.schemas.common import PageQuery
from functions.schemas.questions import (
    AskIn,
    AssignmentOut,
    AssignmentPageOut,
    QuestionDetailOut,
    QuestionEditIn,
    QuestionListQuery,
    QuestionOut,
    QuestionPageOut,
    QuestionSummaryOut,
    QuestionSummaryPageOut,
    RatingIn,
    ReasonIn,
)
from youthvoice.domain.errors import TooManyRequests, Unprocessable
from youthvoice.domain.questions import QuestionEdit

if TYPE_CHECKING:
    from youthvoice.services import people, questions
else:
    people = Deferred("youthvoice.services.people")
    questions = Deferred("youthvoice.services.questions")

question_routes = Blueprint(__name__)


@endpoint(
    question_routes,
    "/questions",
    method="POST",
    summary="Ask a question; up to 3 experts are invited (similar answered questions: "
    "GET /questions/similar, while the draft is typed)",
    body=AskIn,
    response=QuestionOut,
    status=201,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def ask() -> QuestionOut:
    request = question_routes.current_request
    principal = principal_of(request)
    asked = parse_body(request, AskIn)
    question = questions.ask(
        principal,
        questions.Draft(
            title=asked.title,
            body=asked.body,
            topic=asked.topic,
            platform_id=asked.platform_id,
            anonymous=asked.anonymous,
            tags=tuple(asked.tags),
        ),
    )
    return QuestionOut.shown(question, principal)


@endpoint(
    question_routes,
    "/questions",
    summary="A platform's whole subtree of questions, or a season's, newest first (public)",
    query=QuestionListQuery,
    response=QuestionSummaryPageOut,
)
def list_questions() -> QuestionSummaryPageOut:
    query = parse_query(question_routes.current_request, QuestionListQuery)
    page = questions.feed(query.platform_id, query.season_id, query.status, query.topic, query.page)
    names = people.listed_names((entry.platform_id, entry.asker) for entry in page.items)
    return QuestionSummaryPageOut.of(page, lambda entry: QuestionSummaryOut.of(entry, names))


@endpoint(
    question_routes,
    "/questions/{question_id}",
    summary="A question with its answers (official first, the accepted one on top); public, "
    "and with a token the asker sees their held question and rating, staff the timeline",
    response=QuestionDetailOut,
    token_optional=True,
)
def read_question(question_id: str) -> Response:
    request = question_routes.current_request
    viewer = viewer_of(request)
    view = questions.read(viewer, question_id)
    answered = json_response(QuestionDetailOut.of(view, viewer, people.nicknames_on(view)))
    if body_sent(request, answered):
        questions.visit(view.question, visitor_key(request, viewer))
    return answered


@endpoint(
    question_routes,
    "/me/questions",
    summary="The questions I asked, newest first",
    query=PageQuery,
    response=QuestionPageOut,
    authorizer=bearer_token,
)
def my_questions() -> QuestionPageOut:
    request = question_routes.current_request
    principal = principal_of(request)
    query = parse_query(request, PageQuery)
    page = questions.asked_by_me(principal, query.page)
    names = people.askers_nicknames(principal, page.items)
    return QuestionPageOut.of(page, lambda question: QuestionOut.of(question, principal, names))


@endpoint(
    question_routes,
    "/me/assignments",
    summary="An expert's invitations, open ones first",
    query=PageQuery,
    response=AssignmentPageOut,
    authorizer=bearer_token,
)
def my_assignments() -> AssignmentPageOut:
    request = question_routes.current_request
    query = parse_query(request, PageQuery)
    page = questions.my_invitations(principal_of(request), query.page)
    return AssignmentPageOut.of(page, AssignmentOut.of)


@endpoint(
    question_routes,
    "/questions/{question_id}/answers",
    method="POST",
    summary="Answer: official from experts and staff, peer (青帮青) from other young people",
    body=AnswerIn,
    response=AnswerOut,
    status=201,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
    idempotent=True,
)
def answer(question_id: str) -> AnswerOut | Response:
    """A replay with an Idempotency-Key already used returns the first answer, with 200."""
    request = question_routes.current_request
    body = parse_body(request, AnswerIn)
    key = idempotency_key(request)
    principal = principal_of(request)
    outcome = questions.answer(principal, question_id, body.body, key)
    names = people.callers_nicknames(principal)
    result = AnswerOut.of(outcome.answer, None, principal, (), names)
    return result if outcome.created else json_response(result, 200)


@endpoint(
    question_routes,
    "/answers/{answer_id}",
    method="PATCH",
    summary="The author edits an answer within 24 hours; the edit is on the question's timeline",
    body=AnswerIn,
    response=AnswerOut,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def edit_answer(answer_id: str) -> AnswerOut:
    request = question_routes.current_request
    body = parse_body(request, AnswerIn)
    principal = principal_of(request)
    edited = questions.edit_answer(principal, answer_id, body.body)
    return AnswerOut.of(edited, None, principal, (), people.callers_nicknames(principal))


@endpoint(
    question_routes,
    "/questions/{question_id}/accept",
    method="POST",
    summary="The asker accepts an answer; the question is resolved",
    body=AcceptIn,
    response=QuestionOut,
    authorizer=bearer_token,
)
def accept(question_id: str) -> QuestionOut:
    request = question_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, AcceptIn)
    return QuestionOut.shown(questions.accept(principal, question_id, body.answer_id), principal)


@endpoint(
    question_routes,
    "/questions/{question_id}/rating",
    method="POST",
    summary="The asker rates the official answers; 1 or 2 reopens the question",
    body=RatingIn,
    response=QuestionOut,
    authorizer=bearer_token,
)
def rate(question_id: str) -> QuestionOut:
    request = question_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, RatingIn)
    return QuestionOut.shown(
        questions.rate(principal, question_id, body.score, body.comment), principal
    )


@endpoint(
    question_routes,
    "/assignments/{question_id}/decline",
    method="POST",
    summary="An invited expert declines; the next expert is invited",
    body=ReasonIn,
    response=QuestionOut,
    authorizer=bearer_token,
)
def decline(question_id: str) -> QuestionOut:
    request = question_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, ReasonIn)
    return QuestionOut.shown(questions.decline(principal, question_id, body.reason), principal)


@endpoint(
    question_routes,
    "/questions/{question_id}/flags",
    method="POST",
    summary="Flag a question; three flags hold it for review",
    body=ReasonIn,
    response=QuestionOut,
    status=201,
    authorizer=bearer_token,
    refuses=(TooManyRequests,),
)
def flag(question_id: str) -> QuestionOut:
    request = question_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, ReasonIn)
    return QuestionOut.shown(questions.flag(principal, question_id, body.reason), principal)


@endpoint(
    question_routes,
    "/answers/{answer_id}/likes",
    method="POST",
    summary="Like an answer (once per user)",
    response=LikeOut,
    status=201,
    authorizer=bearer_token,
    refuses=(TooManyRequests,),
)
def like(answer_id: str) -> LikeOut:
    questions.like(principal_of(question_routes.current_request), answer_id)
    return LikeOut(answer_id=answer_id, liked=True)


@endpoint(
    question_routes,
    "/answers/{answer_id}/likes",
    method="DELETE",
    summary="Take a like back",
    response=None,
    status=204,
    authorizer=bearer_token,
)
def unlike(answer_id: str) -> None:
    questions.unlike(principal_of(question_routes.current_request), answer_id)


@endpoint(
    question_routes,
    "/questions/{question_id}",
    method="PATCH",
    summary="The asker edits the title, body or tags until the first official answer",
    body=QuestionEditIn,
    response=QuestionOut,
    authorizer=bearer_token,
    refuses=(TooManyRequests, Unprocessable),
)
def edit_question(question_id: str) -> QuestionOut:
    request = question_routes.current_request
    principal = principal_of(request)
    body = parse_body(request, QuestionEditIn)
    edit = QuestionEdit(body.title, body.body, None if body.tags is None else tuple(body.tags))
    return QuestionOut.shown(questions.edit_question(principal, question_id, edit), principal)


@endpoint(
    question_routes,
    "/questions/{question_id}",
    method="DELETE",
    summary="The asker withdraws the question until the first official answer (again: 204)",
    response=None,
    status=204,
    authorizer=bearer_token,
)
def withdraw_question(question_id: str) -> None:
    questions.withdraw(principal_of(question_routes.current_request), question_id)
