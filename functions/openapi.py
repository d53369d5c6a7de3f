"""GET /openapi.json: the contract, generated from the same pydantic models the views use."""

from __future__ import annotations

import re
from typing import Any

from chalice.app import Blueprint
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from functions.http import ROUTES, Route, endpoint
from functions.schemas import ErrorOut

openapi_routes = Blueprint(__name__)
_PATH_PARAM = re.compile(r"{(\w+)}")


class OpenApiOut(BaseModel):
    openapi: str


def _operation(route: Route) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PATH_PARAM.findall(route.path)
    ]
    if route.query is not None:
        for name, field in route.query.model_fields.items():
            parameters.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": field.description or "",
                    "schema": {"type": "string"},
                }
            )
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    operation: dict[str, Any] = {
        "summary": route.summary,
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{route.response.__name__}"}
                    }
                },
            },
            "400": {"description": "Invalid request", **error},
            "404": {"description": "Not found", **error},
        },
    }
    if route.secured:
        operation["security"] = [{"bearer": []}]
        operation["responses"]["401"] = {"description": "Missing or invalid token", **error}
    return operation


def build_document() -> dict[str, Any]:
    models = {route.response for route in ROUTES} | {ErrorOut}
    _, schema = models_json_schema(
        [(model, "serialization") for model in sorted(models, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route)
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
