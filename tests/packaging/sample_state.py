"""A small state behind a DynamoDB endpoint for the packaged functions to run on
(test_package.py): the reference data, a question asked a year ago (overdue now), and the stream
records of that question as the projector's event, printed as JSON.

Usage (the settings, endpoint and table names from the environment):
python -m tests.packaging.sample_state
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import boto3

from youthvoice.bootstrap import clock_set_to
from youthvoice.config import get_settings
from youthvoice.data.schema import ensure_tables
from youthvoice.domain.identity import Principal, Role
from youthvoice.services import questions
from youthvoice.services.questions import Draft
from youthvoice.services.seeding import seed_reference_data
from youthvoice_local.pump import StreamPump

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDED_AT = "2025-11-01T00:00:00Z"
ASKED_AT = dt.datetime(2025, 11, 28, 1, 0, tzinfo=dt.UTC)


def main() -> None:
    settings = get_settings()
    client = boto3.client("dynamodb")
    tables = {"Content": settings.content_table, "Projections": settings.projections_table}
    ensure_tables(client, ROOT, tables)
    seed_reference_data(2, SEEDED_AT)
    stream_arn = client.describe_table(TableName=settings.content_table)["Table"]["LatestStreamArn"]
    records: list[dict[str, Any]] = []

    def collect(event: dict[str, Any], context: Any) -> dict[str, Any]:
        records.extend(event["Records"])
        return {"batchItemFailures": []}

    pump = StreamPump(boto3.client("dynamodbstreams"), stream_arn, collect, print, "collect")
    pump.start_at("LATEST")
    with clock_set_to(lambda: ASKED_AT):
        questions.ask(
            Principal("packaged-youth", Role.YOUTH),
            Draft("毕业后去哪里找工作", "想了解渠道", "employment", "sx-04-11", False, ()),
        )
    pump.drain()
    json.dump({"Records": records}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
