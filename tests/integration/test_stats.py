"""Published figures and leaderboards equal what was done (after the stream is projected)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from typing import Any

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import DEMO_EXPERTS, Stack
from youthvoice.config import get_settings
from youthvoice.data import keys
from youthvoice.data.projections import ProjectionWriter
from youthvoice.domain import projection_keys
from youthvoice.domain.identity import Role
from youthvoice.domain.pagination import encode_cursor
from youthvoice.domain.projection import Effects, RecordEffects
from youthvoice.domain.projection_keys import Period, ScoreKey


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
            "time_zone": "Asia/Shanghai",
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
        assert board == [
            {
                "rank": 1,
                "points": expected,
                "platform_id": "sx-04-11",
                "author": {
                    "kind": "expert",
                    "name": "赵老师",
                    "expert_id": registered.body["id"],
                    "platform_id": None,
                    "user_id": None,
                },
            }
        ], query
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


def test_a_board_pages_through_every_shard_in_order_with_names(
    stack: Stack, dynamodb_calls: Counter[str]
) -> None:
    # Given 30 members on a city's board, many tied, spread over every shard; three of them
    # registered experts, the others staff without a profile
    admin = as_user(stack, "admin", Role.ADMIN)
    names = {}
    for n in range(3):
        reply = admin.post(
            "/experts",
            {"user_id": f"board-{n:02d}", "name": f"榜单专家{n}", "topics": ["rights"],
             "platform_id": "sx-08"},
        )  # fmt: skip
        assert reply.status == 201, reply.body
        names[f"board-{n:02d}"] = f"榜单专家{n}"
    points = {f"board-{n:02d}": 5 * (n % 4) + 10 for n in range(30)}
    board = projection_keys.board(Period.ALL_TIME, "sx-08")
    scores = Counter({ScoreKey(board, member): amount for member, amount in points.items()})
    settings = get_settings()
    writer = ProjectionWriter(60, dt.datetime.now(dt.UTC), settings.leaderboard_shards)
    assert writer.apply([RecordEffects("board-scores", Effects(scores=scores))]) == 1
    shards = {keys.board_shard(board, member, settings.leaderboard_shards) for member in points}
    assert len(shards) == settings.leaderboard_shards
    # When it is read 7 at a time, following each next_cursor
    rows: list[dict[str, Any]] = []
    path = "/leaderboards/experts?platform_id=sx-08&limit=7"
    reads = []
    staff = as_user(stack, "board-staff", Role.STAFF, "sx-08")
    while path:
        dynamodb_calls.clear()
        page = staff.get(path)
        assert page.status == 200, page.body
        reads.append(dict(dynamodb_calls))
        rows += [{**row, **row["author"]} for row in page.body["items"]]
        cursor = page.body["next_cursor"]
        path = f"/leaderboards/experts?platform_id=sx-08&limit=7&cursor={cursor}" if cursor else ""
    # Then every member comes exactly once, best first, ranked 1 to 30 on the whole board
    assert sorted(row["user_id"] for row in rows) == sorted(points)
    assert [row["points"] for row in rows] == sorted(points.values(), reverse=True)
    assert [row["rank"] for row in rows] == list(range(1, 31))
    assert [row["points"] for row in rows] == [points[row["user_id"]] for row in rows]
    # And the experts carry their names, the others are the desk of the board's platform
    assert {row["user_id"]: row["name"] for row in rows if row["kind"] == "expert"} == names
    assert {row["platform_id"] for row in rows if row["user_id"] not in names} == {"sx-08"}
    assert {row["kind"] for row in rows if row["user_id"] not in names} == {"staff"}
    # And each page cost at most a Query per shard (none on a shard read to its end) and at
    # most two BatchGets (the second only when a member holds a profile), never a read per row
    assert reads[0]["Query"] == settings.leaderboard_shards
    for read in reads:
        assert 1 <= read.pop("Query") <= settings.leaderboard_shards
        assert read.pop("BatchGetItem") in (1, 2)
        assert read == {}


def test_a_board_cursor_is_for_its_own_board_only(stack: Stack) -> None:
    # Given a first page of a board with more entries than the page
    board = projection_keys.board(Period.ALL_TIME, "sx-09")
    scores = Counter({ScoreKey(board, f"cursor-{n}"): n + 1 for n in range(5)})
    writer = ProjectionWriter(60, dt.datetime.now(dt.UTC), get_settings().leaderboard_shards)
    writer.apply([RecordEffects("cursor-scores", Effects(scores=scores))])
    first = stack.http.get("/leaderboards/experts?platform_id=sx-09&limit=2").json_body
    cursor = first["next_cursor"]
    assert [row["points"] for row in first["items"]] == [5, 4]
    # When the cursor is used on another board, or its places are forged
    padded = cursor + "=" * (-len(cursor) % 4)
    key = json.loads(base64.urlsafe_b64decode(padded))
    forged = [
        {**key, "rank": "-1"},
        {**key, "s00": "lots:of-points"},
        {**key, "s00": "1" * 40 + ":cursor-1"},
        {k: v for k, v in key.items() if k != "s00"},
    ]
    refused = [f"/leaderboards/experts?platform_id=sx-08&limit=2&cursor={cursor}"]
    refused += [
        "/leaderboards/experts?platform_id=sx-09&limit=2&cursor=" + encode_cursor(changed)
        for changed in forged
    ]
    # Then each is refused, naming the cursor
    for path in refused:
        reply = stack.http.get(path)
        assert reply.status_code == 400, path
        assert "cursor" in reply.json_body["error"]["detail"]
    # And the genuine cursor goes on where the first page stopped
    rest = stack.http.get(f"/leaderboards/experts?platform_id=sx-09&limit=5&cursor={cursor}")
    assert [row["rank"] for row in rest.json_body["items"]] == [3, 4, 5]
    assert rest.json_body["next_cursor"] is None
