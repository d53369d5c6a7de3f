"""The local stack's partition-sized Queries must answer exactly what a brute-force read does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from youthvoice_local import moto_patches

moto_patches.install()

TABLE = "index-check"
SHARDS = ["A", "B"]
MOMENTS = [f"2026-12-0{d}" for d in range(1, 6)]

keys = st.integers(0, 7).map(lambda n: f"k{n}")
sorts = st.sampled_from(["s0", "s1"])
shard = st.sampled_from(SHARDS)
moment = st.sampled_from(MOMENTS)
operation = st.one_of(
    st.tuples(st.just("put"), keys, sorts, st.one_of(st.none(), shard), moment),
    st.tuples(st.just("move"), keys, sorts, shard, moment),
    st.tuples(st.just("leave"), keys, sorts, st.none(), st.none()),
    st.tuples(st.just("delete"), keys, sorts, st.none(), st.none()),
    st.tuples(st.just("cancelled"), keys, sorts, shard, moment),
    st.tuples(st.just("batch"), keys, sorts, shard, moment),
)
condition = st.sampled_from(["<=", "<", ">=", ">", "=", "between", "begins", "none"])


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb")
        client.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"}
                for name in ("pk", "sk", "shard", "due")
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "due",
                    "KeySchema": [
                        {"AttributeName": "shard", "KeyType": "HASH"},
                        {"AttributeName": "due", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
        yield client


def apply(client: Any, step: tuple[str, str, str, str | None, str | None]) -> None:
    kind, pk, sk, shard_value, due = step
    key = {"pk": {"S": pk}, "sk": {"S": sk}}
    indexed = {"shard": {"S": shard_value}, "due": {"S": due}} if shard_value and due else {}
    if kind == "put":
        client.put_item(TableName=TABLE, Item={**key, **indexed})
    elif kind == "move":
        client.update_item(
            TableName=TABLE,
            Key=key,
            UpdateExpression="SET #s = :s, #d = :d",
            ExpressionAttributeNames={"#s": "shard", "#d": "due"},
            ExpressionAttributeValues={":s": {"S": shard_value}, ":d": {"S": due}},
        )
    elif kind == "leave":
        client.update_item(TableName=TABLE, Key=key, UpdateExpression="REMOVE #s",
                           ExpressionAttributeNames={"#s": "shard"})  # fmt: skip
    elif kind == "delete":
        client.delete_item(TableName=TABLE, Key=key)
    elif kind == "batch":
        client.batch_write_item(
            RequestItems={TABLE: [{"PutRequest": {"Item": {**key, **indexed}}}]}
        )
    else:
        # A transaction that moves the item and then fails: the move must be undone, index too
        with pytest.raises(ClientError):
            client.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": TABLE, "Item": {**key, **indexed}}},
                    {
                        "Put": {
                            "TableName": TABLE,
                            "Item": {"pk": {"S": "never"}, "sk": {"S": "x"}},
                            "ConditionExpression": "attribute_exists(pk)",
                        }
                    },
                ]
            )


def expected(client: Any, shard_value: str, test: Any) -> list[tuple[str, str, str]]:
    """Brute force: every item (a Scan is not accelerated), filtered and ordered by the index."""
    rows = client.scan(TableName=TABLE)["Items"]
    found = [
        (row["due"]["S"], row["pk"]["S"], row["sk"]["S"])
        for row in rows
        if row.get("shard", {}).get("S") == shard_value and "due" in row and test(row["due"]["S"])
    ]
    return sorted(found)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(operation, max_size=30), shard_value=shard, kind=condition, at=moment)
def test_index_queries_match_a_brute_force_read(
    dynamodb: Any, steps: list[Any], shard_value: str, kind: str, at: str
) -> None:
    for item in dynamodb.scan(TableName=TABLE)["Items"]:
        dynamodb.delete_item(TableName=TABLE, Key={"pk": item["pk"], "sk": item["sk"]})
    for step in steps:
        apply(dynamodb, step)
    later = MOMENTS[min(MOMENTS.index(at) + 2, len(MOMENTS) - 1)]
    conditions: dict[str, tuple[str, dict[str, Any], Any]] = {
        "<=": ("#d <= :a", {":a": {"S": at}}, lambda d: d <= at),
        "<": ("#d < :a", {":a": {"S": at}}, lambda d: d < at),
        ">=": ("#d >= :a", {":a": {"S": at}}, lambda d: d >= at),
        ">": ("#d > :a", {":a": {"S": at}}, lambda d: d > at),
        "=": ("#d = :a", {":a": {"S": at}}, lambda d: d == at),
        "between": ("#d BETWEEN :a AND :b", {":a": {"S": at}, ":b": {"S": later}},
                    lambda d: at <= d <= later),
        "begins": ("begins_with(#d, :a)", {":a": {"S": at[:9]}}, lambda d: d.startswith(at[:9])),
        "none": ("", {}, lambda d: True),
    }  # fmt: skip
    range_condition, values, test = conditions[kind]
    expression = "#s = :s" + (f" AND {range_condition}" if range_condition else "")
    names = {"#s": "shard", **({"#d": "due"} if range_condition else {})}
    answer = dynamodb.query(
        TableName=TABLE,
        IndexName="due",
        KeyConditionExpression=expression,
        ExpressionAttributeNames=names,
        ExpressionAttributeValues={":s": {"S": shard_value}, **values},
    )["Items"]
    got = [(row["due"]["S"], row["pk"]["S"], row["sk"]["S"]) for row in answer]
    assert sorted(got) == expected(dynamodb, shard_value, test)
    assert [row[0] for row in got] == sorted(row[0] for row in got)
    pk = steps[0][1] if steps else "k0"
    partition = dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": pk}},
    )["Items"]
    rows = dynamodb.scan(TableName=TABLE)["Items"]
    assert sorted(r["sk"]["S"] for r in partition) == sorted(
        r["sk"]["S"] for r in rows if r["pk"]["S"] == pk
    )


PAGED = "paged"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    present=st.sets(st.integers(0, 29)),
    deleted=st.sets(st.integers(0, 29)),
    limit=st.integers(1, 6),
    forward=st.booleans(),
    kind=condition,
    at=st.integers(0, 29),
)
@example(present=set(range(30)), deleted=set(), limit=2, forward=False, kind="begins", at=5)
def test_table_queries_page_through_exactly_what_a_brute_force_read_holds(
    dynamodb: Any,
    present: set[int],
    deleted: set[int],
    limit: int,
    forward: bool,
    kind: str,
    at: int,
) -> None:
    # Given one partition written and partly deleted, its range keys in no particular order
    for item in dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": PAGED}},
    )["Items"]:
        dynamodb.delete_item(TableName=TABLE, Key={"pk": item["pk"], "sk": item["sk"]})
    for number in sorted(present, key=lambda n: (n * 7) % 30):
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": PAGED}, "sk": {"S": f"s{number:02}"}})
    for number in deleted:
        dynamodb.delete_item(
            TableName=TABLE, Key={"pk": {"S": PAGED}, "sk": {"S": f"s{number:02}"}}
        )
    low, high = f"s{at:02}", f"s{min(at + 7, 29):02}"
    conditions: dict[str, tuple[str, dict[str, Any], Any]] = {
        "<=": (" AND sk <= :a", {":a": {"S": low}}, lambda k: k <= low),
        "<": (" AND sk < :a", {":a": {"S": low}}, lambda k: k < low),
        ">=": (" AND sk >= :a", {":a": {"S": low}}, lambda k: k >= low),
        ">": (" AND sk > :a", {":a": {"S": low}}, lambda k: k > low),
        "=": (" AND sk = :a", {":a": {"S": low}}, lambda k: k == low),
        "between": (" AND sk BETWEEN :a AND :b", {":a": {"S": low}, ":b": {"S": high}},
                    lambda k: low <= k <= high),
        "begins": (" AND begins_with(sk, :a)", {":a": {"S": low[:2]}},
                   lambda k: k.startswith(low[:2])),
        "none": ("", {}, lambda k: True),
    }  # fmt: skip
    range_condition, values, test = conditions[kind]
    # When the partition is read page by page, Limit items at a time, in either direction
    read: list[str] = []
    start: dict[str, Any] | None = None
    for _ in range(40):
        page = dynamodb.query(
            TableName=TABLE,
            KeyConditionExpression="pk = :p" + range_condition,
            ExpressionAttributeValues={":p": {"S": PAGED}, **values},
            Limit=limit,
            ScanIndexForward=forward,
            **({"ExclusiveStartKey": start} if start else {}),
        )
        assert len(page["Items"]) <= limit
        read += [row["sk"]["S"] for row in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if start is None:
            break
    # Then the pages hold every item the condition selects, once each, in the order asked for
    rows = dynamodb.scan(TableName=TABLE)["Items"]
    wanted = sorted(r["sk"]["S"] for r in rows if r["pk"]["S"] == PAGED and test(r["sk"]["S"]))
    assert read == (wanted if forward else wanted[::-1])
