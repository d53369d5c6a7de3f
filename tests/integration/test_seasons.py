"""Question seasons through the handlers and DynamoDB: the feed of a season, its experts' routes,
the notices and records of its roster and lifecycle, its boards and report. The rules (windows,
tagging, SLA, routing, changes, rosters, the lifecycle): tests/unit/test_seasons_service.py."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter
from typing import Any

import pytest

from tests.integration.api import Caller, Reply, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import (
    WARM_SEASON_ASK_REQUESTS_MAX,
    expert_caller,
    new_container,
    register_expert,
)
from tests.integration.test_supervision import run
from youthvoice.bootstrap import clock_set_to
from youthvoice.domain.identity import Role
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services.seasons import run_lifecycle

CITY, COUNTY, OTHER_CITY = "sx-05", "sx-05-03", "sx-01"
_numbers = itertools.count(1)


def shanghai(month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, second, tzinfo=SHANGHAI)


def at(moment: dt.datetime) -> Any:
    return clock_set_to(lambda: moment.astimezone(dt.UTC))


def staff(stack: Stack, platform: str = CITY) -> Caller:
    return as_user(stack, f"season-staff-{platform}", Role.STAFF, platform)


def define(stack: Stack, topics: list[str], starts: str, ends: str, **extra: Any) -> Reply:
    body = {
        "name": "就业创业季",
        "topics": topics,
        "platform_id": CITY,
        "starts_at": starts,
        "ends_at": ends,
        **extra,
    }
    with at(shanghai(11, 1)):
        return staff(stack).post("/seasons", body)


def ask_at(stack: Stack, moment: dt.datetime, topic: str = "study", platform: str = COUNTY) -> Any:
    asker = as_user(stack, f"season-youth-{next(_numbers)}", Role.YOUTH)
    with at(moment):
        reply = asker.post(
            "/questions",
            {"title": "考研还是工作", "body": "想听听建议", "topic": topic,
             "platform_id": platform},
        )  # fmt: skip
    assert reply.status == 201, reply.body
    return reply.body


@pytest.fixture(scope="module")
def season(bare_stack: Stack) -> dict[str, Any]:
    """Given a 升学季 on 晋城市 for study questions, 1 to 15 December 2025 in Shanghai."""
    reply = define(
        bare_stack, ["study"], "2025-12-01", "2025-12-15", sla={"first_response_hours": 9}
    )
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created


def test_a_season_lists_the_questions_it_tagged(bare_stack: Stack, season: dict[str, Any]) -> None:
    # Given questions asked in the season, and one of another topic at the same time
    tagged = [ask_at(bare_stack, shanghai(12, 1)), ask_at(bare_stack, shanghai(12, 14, 23, 59))]
    ask_at(bare_stack, shanghai(12, 5, 10), topic="health")
    bare_stack.pump.drain()
    # When staff list the season's questions, Then they are the tagged ones
    listed = staff(bare_stack).get(f"/questions?season_id={season['id']}").body["items"]
    assert sorted(q["id"] for q in listed) == sorted(q["id"] for q in tagged)
    assert {q["season_id"] for q in tagged} == {season["id"]}


def test_experts_are_invited_and_withdrawn_by_path_or_body(
    bare_stack: Stack, season: dict[str, Any]
) -> None:
    near, far = (register_expert(bare_stack, place, ["study"]) for place in (COUNTY, "sx"))
    experts = f"/seasons/{season['id']}/experts"
    with at(shanghai(11, 1)):
        invited = staff(bare_stack).post(experts, {"expert_ids": [far["id"]]})
        assert (invited.status, invited.body["invited_experts"]) == (200, [far["id"]])
        staff(bare_stack).post(experts, {"expert_ids": [near["id"]]})
        removed = staff(bare_stack).delete(f"{experts}/{far['id']}")
        assert (removed.status, removed.body["invited_experts"]) == (200, [near["id"]])
        assert staff(bare_stack).delete(f"{experts}/{far['id']}").status == 404
        body = _json({"expert_ids": [near["id"]]})
        emptied = staff(bare_stack).send("DELETE", experts, body, None)
        assert (emptied.status, emptied.body["invited_experts"]) == (200, [])


def test_a_warm_season_ask_reads_the_invited_experts_in_one_request(
    bare_stack: Stack, dynamodb_calls: Counter[str]
) -> None:
    # Given a season with one invited expert on the province and one expert on the county, so
    # that routing reads the season's level and every level of the lineage
    created = define(bare_stack, ["innovation"], "2025-12-01", "2025-12-15").body
    near = register_expert(bare_stack, COUNTY, ["innovation"])
    invited = register_expert(bare_stack, "sx", ["innovation"])
    with at(shanghai(11, 1)):
        reply = staff(bare_stack).post(
            f"/seasons/{created['id']}/experts", {"expert_ids": [invited["id"]]}
        )
    assert reply.status == 200, reply.body
    # And a new container whose caches (the season's invitations too) a first ask filled
    with new_container():
        ask_at(bare_stack, shanghai(12, 2, 10), topic="innovation")
        # When the same container takes another ask in the season
        dynamodb_calls.clear()
        asked = ask_at(bare_stack, shanghai(12, 2, 11), topic="innovation")
    # Then the invited expert comes first, and the season's level costs one BatchGet
    assert asked["season_id"] == created["id"]
    assert asked["assignees"] == [invited["id"], near["id"]]
    assert sum(dynamodb_calls.values()) <= WARM_SEASON_ASK_REQUESTS_MAX, dynamodb_calls


def test_an_overlap_is_a_409_naming_the_season_it_meets(
    bare_stack: Stack, season: dict[str, Any]
) -> None:
    overlapping = define(bare_stack, ["study", "health"], "2025-12-14", "2025-12-20")
    assert overlapping.status == 409
    assert season["id"] in overlapping.body["error"]["detail"]


def test_a_change_names_known_fields_and_never_clears_the_name(
    bare_stack: Stack, season: dict[str, Any]
) -> None:
    path = f"/seasons/{season['id']}"
    assert staff(bare_stack).patch(path, {"name": None}).status == 400
    assert staff(bare_stack).patch(path, {"colour": "red"}).status == 400
    assert staff(bare_stack).get("/seasons/nope").status == 404


def test_level_one_reaches_the_department_on_duty_and_its_staff(bare_stack: Stack) -> None:
    created = define(bare_stack, ["rights"], "2025-12-01", "2025-12-11").body
    path = f"/seasons/{created['id']}/roster"

    on_duty = {"学校部": "school-1", "权益部": "rights-1"}

    def slot(department: str, start: str, end: str) -> dict[str, Any]:
        return {"department": department, "staff_ids": [on_duty[department]], "from": start,
                "to": end}  # fmt: skip

    def put(body: Any) -> Reply:
        with at(shanghai(11, 1)):
            return staff(bare_stack).send("PUT", path, _json(body), None)

    # Given a roster, sent as a list or as an object of slots
    gap = put(
        [slot("学校部", "2025-12-01", "2025-12-05"), slot("权益部", "2025-12-06", "2025-12-11")]
    )
    assert gap.status == 400
    slots = [slot("学校部", "2025-12-01", "2025-12-06"), slot("权益部", "2025-12-06", "2025-12-11")]
    saved = put({"slots": slots})
    assert saved.status == 200, saved.body
    assert [s["department"] for s in saved.body["roster"]] == ["学校部", "权益部"]
    # When a question breaches in the second slot
    late = ask_at(bare_stack, shanghai(12, 8, 9), topic="rights")
    assert run(bare_stack, shanghai(12, 10, 18), late["id"]) == [(1, COUNTY)]
    # Then its record names 权益部, and 权益部's staff on duty are told
    records = staff(bare_stack, COUNTY).get("/supervision?level=1").body["items"]
    departments = {r["question_id"]: r["department"] for r in records}
    assert departments[late["id"]] == "权益部"
    inbox = as_user(bare_stack, "rights-1", Role.STAFF, CITY).get("/me/notifications").body
    assert [(n["kind"], n["question_id"]) for n in inbox["items"]] == [("escalated", late["id"])]


def _json(body: Any) -> bytes:
    return json.dumps(body).encode()


def test_lifecycle_notifies_invited_experts_and_freezes_the_board(bare_stack: Stack) -> None:
    created = define(bare_stack, ["love-marriage"], "2025-12-01", "2025-12-08").body
    expert = register_expert(bare_stack, COUNTY, ["love-marriage"])
    with at(shanghai(11, 1)):
        staff(bare_stack).post(f"/seasons/{created['id']}/experts", {"expert_ids": [expert["id"]]})
    with at(shanghai(12, 1)):
        assert created["id"] in run_lifecycle().opened
    bare_stack.pump.drain()
    kinds = [
        n["kind"] for n in expert_caller(bare_stack, expert).get("/me/notifications").body["items"]
    ]
    assert kinds == ["season_started"]
    question = ask_at(bare_stack, shanghai(12, 2, 10), topic="love-marriage")
    with at(shanghai(12, 2, 11)):
        expert_caller(bare_stack, expert).post(
            f"/questions/{question['id']}/answers", {"body": "沟通"}
        )
    bare_stack.pump.drain()
    board = f"/leaderboards/experts?season_id={created['id']}&platform_id={CITY}"
    before = staff(bare_stack).get(board).body["items"]
    assert [(s["author"]["user_id"], s["points"]) for s in before] == [(expert["user_id"], 15)]
    with at(shanghai(12, 8)):
        assert created["id"] in run_lifecycle().closed
    # A like after the season ended changes the live board, not the frozen one
    answer_id = staff(bare_stack).get(f"/questions/{question['id']}").body["answers"][0]["id"]
    as_user(bare_stack, "fan", Role.YOUTH).post(f"/answers/{answer_id}/likes")
    bare_stack.pump.drain()
    assert staff(bare_stack).get(board).body["items"] == before


def test_a_report_matches_what_was_done_and_its_reads_do_not_grow(
    bare_stack: Stack, dynamodb_calls: Counter[str]
) -> None:
    created = define(
        bare_stack, ["mental-health"], "2025-12-01T08:00:00", "2025-12-04T08:00:00"
    ).body
    expert = register_expert(bare_stack, COUNTY, ["mental-health"])
    ask_at(bare_stack, shanghai(11, 28, 10), topic="mental-health")
    during = [ask_at(bare_stack, shanghai(12, d, 10), topic="mental-health") for d in (1, 2, 2)]
    with at(shanghai(12, 1, 11)):
        expert_caller(bare_stack, expert).post(
            f"/questions/{during[0]['id']}/answers", {"body": "好"}
        )
    bare_stack.pump.drain()
    path = f"/seasons/{created['id']}/report"
    dynamodb_calls.clear()
    report = staff(bare_stack).get(path).body
    few = sum(dynamodb_calls.values())
    assert few > 0
    assert report["figures"]["questions"] == 3
    assert report["figures"]["answered"] == 1
    assert report["figures"]["on_time"] == 1
    assert report["before"]["questions"] == 1
    assert (report["before"]["first_day"], report["before"]["last_day"]) == (
        "2025-11-27",
        "2025-11-30",
    )
    assert report["lift"]["questions"] == 2
    assert report["busiest_day"] == {"date": "2025-12-02", "questions": 2}
    assert [p["platform_id"] for p in report["top_platforms"]] == [COUNTY]
    assert [e["author"]["user_id"] for e in report["top_experts"]] == [expert["user_id"]]
    # Ten times the questions: the same reads
    for _ in range(27):
        ask_at(bare_stack, shanghai(12, 3, 10), topic="mental-health")
    bare_stack.pump.drain()
    dynamodb_calls.clear()
    assert staff(bare_stack).get(path).body["figures"]["questions"] == 30
    assert sum(dynamodb_calls.values()) == few
