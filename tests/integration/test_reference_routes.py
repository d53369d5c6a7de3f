"""The public reference routes through chalice's test client."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.integration.conftest import DEMO_EXPERTS, SEEDED_AT, Stack
from youthvoice.domain.topics import Topic
from youthvoice.services import catalog
from youthvoice.services.seeding import demo_experts, shanxi_platforms, topic_catalogue


def get(stack: Stack, path: str) -> tuple[int, Any]:
    response = stack.http.get(path)
    return response.status_code, response.json_body


def assert_error(body: Any, code: str) -> None:
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_health_reports_the_stage(stack: Stack) -> None:
    status, body = get(stack, "/health")
    assert (status, body) == (200, {"status": "ok", "stage": "local"})


def test_paging_through_all_platforms_visits_each_once(stack: Stack) -> None:
    # Given the seeded hierarchy, When a client follows next_cursor to the end
    seen: list[str] = []
    cursor = ""
    while True:
        status, body = get(stack, f"/platforms?limit=50{cursor}")
        assert status == 200
        assert len(body["items"]) <= 50
        seen += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = f"&cursor={body['next_cursor']}"
    # Then every platform appears exactly once
    assert len(seen) == len(set(seen)) == 185


def test_filter_by_kind_and_parent(stack: Stack) -> None:
    _, cities = get(stack, "/platforms?kind=city&limit=100")
    assert [c["name"] for c in cities["items"]][:2] == ["太原市", "大同市"]
    assert len(cities["items"]) == 11
    changzhi = next(c for c in cities["items"] if c["name"] == "长治市")
    _, counties = get(stack, f"/platforms?parent_id={changzhi['id']}&kind=county&limit=100")
    names = [c["name"] for c in counties["items"]]
    assert "沁县" in names
    assert len(names) == 13
    assert all(c["ancestors"] == ["sx", changzhi["id"]] for c in counties["items"])


def test_platform_detail_lists_children_and_rolled_up_experts(stack: Stack) -> None:
    status, province = get(stack, "/platforms/sx")
    assert status == 200
    assert province["kind"] == "province"
    assert province["parent_id"] is None
    assert province["experts"] == DEMO_EXPERTS
    child_kinds = {child["kind"] for child in province["children"]}
    assert child_kinds == {"city", "enterprise"}
    below = sum(get(stack, f"/platforms/{c['id']}")[1]["experts"] for c in province["children"])
    seeded = demo_experts(shanxi_platforms(), topic_catalogue(), DEMO_EXPERTS, SEEDED_AT)
    on_the_province_itself = sum(1 for e in seeded if e.platform_id == "sx")
    assert 0 < on_the_province_itself < DEMO_EXPERTS
    assert below + on_the_province_itself == DEMO_EXPERTS


def test_same_county_names_have_distinct_ids(stack: Stack) -> None:
    _, counties = get(stack, "/platforms?kind=county&limit=100")
    _, more = get(stack, f"/platforms?kind=county&limit=100&cursor={counties['next_cursor']}")
    urban = [c for c in counties["items"] + more["items"] if c["name"] == "城区"]
    assert len(urban) == 4
    assert len({c["id"] for c in urban}) == 4
    assert len({c["parent_id"] for c in urban}) == 4


def test_topics_have_chinese_and_english_labels(stack: Stack) -> None:
    status, body = get(stack, "/topics")
    assert status == 200
    by_id = {t["id"]: t for t in body["items"]}
    assert by_id["employment"] == {
        "id": "employment",
        "zh": "就业创业",
        "en": "Employment & entrepreneurship",
    }
    assert {"mental-health", "love-marriage", "rights", "charity"} <= set(by_id)


def test_unknown_platform_is_404(stack: Stack) -> None:
    status, body = get(stack, "/platforms/nowhere")
    assert status == 404
    assert_error(body, "not_found")


def test_bad_list_parameters_are_400(stack: Stack) -> None:
    for query, fragment in (
        ("kind=planet", "kind"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("colour=red", "colour"),
    ):
        status, body = get(stack, f"/platforms?{query}")
        assert status == 400, query
        assert_error(body, "validation_error")
        assert [problem["field"] for problem in body["error"]["fields"]] == [fragment]


def test_a_cursor_from_another_listing_is_refused(stack: Stack) -> None:
    # Given a cursor issued for the whole-tree listing
    _, page = get(stack, "/platforms?limit=5")
    # When it is replayed against one parent's children, Then it is a 400
    status, body = get(stack, f"/platforms?parent=sx&cursor={page['next_cursor']}")
    assert status == 400
    assert_error(body, "validation_error")


def test_framework_errors_use_the_same_shape(stack: Stack) -> None:
    response = stack.http.post("/health")
    assert response.status_code == 405
    assert_error(response.json_body, "method_not_allowed")
    response = stack.http.get("/no/such/route")
    assert response.status_code == 404
    assert_error(response.json_body, "not_found")


@pytest.mark.expects_unhandled_error(reason="a service that breaks is what this test is about")
def test_a_surprise_is_a_500_in_the_same_shape_without_a_trace(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a service that fails with something no rule foresaw
    def broken() -> list[Topic]:
        raise RuntimeError("the topic table is on fire")

    monkeypatch.setattr(catalog, "list_topics", broken)
    # When it is asked for
    status, body = get(stack, "/topics")
    # Then the caller gets the one error shape, and none of the exception's words
    assert status == 500
    assert_error(body, "internal")
    assert "fire" not in json.dumps(body)


def test_openapi_describes_every_route(stack: Stack) -> None:
    status, document = get(stack, "/openapi.json")
    assert status == 200
    assert document["openapi"].startswith("3.")
    assert {"/health", "/platforms", "/platforms/{platform_id}", "/topics", "/me"} <= set(
        document["paths"]
    )
    assert document["paths"]["/me"]["get"]["security"] == [{"bearer": []}]
    schemas = document["components"]["schemas"]
    assert "PlatformDetailOut" in schemas
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document))
    assert refs
    assert sorted(set(refs) - set(schemas)) == []
    ask = document["paths"]["/questions"]["post"]
    assert set(ask["responses"]) >= {"201", "400", "401", "413"}
