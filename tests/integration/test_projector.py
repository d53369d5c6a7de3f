"""The Content stream projected exactly once: duplicates, halves and poison records."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from chalice.local import LambdaContext

import app
from tests.integration.api import as_user
from tests.integration.conftest import DEMO_EXPERTS, Stack
from youthvoice.config import get_settings
from youthvoice.data.experts import ExpertRepository
from youthvoice.data.models import DocumentItem
from youthvoice.data.projections import CounterRepository
from youthvoice.domain.errors import Conflict
from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.identity import Role
from youthvoice.services.reconcile import reconcile_counters
from youthvoice_local.pump import to_lambda_record


def expert(number: int, platform: str, lineage: tuple[str, ...], **changes: Any) -> Expert:
    fields: dict[str, Any] = {
        "id": f"ex-t{number}",
        "user_id": f"user-t{number}",
        "name": "测试专家",
        "platform_id": platform,
        "lineage": lineage,
        "topics": ("employment",),
        "bio": "",
        "status": ExpertStatus.ACTIVE,
        "created_at": "2026-11-02T00:00:00Z",
    }
    fields.update(changes)
    return Expert(**fields)


COUNTY = ("sx-04-11", "sx-04", "sx")


def unread_records(aws: Any) -> list[dict[str, Any]]:
    """Every stream record from the start: the pump has projected them, we replay them."""
    streams = boto3.client("dynamodbstreams")
    arn = aws.describe_table(TableName=get_settings().content_table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records: list[dict[str, Any]] = []
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        if not page["Records"]:
            break
        records += [to_lambda_record(r, arn) for r in page["Records"]]
        iterator = page.get("NextShardIterator")
    return records


def is_test_profile(record: dict[str, Any]) -> bool:
    keys = record["dynamodb"]["Keys"]
    return bool(keys["pk"]["S"].startswith("EXPERT#ex-t") and keys["sk"]["S"] == "PROFILE")


def deliver(records: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = app.project_content(
        {"Records": records}, LambdaContext("project_content", 512)
    )
    return result


def experts_on(stack: Stack, platform: str) -> int:
    count: int = stack.http.get(f"/platforms/{platform}").json_body["experts"]
    return count


def test_changes_roll_up_the_ancestry(stack: Stack) -> None:
    # Given two new experts in 沁县, When one pauses and the other moves to the city
    repository = ExpertRepository()
    repository.put_all([expert(1, COUNTY[0], COUNTY), expert(2, COUNTY[0], COUNTY)])
    stack.pump.drain()
    before_city = experts_on(stack, "sx-04")
    before_county = experts_on(stack, "sx-04-11")
    repository.put_all(
        [
            expert(1, COUNTY[0], COUNTY, status=ExpertStatus.PAUSED),
            expert(2, "sx-04", ("sx-04", "sx")),
        ]
    )
    stack.pump.drain()
    # Then the county loses both, the city keeps the mover, the province counts only the active
    assert experts_on(stack, "sx-04-11") == before_county - 2
    assert experts_on(stack, "sx-04") == before_city - 1
    assert experts_on(stack, "sx") == DEMO_EXPERTS + 1
    assert reconcile_counters("sx", repair=False) == []


def test_redelivery_whole_and_in_halves_changes_nothing(stack: Stack) -> None:
    # Given every record already projected once
    records = unread_records(stack.dynamodb)
    assert len(records) > 100
    # When the same records arrive again, whole and then bisected
    deliver(records)
    middle = len(records) // 2
    deliver(records[:middle])
    deliver(records[middle:])
    # Then the counters still equal a recount of Content
    assert experts_on(stack, "sx") == DEMO_EXPERTS
    assert reconcile_counters("sx", repair=False) == []


def test_a_poison_record_is_reported_and_the_rest_applied(stack: Stack) -> None:
    # Given a batch with one undecodable record in the middle
    ExpertRepository().put_all([expert(n, COUNTY[0], COUNTY) for n in range(1, 5)])
    fresh = [r for r in unread_records(stack.dynamodb) if is_test_profile(r)]
    assert len(fresh) == 4
    poison = {**fresh[1], "dynamodb": {**fresh[1]["dynamodb"], "NewImage": {"entity": {"S": 5}}}}
    batch = [fresh[0], poison, fresh[2], fresh[3]]
    # When it is delivered
    result = deliver(batch)
    # Then only the poison record is reported, and the others count once, even when re-sent
    assert result == {
        "batchItemFailures": [{"itemIdentifier": poison["dynamodb"]["SequenceNumber"]}]
    }
    deliver(batch)
    assert experts_on(stack, "sx") == DEMO_EXPERTS + 3
    # And the real record behind the poison one still counts when it arrives intact
    deliver([fresh[1]])
    assert experts_on(stack, "sx") == DEMO_EXPERTS + 4


def test_reconcile_repairs_drift(stack: Stack) -> None:
    # Given a counter corrupted behind the projector's back
    CounterRepository().set_metric("platform", "sx-04", "experts", 999)
    CounterRepository().set_metric("topic", "health", "questions", 7)
    # When reconciliation runs with repair, Then it reports the drift and fixes it
    drifts = reconcile_counters("sx", repair=True)
    assert [(d.scope, d.scope_id, d.metric, d.projected) for d in drifts] == [
        ("platform", "sx-04", "experts", 999),
        ("topic", "health", "questions", 7),
    ]
    assert drifts[1].recounted == 0
    assert experts_on(stack, "sx-04") == drifts[0].recounted < 999
    assert reconcile_counters("sx", repair=False) == []


def test_a_cancelled_transaction_does_not_stall_the_stream(stack: Stack) -> None:
    # Given a transaction that DynamoDB cancels (moto then swaps in a copy of the table)
    counters = CounterRepository()
    repository = ExpertRepository()
    first = expert(10, COUNTY[0], COUNTY)
    repository.register(first)
    with pytest.raises(Conflict):
        repository.register(first)
    # When more writes follow, Then the pump still sees them
    repository.register(expert(11, COUNTY[0], COUNTY))
    stack.pump.drain()
    assert counters.expert_counts(["sx"]) == {"sx": DEMO_EXPERTS + 2}


def test_redelivered_status_changes_leave_the_feeds_exact(stack: Stack) -> None:
    # Given a question asked and then answered, its stream records not yet projected
    asker = as_user(stack, "youth-replay", Role.YOUTH)
    expert_user = as_user(stack, "replay-staff", Role.STAFF, "sx-04")
    asked = asker.post(
        "/questions",
        {"title": "重复投递测试", "body": "正文", "topic": "health", "platform_id": "sx-04-11"},
    ).body
    expert_user.post(f"/questions/{asked['id']}/answers", {"body": "回答"})
    records = unread_records(stack.dynamodb)
    inserted = next(
        n
        for n, record in enumerate(records)
        if record["eventName"] == "INSERT"
        and record["dynamodb"]["Keys"]["pk"]["S"] == f"Q#{asked['id']}"
    )

    def feeds() -> dict[str, int]:
        return {
            status: sum(1 for _ in DocumentItem.query(f"FEED#sx-04#{status}"))
            for status in ("ALL", "open", "answered")
        }

    # When the insert arrives alone, then everything arrives (old and new mixed in one batch)
    deliver(records[: inserted + 1])
    assert feeds() == {"ALL": 1, "open": 1, "answered": 0}
    deliver(records)
    # Then the entries moved from open to answered, and replaying in halves changes nothing
    assert feeds() == {"ALL": 1, "open": 0, "answered": 1}
    deliver(records[: len(records) // 2])
    deliver(records[len(records) // 2 :])
    assert feeds() == {"ALL": 1, "open": 0, "answered": 1}
