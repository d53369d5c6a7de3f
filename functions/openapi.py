"""GET /openapi.json: the contract, generated from the same pydantic models the views use."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chalice.app import Blueprint
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from functions.http import ROUTES, Route, endpoint
from functions.schemas.common import ErrorOut, Id
from functions.spreadsheets import FILE_SCHEMAS
from youthvoice.domain.errors import TooManyRequests, Unprocessable

openapi_routes = Blueprint(__name__)
_PATH_PARAM = re.compile(r"{(\w+)}")
SCHEMAS = "#/components/schemas/"
RESPONSES = "#/components/responses/"
# Every path id is checked against the same bounds as an id in a body (functions/http.py).
PATH_ID = TypeAdapter(Id).json_schema()


class OpenApiOut(BaseModel):
    openapi: str


Refs = dict[type[BaseModel], dict[str, Any]]
QueryProperties = dict[type[BaseModel], dict[str, dict[str, Any]]]


def _query_parameters(
    query: type[BaseModel], properties: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each field's own JSON Schema, so its bounds (limit 1 to 100...) and enums are published;
    a field is named as the query spells it (`from`, not `from_`)."""
    named = {field.alias or name: field for name, field in query.model_fields.items()}
    return [
        {
            "name": name,
            "in": "query",
            "required": field.is_required(),
            "description": field.description or "",
            "schema": {
                k: v for k, v in properties[name].items() if k not in ("title", "description")
            },
        }
        for name, field in named.items()
    ]


# Each status a route may answer with, and the property of the route that makes it possible.
ERRORS: dict[int, tuple[str, Callable[[Route], bool]]] = {
    400: ("Invalid request: a header, path id, query or body the route refuses", lambda r: True),
    401: ("Missing or invalid token", lambda r: r.secured or r.token_optional),
    403: ("Not allowed", lambda r: r.secured),
    404: ("Not found", lambda r: bool(_PATH_PARAM.search(r.path) or r.query or r.body)),
    406: ("Accept takes none of the media types the route answers in", lambda r: bool(r.files)),
    409: ("Conflict with the current state", lambda r: r.method != "GET"),
    413: ("Request body over the size limit", lambda r: r.body is not None),
    415: ("Body not sent as application/json", lambda r: r.body is not None),
    422: (
        "Refused by the word screen, or an Idempotency-Key reused for another request",
        lambda r: r.idempotent or Unprocessable in r.refuses,
    ),
    429: ("A per-user quota is spent; see Retry-After", lambda r: TooManyRequests in r.refuses),
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "a retry with the same key returns the first result (200) instead of a copy",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"},
}


def operation_id(route: Route) -> str:
    """camelCase of the view's name: `read_question` is `readQuestion`."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def tag(route: Route) -> str:
    """The resource: the path's first segment (`/questions/{question_id}/answers` is questions)."""
    return route.path.strip("/").split("/")[0].removesuffix(".json")


def _operation(route: Route, refs: Refs, queries: QueryProperties) -> dict[str, Any]:
    def _ref(model: type[BaseModel]) -> dict[str, Any]:
        return {"content": {"application/json": {"schema": refs[model]}}}

    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": PATH_ID}
        for name in _PATH_PARAM.findall(route.path)
    ]
    if route.query is not None:
        parameters += _query_parameters(route.query, queries[route.query])
    if route.idempotent:
        parameters.append(IDEMPOTENCY_KEY)
    success: dict[str, Any] = {"description": "OK"}
    if route.response is not None:
        success.update(_ref(route.response))
    for media_type in route.files:
        success.setdefault("content", {})[media_type] = {"schema": FILE_SCHEMAS[media_type]}
    responses: dict[str, Any] = {str(route.status): success}
    if route.idempotent:
        responses["200"] = {**success, "description": "The first result of this Idempotency-Key"}
    for status, (_, applies) in ERRORS.items():
        if applies(route):
            responses[str(status)] = {"$ref": f"{RESPONSES}{status}"}
    operation: dict[str, Any] = {
        "operationId": operation_id(route),
        "tags": [tag(route)],
        "summary": route.summary,
        "parameters": parameters,
        "responses": responses,
    }
    if route.body is not None:
        # A body whose fields all have defaults may be left out: an empty body is `{}`.
        fields = route.body.model_fields.values()
        required = any(field.is_required() for field in fields)
        operation["requestBody"] = {"required": required, **_ref(route.body)}
    if route.secured:
        operation["security"] = [{"bearer": []}]
    elif route.token_optional:
        # Anyone may read; a token, when sent, is verified and shows its holder more.
        operation["security"] = [{}, {"bearer": []}]
    return operation


def by_name(model: type[BaseModel]) -> str:
    return model.__name__


def build_document() -> dict[str, Any]:
    """Bodies and queries in one schema generation, so the enums they share get one name each;
    a query's own schema is taken apart into parameters rather than published."""
    responses = {r.response for r in ROUTES if r.response is not None} | {ErrorOut}
    bodies = {r.body for r in ROUTES if r.body is not None}
    queries = {r.query for r in ROUTES if r.query is not None}
    # A response as the service writes it (every field present), a body as it is read (a field
    # with a default may be left out).
    modes: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        *((model, "serialization") for model in sorted(responses, key=by_name)),
        *((model, "validation") for model in sorted(bodies | queries, key=by_name)),
    ]
    mapping, schema = models_json_schema(modes, ref_template=SCHEMAS + "{model}")
    definitions = schema.get("$defs", {})
    refs = {model: dict(mapping[(model, mode)]) for model, mode in modes if model not in queries}
    query_properties = {
        query: definitions.pop(mapping[(query, "validation")]["$ref"].removeprefix(SCHEMAS))[
            "properties"
        ]
        for query in queries
    }
    error = {"content": {"application/json": {"schema": refs[ErrorOut]}}}
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        operation = _operation(route, refs, query_properties)
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Youth Voice API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": definitions,
            # Each error status described once; operations refer to it.
            "responses": {
                str(status): {"description": description, **error}
                for status, (description, _) in ERRORS.items()
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


@endpoint(openapi_routes, "/openapi.json", summary="This document", response=OpenApiOut)
def openapi_document() -> dict[str, Any]:
    return build_document()
