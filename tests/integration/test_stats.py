"""Published figures and leaderboards equal what was done (after the stream is projected)."""

from __future__ import annotations

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import DEMO_EXPERTS, Stack
from youthvoice.config import get_settings
from youthvoice.domain.identity import Role


def test_figures_and_boards_after_a_scenario(stack: Stack) -> None:
    # Given an expert on 沁县 and three questions there
    admin = as_user(stack, "admin", Role.ADMIN)
    registered = admin.post(
        "/experts",
        {
            "user_id": "stats-expert",
            "name": "赵老师",
            "topics": ["rights"],
            "platform_id": "sx-04-11",
        },
    )
    assert registered.status == 201
    asker = as_user(stack, "stats-youth", Role.YOUTH)
    helper = as_user(stack, "stats-peer", Role.YOUTH)
    answerer = as_user(stack, "stats-expert", Role.EXPERT, "sx-04-11")
    asked = [
        asker.post(
            "/questions",
            {"title": f"劳动合同问题{n}", "body": "公司不签合同怎么办", "topic": "rights",
             "platform_id": "sx-04-11"},
        ).body["id"]
        for n in range(3)
    ]  # fmt: skip
    # When the expert answers two, the asker accepts one and rates the other 5, a peer answers,
    # someone likes an answer, and the first question is read twice by each of two readers
    first = answerer.post(f"/questions/{asked[0]}/answers", {"body": "可以申请劳动仲裁"}).body
    answerer.post(f"/questions/{asked[1]}/answers", {"body": "保留工资流水"})
    helper.post(f"/questions/{asked[2]}/answers", {"body": "我也遇到过"})
    asker.post(f"/questions/{asked[0]}/accept", {"answer_id": first["id"]})
    asker.post(f"/questions/{asked[1]}/rating", {"score": 5})
    helper.post(f"/answers/{first['id']}/likes")
    for _ in range(2):
        helper.get(f"/questions/{asked[0]}")
        anonymous(stack).get(f"/questions/{asked[0]}")
    stack.pump.drain()
    # Then the county, its city and the province all show the same exact figures
    for path in ("/platforms/sx-04-11/stats", "/platforms/sx-04/stats"):
        figures = stack.http.get(path).json_body
        assert {k: v for k, v in figures.items() if k not in ("platform_id", "experts")} == {
            "season_id": None,
            "questions": 3,
            "answers": 2,
            "peer_answers": 1,
            "answered": 2,
            "resolved": 1,
            "on_time": 2,
            "ratings": 1,
            "visits": 2,
            "answer_rate": 0.6667,
            "on_time_rate": 0.6667,
            "resolution_rate": 0.3333,
            "satisfaction": 5.0,
            "from_date": None,
            "to_date": None,
            "activities": 0,
            "participants": 0,
            "signups": 0,
        }, path
    province = stack.http.get("/stats").json_body
    assert (province["questions"], province["experts"]) == (3, DEMO_EXPERTS + 1)
    # And the expert leads the boards with 2 answers, 2 on time, 1 accepted, 1 like, 1 good rating
    points = get_settings().points
    expected = (
        2 * points.answer + 2 * points.on_time + points.accepted + points.like + points.well_rated
    )
    month = first["created_at"][:7]
    for query in ("", "?platform_id=sx-04", f"?month={month}&platform_id=sx-04-11"):
        board = stack.http.get(f"/leaderboards/experts{query}").json_body["items"]
        assert board == [{"rank": 1, "user_id": "stats-expert", "points": expected}], query
    assert stack.http.get("/leaderboards/experts?month=2020-01").json_body["items"] == []
    cities = stack.http.get("/leaderboards/platforms").json_body["items"]
    assert cities[0]["platform_id"] == "sx-04"
    assert cities[0]["on_time_rate"] == 0.6667
    assert [c["rank"] for c in cities] == list(range(1, len(cities) + 1))


def test_bad_board_queries_are_400(stack: Stack) -> None:
    for query in ("month=2026-13", "month=last", "season_id=s1&month=2026-11", "limit=0"):
        reply = stack.http.get(f"/leaderboards/experts?{query}")
        assert reply.status_code == 400, query
    assert stack.http.get("/platforms/nowhere/stats").status_code == 404
