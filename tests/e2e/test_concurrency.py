"""Independent actions by different users at the same moment all succeed on the running stack:
only a real duplicate is a conflict."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.e2e.conftest import RunningStack
from youthvoice.config import get_settings
from youthvoice.domain.identity import Principal, Role
from youthvoice.services.identity import issue_local_token

CROWD = 20
CITY, COUNTY = "sx-01", "sx-01-01"


# A crowd's last request waits behind all the others on a 2-core machine (220 signups took
# 21-30 s in all): the timeout bounds a hang, not the latency of one request.
CROWD_TIMEOUT_SECONDS = 120


class Caller:
    """Signs its own token with the stack's local key: twenty CLI processes would take a while."""

    def __init__(self, stack: RunningStack, local_dir: Path, principal: Principal) -> None:
        settings = dataclasses.replace(get_settings(), local_dir=local_dir)
        token = issue_local_token(principal, 3600, settings)
        self._url = stack.url
        self._headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: Any = None) -> requests.Response:
        return requests.post(
            f"{self._url}{path}", json=body, headers=self._headers, timeout=CROWD_TIMEOUT_SECONDS
        )


def all_at_once(calls: list[Any]) -> list[int]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [response.status_code for response in pool.map(lambda call: call(), calls)]


def test_a_crowd_of_experts_answers_and_a_crowd_likes_at_once(
    running: RunningStack, local_dir: Path
) -> None:
    # Given twenty experts of the city for the topic, and a question on one of its counties
    admin = Caller(running, local_dir, Principal("crowd-admin", Role.ADMIN))
    experts = []
    for number in range(CROWD):
        user = f"crowd-expert-{number}"
        registered = admin.post(
            "/experts",
            {"user_id": user, "name": "专家", "topics": ["employment"], "platform_id": CITY},
        )
        assert registered.status_code == 201, registered.text
        experts.append(Caller(running, local_dir, Principal(user, Role.EXPERT, CITY)))
    asker = Caller(running, local_dir, Principal("crowd-youth", Role.YOUTH))
    asked = asker.post(
        "/questions",
        {"title": "暑期实习去哪找", "body": "大二学生想找实习", "topic": "employment",
         "platform_id": COUNTY},
    )  # fmt: skip
    assert asked.status_code == 201, asked.text
    question = asked.json()["id"]
    # When all twenty answer at the same moment
    answers = all_at_once(
        [
            lambda expert=expert: expert.post(f"/questions/{question}/answers", {"body": "推荐"})
            for expert in experts
        ]
    )
    # Then every answer lands
    assert answers == [201] * CROWD
    # And when twenty young people like the same answer at once, every like lands
    first = experts[0].post(f"/questions/{question}/answers", {"body": "再答一次"})
    assert first.status_code == 409
    liked = requests.get(f"{running.url}/questions/{question}", headers=asker._headers, timeout=10)
    answer_id = liked.json()["answers"][0]["id"]
    fans = [
        Caller(running, local_dir, Principal(f"crowd-fan-{n}", Role.YOUTH)) for n in range(CROWD)
    ]
    likes = all_at_once([lambda fan=fan: fan.post(f"/answers/{answer_id}/likes") for fan in fans])
    assert likes == [201] * CROWD
    after = requests.get(f"{running.url}/questions/{question}", headers=asker._headers, timeout=10)
    counted = {a["id"]: a["likes"] for a in after.json()["answers"]}
    assert counted[answer_id] == CROWD
    assert len(counted) == CROWD
