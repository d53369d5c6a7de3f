"""What each of the local stack's patches to moto promises beyond the DynamoDB behaviours that
test_moto_conformance.py checks: transactions all-or-nothing, stream included; stream reads waiting
for the request in progress; every kind of value answered as it was put; and memory given back
(no model objects kept, 24 hours of stream records, 15 minutes of iterators, shared strings)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.serialize import create_serializer
from moto import mock_aws
from moto.core.exceptions import JsonRESTError
from moto.core.parse import JSONParser, RequestDict
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import Item
from werkzeug.datastructures import Headers, MultiDict

from tests.integration.conftest import Stack
from tests.integration.test_projector import COUNTY, expert, unread_records
from youthvoice.config import get_settings
from youthvoice.data.experts import ExpertRepository
from youthvoice.domain.errors import Conflict
from youthvoice_local import moto_patches
from youthvoice_local.moto_patches import isolation, parsing, streams, values

moto_patches.install()

ACCOUNT, REGION = "123456789012", "cn-north-1"
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
    with isolation.ONE_REQUEST_AT_A_TIME:
        # When the stream is read meanwhile
        read.start()
        read.join(timeout=0.5)
        # Then the read waits for the request to end
        assert read.is_alive()
    read.join(timeout=30)
    assert not read.is_alive()


def create_table(client: Any, name: str, stream: bool = False) -> None:
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        **(
            {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}}
            if stream
            else {}
        ),
    )


def test_a_query_and_a_get_return_every_kind_of_value_as_it_was_put() -> None:
    # Given an item holding every kind of value, binary ones nested among the others
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "kinds")
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


def test_an_expression_read_once_applies_each_request_s_own_values_and_refusals() -> None:
    # Given two items changed by one update text and guarded by one condition text, each time
    # with other values, and an update text moto refuses
    update = "SET title = :title ADD score :one"
    condition = "attribute_not_exists(pk) OR score < :limit"
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "expressions")

        def change(sk: str, title: str, limit: int) -> None:
            client.update_item(
                TableName="expressions",
                Key={"pk": {"S": "p"}, "sk": {"S": sk}},
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeValues={
                    ":title": {"S": title}, ":one": {"N": "1"}, ":limit": {"N": str(limit)}
                },
            )  # fmt: skip

        # When each is changed twice with the same texts and a third time past its limit
        for sk in ("a", "b"):
            change(sk, f"{sk}-first", 5)
            change(sk, f"{sk}-second", 5)
        with pytest.raises(ClientError) as beyond:
            change("a", "a-third", 2)
        refusals = []
        for _ in range(2):
            with pytest.raises(ClientError) as refused:
                client.update_item(
                    TableName="expressions",
                    Key={"pk": {"S": "p"}, "sk": {"S": "a"}},
                    UpdateExpression="SET title = = :title",
                    ExpressionAttributeValues={":title": {"S": "x"}},
                )
            refusals.append(refused.value.response["Error"]["Code"])
        items = client.query(
            TableName="expressions",
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": "p"}},
        )["Items"]
    # Then each item holds its own last values, the condition was judged on each item's own
    # score, and the malformed text was refused both times
    assert [(i["sk"]["S"], i["title"]["S"], i["score"]["N"]) for i in items] == [
        ("a", "a-second", "2"),
        ("b", "b-second", "2"),
    ]
    assert beyond.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert refusals == ["ValidationException", "ValidationException"]


def test_an_update_text_that_passed_is_still_refused_with_names_that_break_it() -> None:
    # Given an update text applied twice with names that make it valid
    update = "SET #first = :one, #second = :two"
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "syntax")

        def change(first: str, second: str, text: str = update) -> None:
            client.update_item(
                TableName="syntax",
                Key={"pk": {"S": "p"}, "sk": {"S": "s"}},
                UpdateExpression=text,
                ExpressionAttributeNames={"#first": first, "#second": second},
                ExpressionAttributeValues={":one": {"S": "1"}, ":two": {"S": "2"}},
            )

        change("title", "body")
        change("title", "body")
        # When the same text comes with names that set one path twice or set a key, and a text
        # with two SET clauses comes, each twice
        reasons = ("paths overlap", "part of the key", "can only be used once")
        refusals = []
        for first, second, text in (
            ("title", "title", update),
            ("sk", "body", update),
            ("title", "body", "SET #first = :one SET #second = :two"),
        ):
            for _ in range(2):
                with pytest.raises(ClientError) as refused:
                    change(first, second, text)
                message = refused.value.response["Error"]["Message"]
                refusals.append(next(reason for reason in reasons if reason in message))
        item = client.get_item(TableName="syntax", Key={"pk": {"S": "p"}, "sk": {"S": "s"}})
    # Then each is refused every time, for its own reason, and the item holds the valid update
    assert refusals == [reason for reason in reasons for _ in range(2)]
    assert item["Item"] == {
        "pk": {"S": "p"}, "sk": {"S": "s"}, "title": {"S": "1"}, "body": {"S": "2"}
    }  # fmt: skip


def test_an_item_request_read_as_json_is_what_moto_s_parser_reads() -> None:
    # Given item requests as botocore writes them: with every kind of value, binary ones
    # included, without the binary ones, and with user text quoting the markers
    model = boto3.client("dynamodb", region_name=REGION).meta.service_model
    plain = {k: v for k, v in EVERY_KIND.items() if k not in ("raw", "raws", "nested")}
    quoting = {**plain, "text": {"S": 'a "B" and a null'}}
    requests = [
        ("PutItem", {"TableName": "t", "Item": item}) for item in (EVERY_KIND, plain, quoting)
    ] + [
        ("TransactWriteItems", {"TransactItems": [
            {"Update": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "s"}},
                        "UpdateExpression": "ADD n :one", "ConditionExpression": "n < :max",
                        "ExpressionAttributeValues": {":one": {"N": "1"}, ":max": {"N": "9"}}}},
            {"Put": {"TableName": "t", "Item": plain}},
        ]}),
        ("Query", {"TableName": "t", "KeyConditionExpression": "pk = :p", "Limit": 10,
                   "ScanIndexForward": False, "ExpressionAttributeValues": {":p": {"S": "p"}}}),
    ]  # fmt: skip
    # When each is read as JSON where the patch would, and by moto's parser
    read = []
    for operation, params in requests:
        operation_model = model.operation_model(operation)
        body = create_serializer("json").serialize_to_request(params, operation_model)["body"]
        request: RequestDict = {
            "body": body, "headers": Headers(), "method": "POST", "url_params": {},
            "url_path": "/", "values": MultiDict(),
        }  # fmt: skip
        parsed = JSONParser(operation_model).parse(request)
        read.append((parsing.plain_json(body), parsed))
    # Then whatever is read as JSON is exactly what moto reads, and only requests without a
    # binary value are read as JSON
    assert all(fast == parsed for fast, parsed in read if fast is not None)
    assert [fast is not None for fast, _ in read] == [False, True, False, True, True]


def test_uninstall_gives_moto_back_its_own() -> None:
    # Given the patches installed (as every integration test has them)
    targets = moto_patches.patched()
    assert targets
    # When they are taken out
    moto_patches.uninstall()
    try:
        # Then nothing they replaced is the project's any more
        for owner, name in targets:
            origin = getattr(getattr(owner, name, None), "__module__", "") or ""
            assert not origin.startswith("youthvoice_local"), (owner, name, origin)
        assert moto_patches.patched() == []
    finally:
        moto_patches.install()
    assert moto_patches.patched() == targets


def test_items_read_and_written_are_not_kept_for_moto_s_dashboard() -> None:
    # Given a table, When an item is put, updated, read and queried
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "kept")
        client.put_item(TableName="kept", Item={"pk": {"S": "q"}, "sk": {"S": "META"}})
        client.update_item(
            TableName="kept",
            Key={"pk": {"S": "q"}, "sk": {"S": "META"}},
            UpdateExpression="SET v = :v",
            ExpressionAttributeValues={":v": {"N": "1"}},
        )
        client.get_item(TableName="kept", Key={"pk": {"S": "q"}, "sk": {"S": "META"}})
        client.query(
            TableName="kept",
            KeyConditionExpression="pk = :q",
            ExpressionAttributeValues={":q": {"S": "q"}},
        )
        # Then moto's list of every item it made stays empty
        assert Item.instances_tracked == []  # type: ignore[attr-defined]


def test_equal_names_and_scalar_values_of_items_are_one_object() -> None:
    # Given two items that share names and values, built from separately parsed requests
    long_text = "长" * (values.SHARED_UP_TO + 1)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "shared")
        for sk in ("A#1", "A#2"):
            item = {"pk": {"S": "q"}, "sk": {"S": sk}, "platform_id": {"S": "sx-04-11"},
                    "body": {"S": long_text}}  # fmt: skip
            client.put_item(TableName="shared", Item=item)
        # When the stored items are looked at
        table = dynamodb_backends[ACCOUNT][REGION].tables["shared"]
        first, second = table.items[next(iter(table.items))].values()
        # Then every name and the short value are one object; the long value is not shared
        assert all(a is b for a, b in zip(first.attrs, second.attrs, strict=True))
        assert first.attrs["platform_id"] is second.attrs["platform_id"]
        assert first.attrs["body"] is not second.attrs["body"]
        assert first.attrs["body"] == second.attrs["body"]


@pytest.fixture
def stream_clock() -> Iterator[list[dt.datetime]]:
    """The moment the stream reads records' ages at, for a test to move."""
    moment = [dt.datetime(2016, 1, 1, tzinfo=dt.UTC)]
    moto_patches.install(stream_clock=lambda: moment[0])
    try:
        yield moment
    finally:
        moto_patches.install()


def read_from_the_start(client: Any, table: str) -> list[tuple[str, int]]:
    """Every record the stream holds: (sort key, sequence number)."""
    reader = boto3.client("dynamodbstreams", region_name="cn-north-1")
    arn = client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = reader.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = reader.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = reader.get_records(ShardIterator=iterator)["Records"]
    return [
        (r["dynamodb"]["Keys"]["sk"]["S"], int(r["dynamodb"]["SequenceNumber"])) for r in records
    ]


def test_records_read_and_older_than_a_day_are_dropped_and_numbering_goes_on(
    stream_clock: list[dt.datetime],
) -> None:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "streamed", stream=True)

        def write(sk: str) -> None:
            client.put_item(TableName="streamed", Item={"pk": {"S": "q"}, "sk": {"S": sk}})

        # Given two records read, and a third written but not read yet
        write("A")
        write("B")
        first_read = read_from_the_start(client, "streamed")
        write("C")
        # When a day and an hour pass, and the stream is read from its start
        stream_clock[0] += dt.timedelta(hours=25)
        late_read = read_from_the_start(client, "streamed")
        # Then that read still gets every record: the one never read was kept past the day
        assert [sk for sk, _ in first_read] == ["A", "B"]
        assert [sk for sk, _ in late_read] == ["A", "B", "C"]
        # And afterwards every record, read and past the day, is gone
        assert read_from_the_start(client, "streamed") == []
        # While a new record is numbered after the dropped ones, and kept once read
        write("D")
        (fresh,) = read_from_the_start(client, "streamed")
        assert fresh == ("D", late_read[-1][1] + 1)
        assert read_from_the_start(client, "streamed") == [fresh]


def test_a_shard_iterator_expires_after_fifteen_minutes() -> None:
    # Given iterators handed out at 0 s and at 899 s
    seconds = [0.0]
    iterators = streams.ExpiringIterators(lambda: seconds[0])
    iterators["first"] = "iterator 1"
    seconds[0] = 899.0
    iterators["second"] = "iterator 2"
    # When another is handed out past the first one's fifteen minutes
    seconds[0] = 901.0
    iterators["third"] = "iterator 3"
    # Then the first is gone and asking for it is DynamoDB's ExpiredIteratorException
    assert iterators["second"] == "iterator 2"
    assert "first" not in iterators
    with pytest.raises(JsonRESTError) as expired:
        iterators["first"]
    assert expired.value.error_type == "ExpiredIteratorException"


def test_an_unknown_iterator_is_refused_as_expired_not_failed() -> None:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="cn-north-1")
        create_table(client, "streamed", stream=True)
        arn = client.describe_table(TableName="streamed")["Table"]["LatestStreamArn"]
        reader = boto3.client("dynamodbstreams", region_name="cn-north-1")
        with pytest.raises(ClientError) as refused:
            reader.get_records(ShardIterator=f"{arn}|1|{'x' * 40}")
    assert refused.value.response["Error"]["Code"] == "ExpiredIteratorException"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
