"""Every limit is declared once, on the edge's models: published in /openapi.json and refused
there with a 400 naming the field, before any service looks at the request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from youthvoice.domain.identity import Role
from youthvoice.domain.pagination import MAX_LIMIT
from youthvoice.domain.questions import (
    BODY_MAX,
    RATING_MAX,
    RATING_MIN,
    REASON_MAX,
    TAGS_MAX,
    TITLE_MAX,
    TITLE_MIN,
)
from youthvoice.domain.routing import INVITATIONS
from youthvoice.domain.seasons import INVITES_MAX, NAME_MIN, SLA_HOURS_MAX, STAFF_PER_SLOT_MAX

QUESTION = {
    "title": "考研还是工作？",
    "body": "想听听建议。",
    "topic": "study",
    "platform_id": "sx",
}
SEASON = {
    "name": "就业创业季",
    "topics": ["study"],
    "platform_id": "sx",
    "starts_at": "2031-01-01",
    "ends_at": "2031-01-10",
}
SLOT = {"department": "学校部", "staff_ids": ["s-1"], "from": "2031-01-01", "to": "2031-01-10"}
# The ids below name nothing: a 400 rather than a 404 shows the edge refused first.
BOUNDS = [
    # (model, field, keyword, bound, request path, body over the bound, field as named)
    ("AskIn", "title", "minLength", TITLE_MIN, "/questions",
     {**QUESTION, "title": "  四个字符  "}, "title"),
    ("AskIn", "title", "maxLength", TITLE_MAX, "/questions",
     {**QUESTION, "title": "长" * (TITLE_MAX + 1)}, "title"),
    ("AskIn", "body", "maxLength", BODY_MAX, "/questions",
     {**QUESTION, "body": "长" * (BODY_MAX + 1)}, "body"),
    ("AskIn", "tags", "maxItems", TAGS_MAX, "/questions",
     {**QUESTION, "tags": ["t"] * (TAGS_MAX + 1)}, "tags"),
    ("RatingIn", "score", "minimum", RATING_MIN, "/questions/q-none/rating",
     {"score": RATING_MIN - 1}, "score"),
    ("RatingIn", "score", "maximum", RATING_MAX, "/questions/q-none/rating",
     {"score": RATING_MAX + 1}, "score"),
    ("ReasonIn", "reason", "maxLength", REASON_MAX, "/assignments/q-none/decline",
     {"reason": "x" * (REASON_MAX + 1)}, "reason"),
    ("ReassignIn", "expert_ids", "maxItems", INVITATIONS, "/questions/q-none/reassign",
     {"expert_ids": [f"e-{n}" for n in range(INVITATIONS + 1)]}, "expert_ids"),
    ("ExtendIn", "reason", "minLength", 1, "/questions/q-none/extend",
     {"until": "2031-01-02T00:00:00Z", "reason": "   "}, "reason"),
    ("SeasonIn", "name", "minLength", NAME_MIN, "/seasons",
     {**SEASON, "name": " 季 "}, "name"),
    ("SlaIn", "first_response_hours", "maximum", SLA_HOURS_MAX, "/seasons",
     {**SEASON, "sla": {"first_response_hours": SLA_HOURS_MAX + 1}},
     "sla.first_response_hours"),
    ("SeasonExpertsIn", "expert_ids", "maxItems", INVITES_MAX, "/seasons/s-none/experts",
     {"expert_ids": [f"e-{n}" for n in range(INVITES_MAX + 1)]}, "expert_ids"),
]  # fmt: skip


# What a bound's JSON Schema keyword becomes in a refusal: the problem code and the limit's name.
REFUSED_AS = {
    "minLength": ("too_short", "min"),
    "maxLength": ("too_long", "max"),
    "maxItems": ("too_many", "max"),
    "minimum": ("out_of_range", "min"),
    "maximum": ("out_of_range", "max"),
}


@pytest.fixture(scope="module")
def openapi(bare_stack: Stack) -> dict[str, Any]:
    document: dict[str, Any] = bare_stack.http.get("/openapi.json").json_body
    return document


@pytest.mark.parametrize(
    ("model", "field", "keyword", "bound", "path", "body", "named"),
    BOUNDS,
    ids=[f"{model}.{field}.{keyword}" for model, field, keyword, *_ in BOUNDS],
)
def test_a_body_bound_is_published_and_refused_naming_the_field(
    bare_stack: Stack,
    openapi: dict[str, Any],
    model: str,
    field: str,
    keyword: str,
    bound: int,
    path: str,
    body: dict[str, Any],
    named: str,
) -> None:
    # Given the contract the API publishes
    published = openapi["components"]["schemas"][model]["properties"][field]
    # Then it states the bound
    assert published[keyword] == bound
    # When staff send a body just past it
    reply = as_user(bare_stack, "bounds-staff", Role.STAFF, "sx").post(path, body)
    # Then the edge answers 400 naming the field, with the bound it published as the limit
    assert reply.status == 400, reply.body
    assert reply.body["error"]["code"] == "validation_error"
    code, limit = REFUSED_AS[keyword]
    problem = reply.body["error"]["fields"][0]
    assert (problem["field"], problem["code"], problem["limits"]) == (named, code, {limit: bound})


def test_a_roster_slot_names_its_place_when_it_has_too_many_staff(
    bare_stack: Stack, openapi: dict[str, Any]
) -> None:
    # Given the published bound on staff per duty slot
    staff_ids = openapi["components"]["schemas"]["DutySlotIn"]["properties"]["staff_ids"]
    assert staff_ids["maxItems"] == STAFF_PER_SLOT_MAX
    # When a roster's second slot goes past it
    crowded = {**SLOT, "staff_ids": [f"s-{n}" for n in range(STAFF_PER_SLOT_MAX + 1)]}
    raw = json.dumps([SLOT, crowded]).encode()
    caller = as_user(bare_stack, "bounds-staff", Role.STAFF, "sx")
    reply = caller.send("PUT", "/seasons/s-none/roster", raw, None)
    # Then the slot and the field are named
    assert reply.status == 400
    assert reply.body["error"]["fields"][0]["field"] == "slots.1.staff_ids"


def test_limit_bounds_are_published_on_every_page_query(
    bare_stack: Stack, openapi: dict[str, Any]
) -> None:
    # Given every GET that takes a limit
    limits = [
        parameter["schema"]
        for route in openapi["paths"].values()
        for parameter in route.get("get", {}).get("parameters", [])
        if parameter["name"] == "limit"
    ]
    # Then each publishes the same integer bounds
    assert len(limits) > 5
    assert all((s["type"], s["minimum"], s["maximum"]) == ("integer", 1, MAX_LIMIT) for s in limits)
    # And a limit past them is a 400 naming it
    reply = bare_stack.http.get(f"/platforms?limit={MAX_LIMIT + 1}")
    assert reply.status_code == 400
    problem = reply.json_body["error"]["fields"][0]
    assert (problem["field"], problem["code"], problem["limits"]) == (
        "limit",
        "out_of_range",
        {"max": MAX_LIMIT},
    )
