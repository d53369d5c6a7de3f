"""GET /openapi.json: the contract, generated from the same pydantic models the views use."""

from __future__ import annotations

import re
from typing import Any

from chalice.app import Blueprint
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from functions.http import ROUTES, Route, endpoint
from functions.schemas.common import ErrorOut

openapi_routes = Blueprint(__name__)
_PATH_PARAM = re.compile(r"{(\w+)}")
SCHEMAS = "#/components/schemas/"


class OpenApiOut(BaseModel):
    openapi: str


Refs = dict[type[BaseModel], dict[str, Any]]


def _query_parameters(query: type[BaseModel]) -> list[dict[str, Any]]:
    """Each field's own JSON Schema, so its bounds (limit 1 to 100...) are published too."""
    properties = query.model_json_schema()["properties"]
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
        for name, field in query.model_fields.items()
    ]


def _operation(route: Route, refs: Refs) -> dict[str, Any]:
    def _ref(model: type[BaseModel]) -> dict[str, Any]:
        return {"content": {"application/json": {"schema": refs[model]}}}

    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PATH_PARAM.findall(route.path)
    ]
    if route.query is not None:
        parameters += _query_parameters(route.query)
    error = _ref(ErrorOut)
    success: dict[str, Any] = {"description": "OK"}
    if route.response is not None:
        success.update(_ref(route.response))
    responses: dict[str, Any] = {
        str(route.status): success,
        "400": {"description": "Invalid request", **error},
        "404": {"description": "Not found", **error},
    }
    operation: dict[str, Any] = {
        "summary": route.summary,
        "parameters": parameters,
        "responses": responses,
    }
    if route.body is not None:
        operation["requestBody"] = {"required": True, **_ref(route.body)}
        responses["413"] = {"description": "Request body over 32 KiB", **error}
    if route.secured:
        operation["security"] = [{"bearer": []}]
        responses["401"] = {"description": "Missing or invalid token", **error}
        responses["403"] = {"description": "Not allowed", **error}
    return operation


def build_document() -> dict[str, Any]:
    models = {m for r in ROUTES for m in (r.response, r.body) if m is not None} | {ErrorOut}
    by_name = sorted(models, key=lambda m: m.__name__)
    mapping, schema = models_json_schema(
        [(model, "serialization") for model in by_name], ref_template=SCHEMAS + "{model}"
    )
    refs = {model: dict(mapping[(model, "serialization")]) for model in by_name}
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Youth Voice API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


@endpoint(openapi_routes, "/openapi.json", summary="This document", response=OpenApiOut)
def openapi_document() -> dict[str, Any]:
    return build_document()
