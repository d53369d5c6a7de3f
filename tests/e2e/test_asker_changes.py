"""An asker's edit and withdrawal, and a named, paged leaderboard, on the running local stack."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.e2e.conftest import RunningStack
from tests.e2e.test_question_flow import Client, eventually, expert_client

COUNTY, CITY = "sx-06-02", "sx-06"


def test_an_edit_and_a_withdrawal_reach_the_feeds_and_figures(
    running: RunningStack, local_dir: Path
) -> None:
    asker = Client(running, local_dir, "--sub", "e2e-editor", "--role", "youth")

    def feed() -> dict[str, str]:
        listing = asker.ok("GET", f"/questions?platform_id={CITY}&limit=100")
        return {item["id"]: item["title"] for item in listing["items"]}

    def questions_counted() -> int:
        counted: int = asker.ok("GET", f"/platforms/{CITY}/stats")["questions"]
        return counted

    before = questions_counted()
    # Given a question, listed on its city's feed and counted there
    draft = {"title": "怎么申请创业贷款", "body": "大学生创业有哪些贷款政策？",
             "topic": "employment", "platform_id": COUNTY}  # fmt: skip
    asked = asker.ok("POST", "/questions", draft, status=201)
    question = f"/questions/{asked['id']}"
    assert eventually(feed, {asked["id"]: draft["title"]}) == {asked["id"]: draft["title"]}
    assert eventually(questions_counted, before + 1) == before + 1
    # When the asker edits its title, the feed shows the new one
    edited = asker.ok("PATCH", question, {"title": "大学生怎么申请创业担保贷款"})
    assert edited["title"] == "大学生怎么申请创业担保贷款"
    expected = {asked["id"]: edited["title"]}
    assert eventually(feed, expected) == expected
    # And when the asker withdraws it, it leaves the feed and the figures; again is a 204
    assert asker.call("DELETE", question).status_code == 204
    assert asker.call("DELETE", question).status_code == 204
    assert eventually(feed, {}) == {}
    assert eventually(questions_counted, before) == before
    stranger = Client(running, local_dir, "--sub", "e2e-passer-by", "--role", "youth")
    assert stranger.call("GET", question).status_code == 404


def test_the_expert_board_names_its_experts_and_pages(
    running: RunningStack, local_dir: Path
) -> None:
    admin = Client(running, local_dir, "--sub", "e2e-board-admin", "--role", "admin")
    asker = Client(running, local_dir, "--sub", "e2e-board-youth", "--role", "youth")
    # Given two invited demo experts who each answer a question on one county
    draft = {"title": "怎么准备公务员考试", "body": "需要报班吗？", "topic": "employment",
             "platform_id": COUNTY}  # fmt: skip
    answered: dict[str, str] = {}
    while len(answered) < 2:
        asked = asker.ok("POST", "/questions", draft, status=201)
        expert_id = next(e for e in asked["assignees"] if e not in answered)
        expert = expert_client(running, local_dir, admin, expert_id)
        expert.ok("POST", f"/questions/{asked['id']}/answers", {"body": "看看历年真题"}, 201)
        answered[expert_id] = admin.ok("GET", f"/experts/{expert_id}")["name"]
    board = f"{running.url}/leaderboards/experts?platform_id={COUNTY}&limit=1"

    def named() -> dict[str, str]:
        rows, cursor = [], ""
        while True:
            page = requests.get(f"{board}{cursor}", timeout=10)
            assert page.status_code == 200, page.text
            rows += page.json()["items"]
            if page.json()["next_cursor"] is None:
                return {row["author"]["expert_id"]: row["author"]["name"] for row in rows}
            cursor = f"&cursor={page.json()['next_cursor']}"

    # Then the county's board, read one row at a time, names both experts
    assert eventually(named, answered) == answered


def test_an_erased_young_person_leaves_their_question_by_no_one(
    running: RunningStack, local_dir: Path
) -> None:
    me = Client(running, local_dir, "--sub", "e2e-erased", "--role", "youth")
    staff = Client(running, local_dir, "--sub", "e2e-erase-staff", "--role", "staff",
                   "--platform", CITY)  # fmt: skip

    def questions_counted() -> int:
        counted: int = me.ok("GET", f"/platforms/{CITY}/stats")["questions"]
        return counted

    # Given a young person with a nickname and a question, counted on their city
    me.ok("PATCH", "/me", {"nickname": "小树"})
    before = questions_counted()
    draft = {"title": "考研和工作怎么选", "body": "家里希望我考公", "topic": "employment",
             "platform_id": COUNTY}  # fmt: skip
    asked = me.ok("POST", "/questions", draft, status=201)
    assert eventually(questions_counted, before + 1) == before + 1
    # When they erase themselves
    receipt = me.ok("DELETE", "/me")
    # Then the receipt counts their question, the question stays, asked by no one even to
    # staff, and the city's figures do not move
    assert receipt["questions"] == 1

    def asker() -> dict[str, str]:
        shown: dict[str, str] = staff.ok("GET", f"/questions/{asked['id']}")["asker"]
        return {"name": shown["name"], "user_id": shown["user_id"]}

    erased = {"name": "已注销用户", "user_id": None}
    assert eventually(asker, erased) == erased
    assert questions_counted() == before + 1
    # And their own list is empty
    assert me.ok("GET", "/me/questions")["items"] == []
