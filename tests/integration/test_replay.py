"""`youthvoice replay --failure-queue-url` against moto's stream and queue: it settles only the
failures whose records it re-drove; older ones are left, with `reconcile --repair` named."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.integration.conftest import Stack
from youthvoice.config import get_settings
from youthvoice_local.cli import main


def failure_message(stream_arn: str, start: str, end: str) -> str:
    info = {"streamArn": stream_arn, "startSequenceNumber": start, "endSequenceNumber": end}
    return json.dumps({"DDBStreamBatchInfo": info})


def test_replay_settles_what_it_redrove_and_names_the_path_for_the_rest(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the seeded Content stream and its first two records
    stream_arn = stack.dynamodb.describe_table(TableName=get_settings().content_table)["Table"][
        "LatestStreamArn"
    ]
    streams = boto3.client("dynamodbstreams")
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    first, second = streams.get_records(ShardIterator=iterator, Limit=2)["Records"]
    # And an on-failure queue naming that batch, and a batch older than the stream keeps
    sqs = boto3.client("sqs")
    queue = sqs.create_queue(QueueName="stream-failures")["QueueUrl"]
    in_stream = (first["dynamodb"]["SequenceNumber"], second["dynamodb"]["SequenceNumber"])
    sqs.send_message(QueueUrl=queue, MessageBody=failure_message(stream_arn, *in_stream))
    sqs.send_message(QueueUrl=queue, MessageBody=failure_message(stream_arn, "7", "8"))
    # When the operator replays and settles the queue
    assert main(["replay", "--failure-queue-url", queue]) == 0
    # Then the batch still in the stream is settled, and the aged-out one is left, visible
    left = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    assert [json.loads(m["Body"])["DDBStreamBatchInfo"]["startSequenceNumber"] for m in left] == [
        "7"
    ]
    # And the operator is told why, and what to run instead
    said = capsys.readouterr().out
    assert "0 still failing" in said
    assert "settled 1 on-failure messages" in said
    assert "1 left in the queue" in said and "youthvoice reconcile --repair" in said
