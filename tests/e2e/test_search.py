"""Search on the running local stack: the index follows questions through the stream."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from tests.e2e.conftest import RunningStack
from tests.e2e.test_question_flow import Client, eventually, expert_client


def found(stack: RunningStack, path: str, **query: str) -> list[str]:
    response = requests.get(f"{stack.url}{path}", params=query, timeout=10)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def in_search(stack: RunningStack, question: dict[str, Any], q: str) -> bool:
    return question["id"] in found(stack, "/search", q=q)


def in_similar(stack: RunningStack, question: dict[str, Any], title: str) -> bool:
    return question["id"] in found(stack, "/questions/similar", title=title)


def test_questions_are_found_and_leave_search_when_held_or_removed(
    running: RunningStack, local_dir: Path
) -> None:
    admin = Client(running, local_dir, "--sub", "e2e-search-admin", "--role", "admin")
    asker = Client(running, local_dir, "--sub", "e2e-search-youth", "--role", "youth")
    staff = Client(running, local_dir, "--sub", "e2e-search-staff", "--role", "staff",
                   "--platform", "sx-01")  # fmt: skip
    # Given an answered question about a start-up loan and an open one about a deposit
    loan = asker.ok(
        "POST",
        "/questions",
        {"title": "大学生创业担保贷款怎么申请", "body": "想在小店区开奶茶店，需要什么条件？",
         "topic": "employment", "platform_id": "sx-01-01"},
        status=201,
    )  # fmt: skip
    deposit = asker.ok(
        "POST",
        "/questions",
        {"title": "房东不退押金怎么办", "body": "合同到期，房东说墙脏了押金不退。",
         "topic": "rights", "platform_id": "sx-01-01"},
        status=201,
    )  # fmt: skip
    expert = expert_client(running, local_dir, admin, loan["assignees"][0])
    expert.ok(
        "POST",
        f"/questions/{loan['id']}/answers",
        {"body": "带身份证和营业执照到人社局申请。"},
        201,
    )
    # When the projection catches up, both are found; the answered one is similar to a draft
    assert eventually(lambda: in_search(running, loan, "創業擔保貸款"), True)
    assert eventually(lambda: in_search(running, deposit, "押金不退"), True)
    assert eventually(lambda: in_similar(running, loan, "创业贷款怎么申请"), True)
    assert not in_similar(running, deposit, "房东不退押金")
    # When the open one is flagged into review (held) and the answered one removed
    for n in range(3):
        reporter = Client(
            running, local_dir, "--sub", f"e2e-search-reporter-{n}", "--role", "youth"
        )
        reporter.ok("POST", f"/questions/{deposit['id']}/flags", {"reason": "广告"}, 201)
    staff.ok("POST", f"/moderation/{loan['id']}", {"action": "remove"})
    # Then both leave search, and the removed one leaves similar questions
    assert eventually(lambda: in_search(running, deposit, "押金不退"), False) is False
    assert eventually(lambda: in_search(running, loan, "創業擔保貸款"), False) is False
    assert not in_similar(running, loan, "创业贷款怎么申请")
