"""Ask and answer on the running local stack over real HTTP, with `youthvoice token` tokens."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import requests

from tests.e2e.conftest import RunningStack
from tests.e2e.test_local_stack import cli_token


class Client:
    def __init__(self, stack: RunningStack, local_dir: Path, *token_args: str) -> None:
        self._url = stack.url
        token = cli_token(local_dir, *token_args)
        self._headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> requests.Response:
        return requests.request(
            method,
            f"{self._url}{path}",
            json=body,
            headers={**self._headers, **headers},
            timeout=10,
        )

    def ok(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = self.call(method, path, body)
        assert response.status_code == status, response.text
        return response.json()


def eventually(probe: Any, expected: Any, seconds: float = 10) -> Any:
    """The stream pump runs on its own thread: wait a bounded time for a projection."""
    deadline = time.monotonic() + seconds
    while True:
        found = probe()
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def expert_client(stack: RunningStack, local_dir: Path, admin: Client, expert_id: str) -> Client:
    expert = admin.ok("GET", f"/experts/{expert_id}")
    return Client(
        stack, local_dir, "--sub", expert["user_id"], "--role", "expert",
        "--platform", expert["platform_id"],
    )  # fmt: skip


def test_ask_route_decline_reroute_answer_accept_rate(
    shared: RunningStack, module_dir: Path
) -> None:
    admin = Client(shared, module_dir, "--sub", "e2e-admin", "--role", "admin")
    asker = Client(shared, module_dir, "--sub", "e2e-youth", "--role", "youth")
    # Given a question on 小店区 about finding work
    asked = asker.ok(
        "POST",
        "/questions",
        {
            "title": "应届生怎么找工作",
            "body": "太原有哪些适合应届生的招聘会？",
            "topic": "employment",
            "platform_id": "sx-01-01",
        },
        status=201,
    )
    question = f"/questions/{asked['id']}"
    # Then experts were invited
    assert 1 <= len(asked["assignees"]) <= 3
    first = expert_client(shared, module_dir, admin, asked["assignees"][0])
    invitations = first.ok("GET", "/me/assignments")["items"]
    assert asked["id"] in [i["question_id"] for i in invitations if i["state"] == "invited"]
    # When the first expert declines, the question is offered to someone else
    declined = first.ok("POST", f"/assignments/{asked['id']}/decline", {"reason": "出差中"})
    assert asked["assignees"][0] not in declined["assignees"]
    assert declined["assignees"], "someone else must be invited"
    second = expert_client(shared, module_dir, admin, declined["assignees"][-1])
    # And an invited expert answers, once, however often the client retries
    key = {"Idempotency-Key": "e2e-answer-1"}
    body = {"body": "可以关注省人社厅的校园招聘会，也可以在青年之声提问。"}
    answered = second.call("POST", f"{question}/answers", body, **key)
    replayed = second.call("POST", f"{question}/answers", body, **key)
    assert (answered.status_code, replayed.status_code) == (201, 200)
    assert answered.json()["id"] == replayed.json()["id"]
    assert asker.ok("GET", question)["status"] == "answered"
    # Then the asker accepts and rates; a low rating reopens the question
    resolved = asker.ok("POST", f"{question}/accept", {"answer_id": answered.json()["id"]})
    assert resolved["status"] == "resolved"
    reopened = asker.ok("POST", f"{question}/rating", {"score": 1, "comment": "没有用"})
    assert reopened["status"] == "reopened"
    assert reopened["due_at"] >= asked["due_at"]

    # And the subtree feed of 太原市 shows it as reopened once the stream has caught up
    def feed() -> list[str]:
        listing = asker.ok("GET", "/questions?platform_id=sx-01&status=reopened")
        return [item["id"] for item in listing["items"]]

    assert eventually(feed, [asked["id"]]) == [asked["id"]]


def test_anonymous_question_hides_its_asker(shared: RunningStack, module_dir: Path) -> None:
    asker = Client(shared, module_dir, "--sub", "e2e-shy", "--role", "youth")
    asked = asker.ok(
        "POST",
        "/questions",
        {
            "title": "心理压力很大怎么办",
            "body": "最近考试压力很大，睡不着。",
            "topic": "mental-health",
            "platform_id": "sx-04-11",
            "anonymous": True,
        },
        status=201,
    )
    question = f"/questions/{asked['id']}"
    stranger = Client(shared, module_dir, "--sub", "e2e-stranger", "--role", "youth")
    staff = Client(
        shared, module_dir, "--sub", "e2e-staff", "--role", "staff", "--platform", "sx-04"
    )
    assert stranger.ok("GET", question)["asker"]["name"] == "匿名"
    assert stranger.ok("GET", question)["asker"]["user_id"] is None
    assert asker.ok("GET", question)["asker"]["user_id"] == "e2e-shy"
    assert staff.ok("GET", question)["asker"]["user_id"] == "e2e-shy"


def test_moderation_blocks_holds_and_approves(shared: RunningStack, module_dir: Path) -> None:
    asker = Client(shared, module_dir, "--sub", "e2e-mod", "--role", "youth")
    draft = {"title": "想找一份兼职", "topic": "employment", "platform_id": "sx-05-01"}
    blocked = asker.call("POST", "/questions", {**draft, "body": "哪里能办假证"})
    assert blocked.status_code == 422
    assert blocked.json()["error"]["detail"] == "content not allowed: fraud"
    held = asker.ok("POST", "/questions", {**draft, "body": "兼职日结靠谱吗"}, status=201)
    assert held["visibility"] == "held"
    stranger = Client(shared, module_dir, "--sub", "e2e-other", "--role", "youth")
    assert stranger.call("GET", f"/questions/{held['id']}").status_code == 404
    staff = Client(
        shared, module_dir, "--sub", "e2e-staff5", "--role", "staff", "--platform", "sx-05"
    )

    def queue() -> list[str]:
        return [e["item_id"] for e in staff.ok("GET", "/moderation/queue")["items"]]

    assert eventually(queue, [held["id"]]) == [held["id"]]
    decided = staff.ok("POST", f"/moderation/{held['id']}", {"action": "approve", "reason": "ok"})
    assert decided["visibility"] == "visible"
    shown = stranger.ok("GET", f"/questions/{held['id']}")
    assert shown["visibility"] == "visible"
    assert shown["assignees"], "an approved question is routed to experts"


def test_reading_without_a_token_counts_each_reader_once(
    shared: RunningStack, module_dir: Path
) -> None:
    asker = Client(shared, module_dir, "--sub", "e2e-public-asker", "--role", "youth")
    # Given a question on 迎泽区, and the district's visits so far
    asked = asker.ok(
        "POST", "/questions",
        {"title": "公租房怎么申请", "body": "刚参加工作，想了解申请条件。", "topic": "daily-life",
         "platform_id": "sx-01-01"},
        status=201,
    )  # fmt: skip
    stats = f"{shared.url}/platforms/sx-01-01/stats"
    before = requests.get(stats, timeout=10).json()["visits"]
    # When two browsers without a token, at one address, read it, one of them three times
    for agent in ("phone-browser", "phone-browser", "desk-browser", "phone-browser"):
        read = requests.get(
            f"{shared.url}/questions/{asked['id']}", headers={"User-Agent": agent}, timeout=10
        )
        assert read.status_code == 200, read.text
        assert (read.json()["title"], read.json()["asker"]["user_id"]) == ("公租房怎么申请", None)
        assert read.json()["asker"]["name"].startswith("青年·")
    # Then the question is public and the district counted one visit: a User-Agent is no reader
    assert requests.get(stats, timeout=10).json()["visits"] == before + 1
