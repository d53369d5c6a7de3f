"""The local stack's faster TransactWriteItems must still be all-or-nothing, stream included, and
its faster responses must carry every value as DynamoDB does."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.integration.conftest import Stack
from tests.integration.test_projector import COUNTY, expert, unread_records
from youthvoice.config import get_settings
from youthvoice.data.experts import ExpertRepository
from youthvoice.domain.errors import Conflict
from youthvoice_local import moto_speedup

moto_speedup.install()

EVERY_KIND: dict[str, Any] = {
    "pk": {"S": "Q#1"},
    "sk": {"S": "A#1"},
    "text": {"S": "推荐 \u202e"},
    "count": {"N": "-12.50"},
    "flag": {"BOOL": False},
    "nothing": {"NULL": True},
    "tags": {"SS": ["a", "b"]},
    "scores": {"NS": ["1", "2.5"]},
    "raw": {"B": b"\x00\xff"},
    "raws": {"BS": [b"\x01", b"\x02"]},
    "nested": {
        "M": {
            "lineage": {"L": [{"S": "sx"}, {"N": "4"}, {"M": {}}, {"L": []}]},
            "blob": {"M": {"inner": {"B": b"\x03"}}},
            "empty": {"S": ""},
        }
    },
}


def test_a_cancelled_transaction_leaves_no_item_and_no_stream_record(stack: Stack) -> None:
    # Given an expert registered for a user
    repository = ExpertRepository()
    first = expert(20, COUNTY[0], COUNTY)
    repository.register(first)
    records_before = len(unread_records(stack.dynamodb))
    # When a second profile for the same user is registered (its user mapping put fails)
    second = dataclasses.replace(first, id="ex-t21")
    with pytest.raises(Conflict):
        repository.register(second)
    # Then the profile written before the failing action is gone, and the stream never saw it
    assert repository.get("ex-t21") is None
    assert repository.get(first.id) == first
    assert len(unread_records(stack.dynamodb)) == records_before


def test_a_stream_read_waits_for_the_dynamodb_request_in_progress(stack: Stack) -> None:
    # Given an iterator on the Content stream, and a DynamoDB request in progress (a
    # transaction's records are on the stream until its last condition has been checked)
    streams = boto3.client("dynamodbstreams")
    arn = stack.dynamodb.describe_table(TableName=get_settings().content_table)["Table"][
        "LatestStreamArn"
    ]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    read = threading.Thread(target=streams.get_records, kwargs={"ShardIterator": iterator})
    with moto_speedup._ONE_REQUEST_AT_A_TIME:
        # When the stream is read meanwhile
        read.start()
        read.join(timeout=0.5)
        # Then the read waits for the request to end
        assert read.is_alive()
    read.join(timeout=30)
    assert not read.is_alive()


def test_a_query_and_a_get_return_every_kind_of_value_as_it_was_put() -> None:
    # Given an item holding every kind of value, binary ones nested among the others
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        client.create_table(
            TableName="kinds",
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
        )
        client.put_item(TableName="kinds", Item=EVERY_KIND)
        # When it is read back by a Query and by a GetItem
        queried = client.query(
            TableName="kinds",
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": EVERY_KIND["pk"]},
        )["Items"]
        got = client.get_item(
            TableName="kinds", Key={"pk": EVERY_KIND["pk"], "sk": EVERY_KIND["sk"]}
        )
    # Then both return exactly what was put
    assert queried == [EVERY_KIND]
    assert got["Item"] == EVERY_KIND
