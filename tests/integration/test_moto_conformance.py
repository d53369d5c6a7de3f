"""The DynamoDB behaviours the project relies on, on moto as it comes and on the patched moto.

Every test runs twice: on moto without `youthvoice_local.moto_patches` (`moto`) and with them
(`patched`); both must give the same answers, so a patch can only change speed and memory. The
one patch that changes meaning is in both: `isolation`, one request at a time. DynamoDB isolates
concurrent requests and moto does not (a cancelled transaction puts back whole tables, undoing
what other requests wrote meanwhile), so without it the isolation tests would be testing moto's
race rather than what the project relies on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.dynamodb.models.table import Table

from youthvoice_local import moto_patches
from youthvoice_local.moto_patches import isolation
from youthvoice_local.moto_patches.replaced import Replacements

TABLE = "conformance"
MOTO, PATCHED = "moto", "patched"


def _create_table(client: Any) -> None:
    client.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "gpk", "AttributeType": "S"},
            {"AttributeName": "rank", "AttributeType": "N"},
        ],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-rank",
                "KeySchema": [
                    {"AttributeName": "gpk", "KeyType": "HASH"},
                    {"AttributeName": "rank", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )


@pytest.fixture(params=[MOTO, PATCHED])
def dynamodb(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh table with a GSI and a stream, on moto without or with the patches."""
    bare = request.param == MOTO
    isolation_only = Replacements()
    if bare:
        moto_patches.uninstall()
        assert Table.query.__module__ == "moto.dynamodb.models.table"
        isolation.install(isolation_only)
    try:
        with mock_aws():
            client = boto3.client("dynamodb")
            _create_table(client)
            yield client
    finally:
        if bare:
            isolation_only.undo()
            moto_patches.install()


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def put(pk: str, sk: str, **attributes: dict[str, Any]) -> dict[str, Any]:
    return {"Put": {"TableName": TABLE, "Item": {**key(pk, sk), **attributes}}}


def error_code(error: ClientError) -> str:
    return str(error.response["Error"]["Code"])


def reasons(error: ClientError) -> list[str]:
    return [reason["Code"] for reason in error.response["CancellationReasons"]]


def stream_records(client: Any) -> list[dict[str, Any]]:
    streams = boto3.client("dynamodbstreams")
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records: list[dict[str, Any]] = []
    while True:
        page = streams.get_records(ShardIterator=iterator, Limit=2)
        if not page["Records"]:
            return records
        records += page["Records"]
        iterator = page["NextShardIterator"]


# Item size


def test_an_item_past_the_size_limit_is_refused_by_a_put_and_by_an_update(dynamodb: Any) -> None:
    # Given an item of about 300 KB
    dynamodb.put_item(TableName=TABLE, Item={**key("big", "META"), "body": {"S": "文" * 100_000}})
    # When a put of about 450 KB, and an update adding 150 KB to the first item, are asked for
    with pytest.raises(ClientError) as put_refused:
        dynamodb.put_item(
            TableName=TABLE, Item={**key("bigger", "META"), "body": {"S": "文" * 150_000}}
        )
    with pytest.raises(ClientError) as update_refused:
        dynamodb.update_item(
            TableName=TABLE,
            Key=key("big", "META"),
            UpdateExpression="SET more = :more",
            ExpressionAttributeValues={":more": {"S": "x" * 150_000}},
        )
    # Then both are refused and the first item is as it was, while 50 KB more fits
    assert error_code(put_refused.value) == "ValidationException"
    assert error_code(update_refused.value) == "ValidationException"
    assert "more" not in dynamodb.get_item(TableName=TABLE, Key=key("big", "META"))["Item"]
    dynamodb.update_item(
        TableName=TABLE,
        Key=key("big", "META"),
        UpdateExpression="SET more = :more",
        ExpressionAttributeValues={":more": {"S": "x" * 50_000}},
    )


# Conditions


def test_a_put_on_a_condition_is_refused_when_the_item_exists(dynamodb: Any) -> None:
    # Given an item
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "META"), "v": {"N": "1"}})
    # When it is put again only where none exists, asking for the item that was there
    with pytest.raises(ClientError) as refused:
        dynamodb.put_item(
            TableName=TABLE,
            Item={**key("q", "META"), "v": {"N": "2"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    # Then the condition fails, names the item, and the item is unchanged
    assert error_code(refused.value) == "ConditionalCheckFailedException"
    assert refused.value.response["Item"]["v"] == {"N": "1"}
    got = dynamodb.get_item(TableName=TABLE, Key=key("q", "META"))["Item"]
    assert got["v"] == {"N": "1"}


def test_an_update_on_a_version_applies_once(dynamodb: Any) -> None:
    # Given an item at version 1
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "META"), "version": {"N": "1"}})

    def bump() -> dict[str, Any]:
        answer: dict[str, Any] = dynamodb.update_item(
            TableName=TABLE,
            Key=key("q", "META"),
            UpdateExpression="SET version = :next ADD edits :one",
            ConditionExpression="version = :seen",
            ExpressionAttributeValues={
                ":seen": {"N": "1"},
                ":next": {"N": "2"},
                ":one": {"N": "1"},
            },
            ReturnValues="ALL_NEW",
        )
        return answer

    # When two writers who both read version 1 update it
    first = bump()
    with pytest.raises(ClientError) as second:
        bump()
    # Then the first applies and the second is refused
    assert first["Attributes"]["version"] == {"N": "2"}
    assert first["Attributes"]["edits"] == {"N": "1"}
    assert error_code(second.value) == "ConditionalCheckFailedException"
    got = dynamodb.get_item(TableName=TABLE, Key=key("q", "META"), ConsistentRead=True)["Item"]
    assert got["edits"] == {"N": "1"}


def test_a_delete_on_a_condition_keeps_the_item_when_it_fails(dynamodb: Any) -> None:
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "A#1"), "state": {"S": "kept"}})
    with pytest.raises(ClientError) as refused:
        dynamodb.delete_item(
            TableName=TABLE,
            Key=key("q", "A#1"),
            ConditionExpression="#s = :gone",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":gone": {"S": "gone"}},
        )
    assert error_code(refused.value) == "ConditionalCheckFailedException"
    assert "Item" in dynamodb.get_item(TableName=TABLE, Key=key("q", "A#1"))


# Transaction cancellation reasons


def test_a_cancelled_transaction_names_its_failed_action_and_writes_nothing(
    dynamodb: Any,
) -> None:
    # Given a uniqueness marker and a question at version 3
    dynamodb.put_item(TableName=TABLE, Item=key("q", "FLAG#u1"))
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "META"), "version": {"N": "3"}})
    records_before = len(stream_records(dynamodb))
    # When a transaction puts an answer, the marker again, and moves the version on
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(
            TransactItems=[
                put("q", "A#9", body={"S": "答"}),
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": {**key("q", "FLAG#u1"), "reason": {"S": "spam"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": key("q", "META"),
                        "UpdateExpression": "SET version = :next",
                        "ConditionExpression": "version = :seen",
                        "ExpressionAttributeValues": {":seen": {"N": "3"}, ":next": {"N": "4"}},
                    }
                },
            ]
        )
    # Then the reasons name the marker's action, with the item that was there
    assert error_code(cancelled.value) == "TransactionCanceledException"
    assert reasons(cancelled.value) == ["None", "ConditionalCheckFailed", "None"]
    assert cancelled.value.response["CancellationReasons"][1]["Item"] == key("q", "FLAG#u1")
    # And nothing of it was written: not the answer, not the version, not a stream record
    assert "Item" not in dynamodb.get_item(TableName=TABLE, Key=key("q", "A#9"))
    meta = dynamodb.get_item(TableName=TABLE, Key=key("q", "META"))["Item"]
    assert meta["version"] == {"N": "3"}
    assert len(stream_records(dynamodb)) == records_before


def test_every_failed_condition_of_a_transaction_is_named(dynamodb: Any) -> None:
    dynamodb.put_item(TableName=TABLE, Item=key("q", "LIKE#u1"))
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "ConditionCheck": {
                        "TableName": TABLE,
                        "Key": key("q", "META"),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": key("q", "LIKE#u1"),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                put("q", "A#1"),
            ]
        )
    assert reasons(cancelled.value) == ["ConditionalCheckFailed", "ConditionalCheckFailed", "None"]
    assert "Item" not in dynamodb.get_item(TableName=TABLE, Key=key("q", "A#1"))


def test_a_transaction_that_commits_writes_every_action(dynamodb: Any) -> None:
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "META"), "answers": {"N": "0"}})
    dynamodb.transact_write_items(
        TransactItems=[
            put("q", "A#1", body={"S": "一"}),
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": key("q", "META"),
                    "UpdateExpression": "ADD answers :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                }
            },
            {"Delete": {"TableName": TABLE, "Key": key("q", "DRAFT")}},
        ]
    )
    meta = dynamodb.get_item(TableName=TABLE, Key=key("q", "META"))["Item"]
    assert meta["answers"] == {"N": "1"}
    assert dynamodb.get_item(TableName=TABLE, Key=key("q", "A#1"))["Item"]["body"] == {"S": "一"}


# Isolation of concurrent transactions

RACERS = 8


def race(action: Any) -> list[Any]:
    """Run `action(n)` on RACERS threads released together; what each returned or raised."""
    start = threading.Barrier(RACERS)
    outcomes: list[Any] = [None] * RACERS

    def run(number: int) -> None:
        start.wait()
        try:
            outcomes[number] = action(number)
        except ClientError as error:
            outcomes[number] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_of_concurrent_transactions_on_one_marker_exactly_one_commits(dynamodb: Any) -> None:
    # Given a question at version 1
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "META"), "version": {"N": "1"}})

    # When eight experts at once each accept an answer of their own, conditional on version 1
    def accept(number: int) -> str:
        dynamodb.transact_write_items(
            TransactItems=[
                put("q", f"ACCEPTED#{number}"),
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": key("q", "META"),
                        "UpdateExpression": "SET version = :next, accepted = :me",
                        "ConditionExpression": "version = :seen",
                        "ExpressionAttributeValues": {
                            ":seen": {"N": "1"},
                            ":next": {"N": "2"},
                            ":me": {"N": str(number)},
                        },
                    }
                },
            ]
        )
        return "committed"

    outcomes = race(accept)
    # Then exactly one commits, every other is cancelled on the version, and only the winner's
    # answer exists
    winners = [n for n, outcome in enumerate(outcomes) if outcome == "committed"]
    assert len(winners) == 1, outcomes
    losers = [outcome for outcome in outcomes if outcome != "committed"]
    assert all(reasons(error) == ["None", "ConditionalCheckFailed"] for error in losers)
    meta = dynamodb.get_item(TableName=TABLE, Key=key("q", "META"))["Item"]
    assert meta["accepted"] == {"N": str(winners[0])}
    written = dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :q AND begins_with(sk, :a)",
        ExpressionAttributeValues={":q": {"S": "q"}, ":a": {"S": "ACCEPTED#"}},
    )["Items"]
    assert [item["sk"]["S"] for item in written] == [f"ACCEPTED#{winners[0]}"]


def test_a_cancelled_transaction_does_not_undo_what_others_wrote_meanwhile(
    dynamodb: Any,
) -> None:
    # Given a marker every odd racer's transaction will fail on
    dynamodb.put_item(TableName=TABLE, Item=key("taken", "MARK"))

    # When odd racers run failing transactions while even racers each write an item of their own
    def write(number: int) -> str:
        for round_ in range(5):
            if number % 2:
                with pytest.raises(ClientError):
                    dynamodb.transact_write_items(
                        TransactItems=[
                            put(f"odd-{number}", str(round_)),
                            {
                                "Put": {
                                    "TableName": TABLE,
                                    "Item": key("taken", "MARK"),
                                    "ConditionExpression": "attribute_not_exists(pk)",
                                }
                            },
                        ]
                    )
            else:
                dynamodb.transact_write_items(TransactItems=[put(f"even-{number}", str(round_))])
        return "done"

    outcomes = race(write)
    # Then every committed write is there and no cancelled one is
    assert outcomes == ["done"] * RACERS
    for number in range(RACERS):
        for round_ in range(5):
            pk = f"{'odd' if number % 2 else 'even'}-{number}"
            found = "Item" in dynamodb.get_item(TableName=TABLE, Key=key(pk, str(round_)))
            assert found == (number % 2 == 0), (pk, round_)


# Index order


def test_an_index_answers_in_range_key_order_both_ways_and_page_by_page(dynamodb: Any) -> None:
    # Given items in one index partition, ranks written out of order (numbers: 2 before 10),
    # one item moved out of the partition and one never in the index (sparse)
    for rank in (10, 2, 33, 7, 21, 5):
        dynamodb.put_item(
            TableName=TABLE,
            Item={**key(f"item-{rank}", "META"), "gpk": {"S": "board"}, "rank": {"N": str(rank)}},
        )
    dynamodb.put_item(TableName=TABLE, Item=key("unranked", "META"))
    dynamodb.update_item(
        TableName=TABLE,
        Key=key("item-21", "META"),
        UpdateExpression="SET gpk = :other",
        ExpressionAttributeValues={":other": {"S": "elsewhere"}},
    )

    def ranks(forward: bool, limit: int) -> list[int]:
        read: list[int] = []
        start: dict[str, Any] | None = None
        while True:
            page = dynamodb.query(
                TableName=TABLE,
                IndexName="by-rank",
                KeyConditionExpression="gpk = :g AND #r >= :low",
                ExpressionAttributeNames={"#r": "rank"},
                ExpressionAttributeValues={":g": {"S": "board"}, ":low": {"N": "5"}},
                ScanIndexForward=forward,
                Limit=limit,
                **({"ExclusiveStartKey": start} if start else {}),
            )
            read += [int(item["rank"]["N"]) for item in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if start is None:
                return read

    # When the partition is read forwards and backwards, two at a time and all at once
    # Then it comes in numeric rank order, without the moved or the unindexed item
    assert ranks(forward=True, limit=2) == [5, 7, 10, 33]
    assert ranks(forward=False, limit=2) == [33, 10, 7, 5]
    assert ranks(forward=True, limit=100) == [5, 7, 10, 33]


def test_a_partition_answers_in_sort_key_order_within_its_key_condition(dynamodb: Any) -> None:
    for sk in ("T#2026-12-03", "A#1", "T#2026-12-01", "T#2026-12-02", "Z"):
        dynamodb.put_item(TableName=TABLE, Item=key("q", sk))
    dynamodb.delete_item(TableName=TABLE, Key=key("q", "T#2026-12-02"))
    page = dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :q AND begins_with(sk, :t)",
        ExpressionAttributeValues={":q": {"S": "q"}, ":t": {"S": "T#"}},
        ScanIndexForward=False,
        Limit=1,
    )
    assert [item["sk"]["S"] for item in page["Items"]] == ["T#2026-12-03"]
    assert page["LastEvaluatedKey"] == key("q", "T#2026-12-03")
    every = dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :q",
        ExpressionAttributeValues={":q": {"S": "q"}},
    )["Items"]
    assert [item["sk"]["S"] for item in every] == ["A#1", "T#2026-12-01", "T#2026-12-03", "Z"]


# Stream record order and content


def test_the_stream_holds_every_write_in_order_with_both_images(dynamodb: Any) -> None:
    # Given an insert, an update, a transaction of two actions, and a delete
    dynamodb.put_item(TableName=TABLE, Item={**key("q", "META"), "status": {"S": "open"}})
    dynamodb.update_item(
        TableName=TABLE,
        Key=key("q", "META"),
        UpdateExpression="SET #s = :answered",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":answered": {"S": "answered"}},
    )
    dynamodb.transact_write_items(
        TransactItems=[
            put("q", "A#1", tags={"L": [{"S": "就业"}, {"N": "2"}]}),
            put("q", "A#2", extra={"M": {"n": {"NULL": True}}}),
        ]
    )
    dynamodb.delete_item(TableName=TABLE, Key=key("q", "A#1"))
    # When the stream is read from its start, two records a page
    records = stream_records(dynamodb)
    # Then it holds one record per write, in the order written, numbered in that order
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "INSERT", "INSERT", "REMOVE"]
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    images = [r["dynamodb"] for r in records]
    assert [image["Keys"]["sk"]["S"] for image in images] == ["META", "META", "A#1", "A#2", "A#1"]
    # And each carries the item before and after, exactly as written
    assert images[0]["NewImage"] == {**key("q", "META"), "status": {"S": "open"}}
    assert "OldImage" not in images[0]
    assert images[1]["OldImage"]["status"] == {"S": "open"}
    assert images[1]["NewImage"]["status"] == {"S": "answered"}
    assert images[2]["NewImage"]["tags"] == {"L": [{"S": "就业"}, {"N": "2"}]}
    assert images[3]["NewImage"]["extra"] == {"M": {"n": {"NULL": True}}}
    assert images[4]["OldImage"]["tags"] == {"L": [{"S": "就业"}, {"N": "2"}]}
    assert "NewImage" not in images[4]
    assert all(image["StreamViewType"] == "NEW_AND_OLD_IMAGES" for image in images)


def test_a_reader_resumes_after_the_last_record_it_read(dynamodb: Any) -> None:
    # Given three writes read by a consumer, then two more
    streams = boto3.client("dynamodbstreams")
    for number in range(3):
        dynamodb.put_item(TableName=TABLE, Item=key("q", f"A#{number}"))
    seen = stream_records(dynamodb)
    for number in range(3, 5):
        dynamodb.put_item(TableName=TABLE, Item=key("q", f"A#{number}"))
    # When it resumes after the last sequence number it read
    arn = dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn,
        ShardId=shard,
        ShardIteratorType="AFTER_SEQUENCE_NUMBER",
        SequenceNumber=seen[-1]["dynamodb"]["SequenceNumber"],
    )["ShardIterator"]
    resumed = streams.get_records(ShardIterator=iterator)["Records"]
    # Then it gets the two new records and no other
    assert [r["dynamodb"]["Keys"]["sk"]["S"] for r in resumed] == ["A#3", "A#4"]
    # And an iterator at the latest position gets nothing yet
    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")
    assert streams.get_records(ShardIterator=latest["ShardIterator"])["Records"] == []
