"""DynamoDB calls per request for each route, and in-process latency against bare moto calls.

Usage: .venv/bin/python -m bench.requests [--runs 30]

Calls are counted with a botocore `before-call` event hook on every DynamoDB client, so
PynamoDB's calls count too. Latency is the median over --runs of a request through the
chalice gateway (authorizer included) on moto in-process, divided by the median of one bare
PutItem / GetItem on the same moto in the same run (the floor). Every request's status is
asserted: a route that fails is reported as a failure, not measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import boto3
from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.hooks import on_dynamodb_clients
from tests.integration.api import Reply, as_user
from tests.integration.conftest import _started_stack
from youthvoice.config import get_settings
from youthvoice.domain.identity import Role

CALLS: Counter[str] = Counter()


def _count(model: Any, **_: Any) -> None:
    CALLS[model.name] += 1


def install_counter() -> None:
    on_dynamodb_clients("before-call", _count)


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def answered(reply: Reply, status: int) -> Any:
    """The body of a reply that has the expected status."""
    assert reply.status == status, (status, reply.status, reply.body)
    return reply.body


def calls_of(action: Callable[[], Reply], status: int) -> tuple[int, str]:
    CALLS.clear()
    answered(action(), status)
    total = sum(CALLS.values())
    return total, ", ".join(f"{name}×{n}" if n > 1 else name for name, n in sorted(CALLS.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    install_counter()
    with mock_aws():
        stack = _started_stack(200)
        settings = get_settings()
        raw = boto3.client("dynamodb")
        item = {"pk": {"S": "BENCH#1"}, "sk": {"S": "META"}, "entity": {"S": "bench"}}
        put_floor = median_seconds(
            lambda: raw.put_item(TableName=settings.content_table, Item=item), runs
        )
        key = {"pk": item["pk"], "sk": item["sk"]}
        get_floor = median_seconds(
            lambda: raw.get_item(TableName=settings.content_table, Key=key), runs
        )
        index_floor = median_seconds(
            lambda: raw.query(
                TableName=settings.content_table,
                IndexName="gsi1",
                KeyConditionExpression="gsi1pk = :p",
                ExpressionAttributeValues={":p": {"S": "ROUTE#sx-04-11#charity"}},
            ),
            runs,
        )

        asker = as_user(stack, "bench-youth", Role.YOUTH)
        admin = as_user(stack, "bench-admin", Role.ADMIN)
        staff = as_user(stack, "bench-staff", Role.STAFF, "sx-04")
        expert, standby = (
            answered(
                admin.post(
                    "/experts",
                    {"user_id": user, "name": "专家", "topics": [topic], "platform_id": "sx-04-11"},
                ),
                201,
            )
            for user, topic in (("bench-expert", "charity"), ("bench-standby", "culture"))
        )
        as_expert = as_user(stack, "bench-expert", Role.EXPERT, "sx-04-11")
        ask_body = {
            "title": "怎么报名志愿者",
            "body": "想参加社区志愿服务。",
            "topic": "charity",
            "platform_id": "sx-04-11",
        }

        def ask() -> Reply:
            return asker.post("/questions", ask_body)

        season = answered(
            admin.post(
                "/seasons",
                {"name": "公益季", "topics": ["charity"], "platform_id": "sx-04",
                 "starts_at": "2027-03-01", "ends_at": "2027-03-15"},
            ),
            201,
        )  # fmt: skip
        answered(ask(), 201)  # warm the per-container caches, as a warm Lambda has them
        qid = answered(ask(), 201)["id"]
        answer = answered(
            as_expert.post(f"/questions/{qid}/answers", {"body": "可以在社区报名。"}), 201
        )
        stack.pump.drain()

        def fresh_question() -> str:
            asked: str = answered(ask(), 201)["id"]
            return asked

        # An expert answers a question officially once a round: the answer route gets its own
        unanswered = fresh_question()
        routes: list[tuple[str, int, Callable[[], Reply]]] = [
            ("POST /questions", 201, ask),
            ("GET /questions/{id}", 200, lambda: asker.get(f"/questions/{qid}")),
            ("GET /questions?platform_id=", 200, lambda: asker.get("/questions?platform_id=sx-04")),
            ("GET /me/questions", 200, lambda: asker.get("/me/questions")),
            ("GET /me/assignments", 200, lambda: as_expert.get("/me/assignments")),
            (
                "POST /questions/{id}/answers",
                201,
                lambda: as_expert.post(
                    f"/questions/{unanswered}/answers", {"body": "再补充一点。"}
                ),
            ),
            (
                "POST /answers/{id}/likes",
                201,
                lambda: asker.post(f"/answers/{answer['id']}/likes"),
            ),
            (
                "DELETE /answers/{id}/likes",
                204,
                lambda: asker.delete(f"/answers/{answer['id']}/likes"),
            ),
            (
                "POST /questions/{id}/accept",
                200,
                lambda: asker.post(f"/questions/{qid}/accept", {"answer_id": answer["id"]}),
            ),
            (
                "POST /questions/{id}/rating",
                200,
                lambda: asker.post(f"/questions/{qid}/rating", {"score": 5}),
            ),
            (
                "POST /questions/{id}/flags",
                201,
                lambda: staff.post(f"/questions/{qid}/flags", {"reason": "测试"}),
            ),
            ("GET /experts?platform_id=", 200, lambda: asker.get("/experts?platform_id=sx-04-11")),
            ("GET /experts/{id}", 200, lambda: asker.get(f"/experts/{expert['id']}")),
            (
                "PATCH /experts/{id}",
                200,
                lambda: admin.patch(f"/experts/{expert['id']}", {"topics": ["charity", "culture"]}),
            ),
            ("GET /moderation/queue", 200, lambda: staff.get("/moderation/queue")),
            (
                "POST /moderation/{id}",
                200,
                lambda: staff.post(f"/moderation/{qid}", {"action": "approve"}),
            ),
            ("GET /platforms/{id}", 200, lambda: asker.get("/platforms/sx-04")),
            ("GET /topics", 200, lambda: asker.get("/topics")),
        ]
        decline_target = fresh_question()
        supervised = fresh_question()
        until = (dt.datetime.now(dt.UTC) + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")
        routes += [
            (
                "POST /assignments/{id}/decline",
                200,
                lambda: as_expert.post(f"/assignments/{decline_target}/decline", {"reason": "忙"}),
            ),
            ("GET /supervision", 200, lambda: staff.get("/supervision")),
            # The first run invites the standby expert; later runs keep that invitation
            (
                "POST /questions/{id}/reassign",
                200,
                lambda: staff.post(
                    f"/questions/{supervised}/reassign", {"expert_ids": [standby["id"]]}
                ),
            ),
            (
                "POST /questions/{id}/extend",
                200,
                lambda: staff.post(
                    f"/questions/{supervised}/extend", {"until": until, "reason": "等待答复"}
                ),
            ),
            (
                "POST /questions/{id}/close",
                200,
                lambda: staff.post(f"/questions/{supervised}/close", {"reason": "out_of_scope"}),
            ),
            ("POST /admin/escalations/run", 200, lambda: admin.post("/admin/escalations/run", {})),
            (
                "GET /me/notifications?desk=true",
                200,
                lambda: staff.get("/me/notifications?desk=true"),
            ),
            ("GET /seasons?platform_id=", 200, lambda: asker.get("/seasons?platform_id=sx-04")),
            ("GET /seasons/{id}", 200, lambda: asker.get(f"/seasons/{season['id']}")),
            (
                "GET /seasons/{id}/report",
                200,
                lambda: asker.get(f"/seasons/{season['id']}/report"),
            ),
            (
                "PATCH /seasons/{id}",
                200,
                lambda: staff.patch(f"/seasons/{season['id']}", {"description": "三月"}),
            ),
        ]
        print(f"{'route':<34} {'calls':>5}  operations")
        for name, status, action in routes:
            total, detail = calls_of(action, status)
            print(f"{name:<34} {total:>5}  {detail}")

        ask_seconds = median_seconds(lambda: answered(ask(), 201), runs)
        read_seconds = median_seconds(lambda: answered(asker.get(f"/questions/{qid}"), 200), runs)
        print()
        print(f"bare PutItem (floor)   : {put_floor * 1000:7.2f} ms")
        print(f"bare GetItem (floor)   : {get_floor * 1000:7.2f} ms")
        print(f"bare GSI Query         : {index_floor * 1000:7.2f} ms  (one index partition)")
        for label, seconds, floor, floor_name in (
            ("POST /questions", ask_seconds, put_floor, "PutItem"),
            ("GET /questions/{id}", read_seconds, get_floor, "GetItem"),
        ):
            ratio = seconds / floor
            print(f"{label:<23}: {seconds * 1000:7.2f} ms  = {ratio:5.1f}x {floor_name}")
        print(f"runs per median: {runs}")


if __name__ == "__main__":
    main()
