"""The OpenAPI document is one a client can be generated from: named operations, typed
parameters and bodies, every error a route may answer with."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from pydantic import BaseModel

from functions.openapi import build_document
from functions.schemas.answers import AnswerIn
from functions.schemas.questions import AskIn
from functions.schemas.seasons import SeasonIn
from infra.openapi import render
from tests.conftest import ROOT
from tests.integration.conftest import Stack
from youthvoice.domain.errors import ProblemCode
from youthvoice.domain.timestamps import MONTH_PATTERN

EXAMPLED: dict[str, type[BaseModel]] = {"AskIn": AskIn, "AnswerIn": AnswerIn, "SeasonIn": SeasonIn}
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
    described = document["components"]["responses"]
    for status in ALL_ERRORS:
        assert answer["responses"][status] == {"$ref": f"#/components/responses/{status}"}
        schema = described[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorOut"}
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


@pytest.mark.parametrize(
    "path",
    [
        "/stats",
        "/platforms/{platform_id}/stats",
        "/platforms/{platform_id}/stats/series",
        "/platforms/{platform_id}/stats/children",
    ],
)
def test_a_report_declares_its_csv_and_workbook_beside_the_json(
    document: dict[str, Any], path: str
) -> None:
    # Given a report route, which answers Accept: text/csv and the workbook type with files
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    # Then its success lists the JSON, the CSV text and the workbook's bytes
    assert content["application/json"]["schema"]["$ref"].startswith("#/components/schemas/")
    assert content["text/csv"] == {"schema": {"type": "string", "format": "binary"}}
    workbook = content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    assert workbook == {"schema": {"type": "string", "format": "binary"}}


def test_a_json_only_read_declares_no_file(document: dict[str, Any]) -> None:
    # Given a read that answers only JSON
    content = document["paths"]["/topics"]["get"]["responses"]["200"]["content"]
    # Then its success declares JSON alone
    assert list(content) == ["application/json"]


def test_schema_names_are_ones_a_generator_can_use(document: dict[str, Any]) -> None:
    # Given the component schemas
    names = set(document["components"]["schemas"])
    # Then every one is a plain identifier, pages included
    assert [name for name in names if not re.fullmatch(r"[A-Z][A-Za-z]*", name)] == []
    assert {"QuestionSummaryPageOut", "ExpertPageOut"} <= names
    # And every reference is to a component that exists (a query's enums included)
    refs = set(re.findall(r'"\$ref": "([^"]+)"', json.dumps(document)))
    schema_refs = {ref for ref in refs if not ref.startswith("#/components/responses/")}
    assert {ref.removeprefix("#/components/schemas/") for ref in schema_refs} <= names
    assert {"#/components/schemas/Status", "#/components/schemas/PlatformKind"} <= refs


def test_the_error_schema_lists_failing_fields(document: dict[str, Any]) -> None:
    # Given the error detail schema
    detail = document["components"]["schemas"]["ErrorDetail"]
    # Then it carries the list of failing fields, each a field, its code, limits and messages
    problem_ref = {"$ref": "#/components/schemas/FieldProblemOut"}
    assert detail["properties"]["fields"]["items"] == problem_ref
    problem = document["components"]["schemas"]["FieldProblemOut"]
    assert set(problem["required"]) == {"field", "code", "limits", "message", "detail"}
    # And the codes are a published enum, every one of the domain's
    codes = document["components"]["schemas"]["ProblemCode"]["enum"]
    assert set(codes) == set(ProblemCode)


@pytest.mark.parametrize(
    ("where", "name", "values"),
    [
        ("query", ("/questions", "get", "status"), ["answered", "closed", "open", "reopened"]),
        ("query", ("/platforms", "get", "kind"), ["city", "county", "enterprise", "province"]),
        ("query", ("/seasons", "get", "status"), ["active", "ended", "upcoming"]),
        ("schema", ("QuestionOut", "status"), ["answered", "open", "resolved"]),
        ("schema", ("QuestionOut", "visibility"), ["held", "removed", "visible"]),
        ("schema", ("QuestionOut", "close_reason"), ["duplicate", "out_of_scope", "spam"]),
        ("schema", ("MeOut", "role"), ["admin", "expert", "staff", "youth"]),
        ("schema", ("SeasonOut", "status"), ["active", "ended", "upcoming"]),
        ("schema", ("SupervisionEntryOut", "status"), ["closed", "open"]),
        ("schema", ("PlatformOut", "kind"), ["city", "university"]),
        ("schema", ("AssignmentOut", "state"), ["declined", "invited"]),
        ("schema", ("CloseIn", "reason"), ["duplicate", "spam"]),
        ("schema", ("ModerationIn", "action"), ["approve", "remove"]),
        ("schema", ("NotificationOut", "kind"), ["answer", "invitation", "promoted"]),
        ("schema", ("TimelineEntryOut", "kind"), ["asked", "escalated", "withdrawn"]),
        ("schema", ("ModerationEntryOut", "kind"), ["answer", "question"]),
        ("schema", ("SupervisionEntryOut", "level"), [1, 2, 3]),
        ("schema", ("EscalatedOut", "level"), [0, 1, 2, 3]),
        ("schema", ("AuthorOut", "kind"), ["anonymous", "expert", "staff", "young_person"]),
        ("schema", ("SignupOut", "state"), ["cancelled", "confirmed", "waitlisted"]),
        ("schema", ("HealthOut", "status"), ["ok"]),
    ],
)
def test_closed_sets_are_published_as_enums(
    document: dict[str, Any], where: str, name: tuple[str, ...], values: list[str | int]
) -> None:
    # Given a field that takes one of a fixed set of values
    if where == "query":
        schema = query_schema(document, *name)
    else:
        model, field = name
        schema = document["components"]["schemas"][model]["properties"][field]
    # Then the document lists the set, so a generated client refuses a misspelt value
    assert set(values) <= set(enum_of(document, schema))


def query_schema(document: dict[str, Any], path: str, method: str, name: str) -> dict[str, Any]:
    parameters = document["paths"][path][method]["parameters"]
    schema: dict[str, Any] = next(p["schema"] for p in parameters if p["name"] == name)
    return schema


@pytest.mark.parametrize(
    ("path", "parameter", "typed"),
    [
        ("/questions", "limit", {"type": "integer", "minimum": 1, "maximum": 100}),
        ("/supervision", "level", {"type": "integer", "minimum": 1, "maximum": 3}),
        ("/me/notifications", "desk", {"type": "boolean"}),
        ("/leaderboards/experts", "month", {"type": "string", "pattern": MONTH_PATTERN}),
    ],
)
def test_query_parameters_are_typed_as_a_client_passes_them(
    document: dict[str, Any], path: str, parameter: str, typed: dict[str, Any]
) -> None:
    # Given a query parameter that is a number, a yes or no, or a month
    schema = query_schema(document, path, "get", parameter)
    # Then its type and bounds are published: a generated client takes `limit: 10`, `desk: true`
    options = schema.get("anyOf", [schema])
    assert any(typed.items() <= option.items() for option in options), schema


def enum_of(document: dict[str, Any], schema: dict[str, Any]) -> list[str | int]:
    """The values of an enum or a constant, through a `$ref` or an `anyOf` with null."""
    if "$ref" in schema:
        return enum_of(document, document["components"]["schemas"][schema["$ref"].split("/")[-1]])
    if "anyOf" in schema:
        return [value for option in schema["anyOf"] for value in enum_of(document, option)]
    if "const" in schema:
        return [schema["const"]]
    values: list[str | int] = schema.get("enum", [])
    return values


# Response fields named like these take a fixed set of values wherever they appear; a
# deployment's stage is named by whoever deploys it.
CLOSED_SET_NAMES = {"kind", "status", "state", "level", "role", "visibility", "stage", "unit"}
OPEN_SETS = {"HealthOut.stage"}


def test_no_response_field_of_a_closed_set_is_a_plain_string(document: dict[str, Any]) -> None:
    # Given every response schema's fields that name a kind, status, state, level or role
    schemas = document["components"]["schemas"]
    plain = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        if name.endswith("Out")
        for field, property_schema in schema.get("properties", {}).items()
        if field in CLOSED_SET_NAMES and not enum_of(document, property_schema)
    ]
    # Then each but a deployment's stage is published as an enum, so a client can switch on it
    assert set(plain) == OPEN_SETS


def test_a_request_field_with_a_default_is_optional_and_a_response_field_required(
    document: dict[str, Any],
) -> None:
    # Given an activity's announcement, whose unit defaults to one person a signup
    schemas = document["components"]["schemas"]
    announcement = schemas["ActivityIn"]
    # Then the unit may be left out, and says what it then is
    assert "unit" not in announcement["required"]
    assert announcement["properties"]["unit"]["default"] == "person"
    # And every field of a response is required: the service always writes each one
    for name in ("ActivityOut", "QuestionSummaryOut", "ExpertOut", "StatsOut"):
        schema = schemas[name]
        assert set(schema["required"]) == set(schema["properties"]), name


def test_a_list_of_two_shapes_says_which_each_item_is(document: dict[str, Any]) -> None:
    # Given the experts list, whose items are full entries or routing summaries
    items = document["components"]["schemas"]["ExpertPageOut"]["properties"]["items"]["items"]
    # Then the union names its discriminator and maps each value to its shape
    assert items["discriminator"] == {
        "propertyName": "shape",
        "mapping": {
            "full": "#/components/schemas/ExpertOut",
            "summary": "#/components/schemas/ExpertSummaryOut",
        },
    }
    # And each shape requires its own constant value
    for name, shape in (("ExpertOut", "full"), ("ExpertSummaryOut", "summary")):
        schema = document["components"]["schemas"][name]
        assert schema["properties"]["shape"]["const"] == shape
        assert "shape" in schema["required"]


def test_moments_the_service_writes_are_date_times(document: dict[str, Any]) -> None:
    # Given the question and answer schemas
    schemas = document["components"]["schemas"]
    # Then their timestamps are published as date-times
    assert schemas["QuestionOut"]["properties"]["created_at"]["format"] == "date-time"
    assert schemas["AnswerOut"]["properties"]["created_at"]["format"] == "date-time"
    edited = schemas["AnswerOut"]["properties"]["edited_at"]["anyOf"]
    assert {"type": "string", "format": "date-time"} in edited


@pytest.mark.parametrize("model", ["AskIn", "AnswerIn", "SeasonIn"])
def test_main_bodies_carry_an_example_their_model_accepts(
    document: dict[str, Any], model: str
) -> None:
    # Given a main request body's published example
    [example] = document["components"]["schemas"][model]["examples"]
    # Then the model accepts it as JSON, as a client would send it
    assert EXAMPLED[model].model_validate_json(json.dumps(example))


def test_the_committed_contract_is_the_current_one(document: dict[str, Any]) -> None:
    # Given docs/openapi.json, the file clients generate from
    committed = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    # Then it is what the code publishes now
    assert committed == render(), "docs/openapi.json is stale: run `make openapi` and commit it"


def test_a_body_may_be_left_out_only_when_every_field_has_a_default(
    document: dict[str, Any],
) -> None:
    # Given a body of optional fields (the sweep's) and one with required fields (a question's)
    sweep = document["paths"]["/admin/escalations/run"]["post"]["requestBody"]
    ask = document["paths"]["/questions"]["post"]["requestBody"]
    # Then only the second is required, as the edge reads an empty body as {}
    assert (sweep["required"], ask["required"]) == (False, True)
