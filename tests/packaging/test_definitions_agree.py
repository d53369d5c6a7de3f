"""One source for tables and metrics: the models, the template and the app agree."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_lambda_powertools.metrics import MetricUnit

from functions.observability import NAMESPACE, metrics, published
from infra.build_template import app_dimensions, build
from tests.conftest import ROOT
from youthvoice.data.models import ContentItem, ProjectionItem
from youthvoice.data.schema import load_table_specs


def normalised(schema: dict[str, Any]) -> dict[str, Any]:
    def by(name: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(items, key=lambda item: item[name])

    return {
        "AttributeDefinitions": by("AttributeName", schema["AttributeDefinitions"]),
        "KeySchema": by("KeyType", schema["KeySchema"]),
        "GlobalSecondaryIndexes": sorted(
            (
                {
                    "IndexName": index["IndexName"],
                    "KeySchema": by("KeyType", index["KeySchema"]),
                    "Projection": index["Projection"],
                }
                for index in schema.get("GlobalSecondaryIndexes", [])
            ),
            key=lambda index: index["IndexName"],
        ),
    }


def model_schema(model: Any) -> dict[str, Any]:
    schema = model._get_schema()
    return {
        "AttributeDefinitions": schema["attribute_definitions"],
        "KeySchema": schema["key_schema"],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index["index_name"],
                "KeySchema": index["key_schema"],
                "Projection": index["projection"],
            }
            for index in schema["global_secondary_indexes"]
        ],
    }


def test_pynamodb_models_match_the_table_definitions() -> None:
    specs = load_table_specs(ROOT)
    assert normalised(model_schema(ContentItem)) == normalised(specs["Content"])
    assert normalised(model_schema(ProjectionItem)) == normalised(specs["Projections"])


def test_the_template_tables_come_from_the_same_definitions() -> None:
    specs = load_table_specs(ROOT)
    resources = build("dev")["Resources"]
    for spec in specs.values():
        table = resources[spec["logical_id"]]["Properties"]
        assert normalised(table) == normalised(spec)
        assert table["TimeToLiveSpecification"]["AttributeName"] == spec["TimeToLiveAttribute"]
    stream = resources["ContentTable"]["Properties"]["StreamSpecification"]
    assert stream == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert "StreamSpecification" not in resources["ProjectionsTable"]["Properties"]


def test_the_alarms_watch_the_dimensions_the_app_emits(capsys: pytest.CaptureFixture[str]) -> None:
    # Given a function that records one figure, run as Lambda runs it (this process: local)
    def sweep(event: Any, context: Any) -> None:
        metrics.add_metric("CounterDrift", MetricUnit.Count, 1)

    published(sweep)({}, None)
    emitted = json.loads(capsys.readouterr().out.splitlines()[-1])
    names = emitted["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0]
    # Then the figure carries the service and its stage
    assert {name: emitted[name] for name in names} == app_dimensions("local")
    # And every alarm on the app's dimensioned metrics watches exactly those, for its stage
    for stage in ("dev", "prod"):
        watched = [
            {d["Name"]: d["Value"] for d in resource["Properties"]["Dimensions"]}
            for resource in build(stage)["Resources"].values()
            if resource.get("Type") == "AWS::CloudWatch::Alarm"
            and resource["Properties"].get("Namespace") == NAMESPACE
            and resource["Properties"]["Dimensions"]
        ]
        assert len(watched) >= 2
        assert all(dimensions == app_dimensions(stage) for dimensions in watched), watched
