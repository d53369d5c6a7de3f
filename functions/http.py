"""The HTTP edge: the one place domain errors become status codes and the one error JSON shape."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from chalice.app import Blueprint, ChaliceAuthorizer, Request, Response
from pydantic import BaseModel, TypeAdapter, ValidationError

from functions.caching import cache_headers
from functions.observability import logger
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


def error_body(code: str, message: str) -> dict[str, dict[str, Any]]:
    return {"error": {"code": code, "message": message}}


def error_response(error: DomainError) -> Response:
    status = next((code for kind, code in STATUS_BY_ERROR.items() if isinstance(error, kind)), 400)
    body = error_body(error.code, error.message)
    if isinstance(error, ValidationFailed) and error.fields:
        body["error"]["fields"] = [dataclasses.asdict(problem) for problem in error.fields]
    response = json_response(body, status)
    if isinstance(error, TooManyRequests):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def internal_error_response() -> Response:
    return json_response(error_body("internal", "an internal error occurred"), 500)


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
        rewritten = json_response(error_body(code, str(body["Message"])), response.status_code)
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
        raise ValidationFailed(f"body: nested deeper than {JSON_DEPTH_MAX} levels")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("body: not valid JSON") from None
    if list_field is not None and isinstance(data, list):
        data = {list_field: data}
    if not isinstance(data, dict):
        raise ValidationFailed("body: must be a JSON object")
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
        raise ValidationFailed("Idempotency-Key: must be 1 to 255 printable ASCII characters")
    return key


def check_headers(headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        if len(value) > HEADER_MAX:
            raise ValidationFailed(f"{name}: header longer than {HEADER_MAX} characters")


def check_path_ids(path_params: Mapping[str, str]) -> None:
    """Every `{…_id}` becomes part of a key: refused here, before any store sees it."""
    for name, value in path_params.items():
        try:
            _PATH_ID.validate_python(value)
        except ValidationError as error:
            raise ValidationFailed(f"{name}: {error.errors()[0]['msg']}") from None


def parse_query(request: Request, model: type[QueryModel]) -> QueryModel:
    try:
        return model.model_validate(request.query_params or {})
    except ValidationError as error:
        raise validation_failed(error) from None


def validation_failed(error: ValidationError) -> ValidationFailed:
    """Every failing field, in the model's order; the message names the first."""
    problems = tuple(
        FieldProblem(
            field=".".join(str(part) for part in failed["loc"]) or "body",
            message="unknown field" if failed["type"] == "extra_forbidden" else failed["msg"],
        )
        for failed in error.errors()
    )
    first = problems[0]
    return ValidationFailed(f"{first.field}: {first.message}", fields=problems)


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
                return error_response(error)
            except Exception:
                logger.exception("unhandled error")
                return internal_error_response()
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
