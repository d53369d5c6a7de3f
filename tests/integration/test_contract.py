"""The OpenAPI document is one a client can be generated from: named operations, typed
parameters and bodies, every error a route may answer with."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from functions.openapi import build_document
from tests.integration.conftest import Stack

ALL_ERRORS = {"400", "401", "403", "404", "409", "413", "415", "422", "429"}


@pytest.fixture(scope="module")
def document(bare_stack: Stack) -> dict[str, Any]:
    return build_document()


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [operation for path in document["paths"].values() for operation in path.values()]


def test_every_operation_has_a_unique_id_and_a_tag(document: dict[str, Any]) -> None:
    # Given every operation in the document
    found = operations(document)
    # Then each has an operationId no other has, in camelCase, and one tag
    ids = Counter(operation["operationId"] for operation in found)
    assert len(found) > 40
    assert [name for name, count in ids.items() if count > 1] == []
    assert all(re.fullmatch(r"[a-z][A-Za-z]*", name) for name in ids)
    assert all(len(operation["tags"]) == 1 for operation in found)
    assert document["paths"]["/seasons/{season_id}"]["get"]["operationId"] == "readSeason"


def test_a_quota_screened_idempotent_write_declares_every_error(document: dict[str, Any]) -> None:
    # Given the answer route: secured, a path id, a body, a quota, the word screen, idempotency
    answer = document["paths"]["/questions/{question_id}/answers"]["post"]
    # Then every error status it can give is declared with the error schema
    assert set(answer["responses"]) == ALL_ERRORS | {"200", "201"}
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    assert all(
        answer["responses"][status]["content"]["application/json"]["schema"] == error_ref
        for status in ALL_ERRORS
    )
    # And its Idempotency-Key header is declared
    headers = [p for p in answer["parameters"] if p["in"] == "header"]
    assert [h["name"] for h in headers] == ["Idempotency-Key"]


def test_a_plain_read_declares_only_what_it_can_give(document: dict[str, Any]) -> None:
    # Given a public read with no path id, query or body
    topics = document["paths"]["/topics"]["get"]
    # Then it declares success and the 400 any request may get for its headers, nothing more
    assert set(topics["responses"]) == {"200", "400"}
    # And a secured read without quota or body declares no 409, 413, 422 or 429
    mine = document["paths"]["/me/questions"]["get"]
    assert set(mine["responses"]) == {"200", "400", "401", "403", "404"}


def test_schema_names_are_ones_a_generator_can_use(document: dict[str, Any]) -> None:
    # Given the component schemas
    names = set(document["components"]["schemas"])
    # Then every one is a plain identifier, pages included
    assert [name for name in names if not re.fullmatch(r"[A-Z][A-Za-z]*", name)] == []
    assert {"QuestionSummaryPageOut", "ExpertPageOut"} <= names
    # And every reference resolves
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs <= names


def test_the_error_schema_lists_failing_fields(document: dict[str, Any]) -> None:
    # Given the error detail schema
    detail = document["components"]["schemas"]["ErrorDetail"]
    # Then it carries the list of failing fields, each a field and a message
    problem_ref = {"$ref": "#/components/schemas/FieldProblemOut"}
    assert detail["properties"]["fields"]["items"] == problem_ref
    problem = document["components"]["schemas"]["FieldProblemOut"]
    assert set(problem["required"]) == {"field", "message"}
