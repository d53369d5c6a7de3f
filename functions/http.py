"""The HTTP edge: the one place domain errors become status codes and the one error JSON shape."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from chalice.app import Blueprint, ChaliceAuthorizer, Request, Response
from pydantic import BaseModel, TypeAdapter, ValidationError

from functions.caching import cache_headers
from functions.cors import add_vary
from functions.messages import LANGUAGES, Language, error_message, field_message
from functions.negotiation import negotiate_language
from functions.observability import logger
from functions.problems import validation_failed
from functions.schemas.common import Id
from youthvoice.config import get_settings
from youthvoice.domain.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    Forbidden,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    ProblemCode,
    Problems,
    TooManyRequests,
    Unauthenticated,
    Unprocessable,
    ValidationFailed,
)
from youthvoice.domain.identity import Principal, Viewer

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    ValidationFailed: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    NotAcceptable: 406,
    Conflict: 409,
    PayloadTooLarge: 413,
    Unprocessable: 422,
    TooManyRequests: 429,
}
JSON_TYPE = "application/json; charset=utf-8"
QueryModel = TypeVar("QueryModel", bound=BaseModel)
# Bodies nest three levels at most (a roster's slots' staff); json.loads recurses on each level.
JSON_DEPTH_MAX = 10
# API Gateway allows 10 KiB of headers in all; no header this service reads needs more.
HEADER_MAX = 8_192
# The IETF Idempotency-Key draft's key is a string of printable ASCII; it becomes part of a key.
IDEMPOTENCY_KEY = re.compile(r"[ -~]{1,255}")
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_AS_SQUARE = bytes.maketrans(b"{}", b"[]")
_PATH_ID: TypeAdapter[str] = TypeAdapter(Id)


def json_response(body: Any, status: int = 200) -> Response:
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    return Response(
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status_code=status,
        headers={"Content-Type": JSON_TYPE},
    )


def request_language(request: Request) -> Language:
    """Chinese unless Accept-Language prefers English."""
    return negotiate_language(request.headers.get("accept-language"), LANGUAGES)


def error_json(
    codes: Sequence[str],
    detail: str,
    status: int,
    language: Language,
    fields: Sequence[FieldProblem] = (),
) -> Response:
    """The one error shape: the first code, a message in the client's language (the catalogue's
    for the first code it has), the service's English as `detail`, and every field problem."""
    error: dict[str, Any] = {
        "code": codes[0],
        "message": error_message(codes, fields, language),
        "detail": detail,
    }
    if fields:
        error["fields"] = [
            {
                "field": problem.field,
                "code": problem.code,
                "limits": dict(problem.limits),
                "message": field_message(problem, language),
                "detail": problem.message,
            }
            for problem in fields
        ]
    response = json_response({"error": error}, status)
    response.headers["Content-Language"] = language
    add_vary(response.headers, "Accept-Language")
    return response


def error_response(error: DomainError, language: Language) -> Response:
    status = next((code for kind, code in STATUS_BY_ERROR.items() if isinstance(error, kind)), 400)
    kinds = (kind.code for kind in type(error).__mro__ if issubclass(kind, DomainError))
    codes = list(dict.fromkeys((error.code, *kinds)))
    response = error_json(codes, error.message, status, language, error.fields)
    if isinstance(error, TooManyRequests):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def internal_error_response(language: Language) -> Response:
    return error_json(["internal"], "an internal error occurred", 500, language)


# Chalice's own error names (answered before a view runs), in the project's words.
FRAMEWORK_CODES = {
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequest": "bad_request",
    "InternalServerError": "internal",
}


def uniform_errors(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Middleware: rewrite Chalice's `{"Code", "Message"}` errors into the project's shape."""
    response = get_response(request)
    body = response.body
    if isinstance(body, dict) and set(body) == {"Code", "Message"}:
        code = FRAMEWORK_CODES.get(str(body["Code"]), "error")
        language = request_language(request)
        rewritten = error_json([code], str(body["Message"]), response.status_code, language)
        rewritten.headers.update({k: v for k, v in response.headers.items() if k == "Allow"})
        return rewritten
    return response


def principal_of(request: Request) -> Principal:
    """The authorizer's verified claims, as API Gateway passes them in the request context."""
    context = request.context.get("authorizer") or {}
    return Principal.from_claims(
        {
            "sub": context.get("principalId"),
            "role": context.get("role"),
            "platform": context.get("platform") or None,
        },
        request.context.get("requestId"),
    )


def viewer_of(request: Request) -> Viewer:
    """A public read's reader: the bearer token's principal when one is sent, else None.

    Public routes have no authorizer (API Gateway would refuse a request without a token), so
    the view verifies a sent token itself; a bad one is a 401, never a silent anonymous read.
    Imported here, as in the authorizer: PyJWT and cryptography cost the cold start ~0.1 s."""
    authorization = request.headers.get("authorization")
    if authorization is None:
        return None
    from youthvoice.services.identity import token_verifier  # noqa: PLC0415

    return token_verifier().verify(authorization)


def visitor_key(request: Request, viewer: Viewer) -> str:
    """Who re-reads, for counting one visit per reader and window: a digest of the token's
    subject, or of the client address, so neither is ever stored raw. Not the User-Agent: a
    reader sets it at will, and each new one would be a new visitor."""
    if viewer is not None:
        who = f"user\n{viewer.sub}"
    else:
        address = (request.context.get("identity") or {}).get("sourceIp", "")
        who = f"client\n{address}"
    return hashlib.blake2b(who.encode(), digest_size=16, person=b"yv-visitor").hexdigest()


def parse_body(
    request: Request, model: type[QueryModel], list_field: str | None = None
) -> QueryModel:
    """Size first (413), then JSON, then the model: unknown fields and wrong types are 400s.

    With `list_field`, a bare JSON array is taken as that field of the object."""
    given = request.raw_body or b""
    raw = given.encode() if isinstance(given, str) else given
    limit = get_settings().max_request_bytes
    if len(raw) > limit:
        raise PayloadTooLarge(f"request body is larger than {limit} bytes")
    if nested_deeper_than(raw, JSON_DEPTH_MAX):
        raise ValidationFailed.of(
            "body",
            ProblemCode.TOO_DEEP,
            f"nested deeper than {JSON_DEPTH_MAX} levels",
            max=JSON_DEPTH_MAX,
        )
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.of("body", ProblemCode.INVALID_FORMAT, "not valid JSON") from None
    if list_field is not None and isinstance(data, list):
        data = {list_field: data}
    if not isinstance(data, dict):
        raise ValidationFailed.of(
            "body", ProblemCode.WRONG_TYPE, "must be a JSON object", expected="object"
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise validation_failed(error) from None


def nested_deeper_than(raw: bytes, levels: int) -> bool:
    """Whether arrays and objects nest deeper than `levels`, before anything is parsed.

    Outside strings, each round removes the innermost bracket pairs: after `levels` rounds a
    pair is left only where nesting went deeper (unbalanced brackets are json.loads's to refuse)."""
    if raw.count(b"[") + raw.count(b"{") <= levels:
        return False
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", raw)).translate(_AS_SQUARE)
    for _ in range(levels):
        brackets = brackets.replace(b"[]", b"")
    return b"[]" in brackets


def idempotency_key(request: Request) -> str | None:
    key: str | None = request.headers.get("idempotency-key")
    if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
        raise ValidationFailed.of(
            "Idempotency-Key",
            ProblemCode.INVALID_FORMAT,
            "must be 1 to 255 printable ASCII characters",
            pattern=IDEMPOTENCY_KEY.pattern,
        )
    return key


def check_headers(headers: Mapping[str, str]) -> None:
    problems = Problems()
    for name, value in headers.items():
        if len(value) > HEADER_MAX:
            problems.add(name, ProblemCode.TOO_LONG, "header too long", max=HEADER_MAX)
    problems.raise_any()


def check_path_ids(path_params: Mapping[str, str]) -> None:
    """Every `{…_id}` becomes part of a key: refused here, before any store sees it."""
    problems = Problems()
    for name, value in path_params.items():
        problems.check(functools.partial(_path_id, name, value))
    problems.raise_any()


def _path_id(name: str, value: str) -> None:
    try:
        _PATH_ID.validate_python(value)
    except ValidationError as error:
        raise validation_failed(error, within=(name,)) from None


def parse_query(request: Request, model: type[QueryModel]) -> QueryModel:
    try:
        return model.model_validate(request.query_params or {})
    except ValidationError as error:
        raise validation_failed(error) from None


def require_given(body: BaseModel, names: Iterable[str]) -> None:
    """A patch's fields that were sent may not be null (leaving a field out keeps it)."""
    problems = Problems()
    for name in sorted(names):
        if getattr(body, name) is None:
            problems.add(name, ProblemCode.REQUIRED, "must not be null")
    problems.raise_any()


@dataclasses.dataclass(frozen=True)
class Route:
    """A route's contract, kept for the OpenAPI document.

    `refuses` names the errors its use case adds to those its shape implies (a quota, the word
    screen); `idempotent` routes read an `Idempotency-Key` header; `token_optional` routes are
    public reads that show a reader with a token more (their own held question, a timeline);
    `files` are the media types a report also answers in when Accept names them (CSV, XLSX)."""

    path: str
    method: str
    summary: str
    response: type[BaseModel] | None
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    secured: bool
    status: int
    name: str
    refuses: tuple[type[DomainError], ...] = ()
    idempotent: bool = False
    token_optional: bool = False
    files: tuple[str, ...] = ()


ROUTES: list[Route] = []


def endpoint(
    blueprint: Blueprint,
    path: str,
    *,
    summary: str,
    response: type[BaseModel] | None,
    method: str = "GET",
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    authorizer: ChaliceAuthorizer | None = None,
    status: int = 200,
    refuses: tuple[type[DomainError], ...] = (),
    idempotent: bool = False,
    token_optional: bool = False,
    files: tuple[str, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view whose DomainErrors (and surprises) leave as the one error shape."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        def answer(request: Request, path_params: dict[str, str]) -> Response:
            try:
                check_headers(request.headers)
                check_path_ids(path_params)
                result = view(**path_params)
            except DomainError as error:
                logger.info("request refused", extra={"code": error.code})
                return error_response(error, request_language(request))
            except Exception:
                logger.exception("unhandled error")
                return internal_error_response(request_language(request))
            if result is None:
                return Response(body="", status_code=status)
            return result if isinstance(result, Response) else json_response(result, status)

        @functools.wraps(view)
        def guarded(**path_params: str) -> Response:
            request = blueprint.current_request
            answered = cache_headers(request, answer(request, path_params), public)
            if request.method == "HEAD":
                answered.body = ""
            return answered

        # A public read answers HEAD too (headers, no body): API Gateway does not derive it.
        public = method == "GET" and authorizer is None
        methods = [method, "HEAD"] if public else [method]
        blueprint.route(path, methods=methods, authorizer=authorizer)(guarded)
        secured = authorizer is not None
        contract = (path, method, summary, response, query, body, secured, status, view.__name__)
        ROUTES.append(Route(*contract, refuses, idempotent, token_optional, files))
        return view

    return decorate
