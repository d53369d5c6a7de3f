"""Build the merge template that `chalice package --merge-template` folds into Chalice's output.

It adds what Chalice cannot emit: the tables (from infra/tables.json), the stream's on-failure
queue and event-source settings, the per-stage IAM policy with CloudFormation references, the
gateway responses in the project's error shape, throttling, alarms and a dashboard.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "youthvoice" / "python")]

from chalice.app import DynamoDBEventConfig  # noqa: E402
from chalice.utils import to_cfn_resource_name  # noqa: E402

import app as application  # noqa: E402
from functions.gateway_responses import GATEWAY_RESPONSES  # noqa: E402
from youthvoice.data.schema import load_table_specs  # noqa: E402

API_HANDLER = "APIHandler"
API_STAGE = "api"
# Requests per second (and burst) over all callers: the stage default for reads, lower for
# writes, which cost a transaction each. Per-user limits are the quotas, in the application.
READ_THROTTLE = (1000, 2000)
WRITE_THROTTLE = (100, 200)
STREAM_RETRIES = 5
STREAM_MAX_RECORD_AGE_SECONDS = 6 * 3600


def with_references(value: Any) -> Any:
    """Strings that mention `${...}` become Fn::Sub, so ARNs use ${AWS::Partition} and real ids."""
    if isinstance(value, str) and "${" in value:
        return {"Fn::Sub": value}
    if isinstance(value, list):
        return [with_references(v) for v in value]
    if isinstance(value, dict):
        return {k: with_references(v) for k, v in value.items()}
    return value


def table_resources(specs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    resources = {}
    for spec in specs.values():
        properties: dict[str, Any] = {
            key: spec[key]
            for key in (
                "AttributeDefinitions",
                "KeySchema",
                "GlobalSecondaryIndexes",
                "BillingMode",
            )
            if key in spec
        }
        if "StreamSpecification" in spec:
            # CloudFormation takes only the view type; StreamEnabled is the API's spelling.
            view = spec["StreamSpecification"]["StreamViewType"]
            properties["StreamSpecification"] = {"StreamViewType": view}
        properties["TimeToLiveSpecification"] = {
            "AttributeName": spec["TimeToLiveAttribute"],
            "Enabled": True,
        }
        properties["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
        properties["SSESpecification"] = {"SSEEnabled": True}
        resources[spec["logical_id"]] = {
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": properties,
        }
    return resources


def function_names(app: Any) -> dict[str, str]:
    """Chalice's logical id of each function and of its role."""
    names = {API_HANDLER: "ApiHandlerRole"}
    for source in app.event_sources:
        logical = to_cfn_resource_name(source.name)
        names[logical] = f"{logical}Role"
    for authorizer in app.builtin_auth_handlers:
        logical = to_cfn_resource_name(authorizer.name)
        names[logical] = f"{logical}Role"
    return names


STAGE_PARAMETERS: dict[str, tuple[str, dict[str, Any]]] = {
    "OidcIssuer": ("OIDC_ISSUER", {"Description": "Token issuer, as its tokens' iss (https)"}),
    "OidcAudience": ("OIDC_AUDIENCE", {"Description": "App client the tokens are issued for"}),
    "OidcJwksUrl": (
        "OIDC_JWKS_URL",
        {"Default": "", "Description": "Signing keys; empty: {issuer}/.well-known/jwks.json"},
    ),
    "OidcTokenUse": ("OIDC_TOKEN_USE", {"Default": "id", "AllowedValues": ["id", "access"]}),
    "OidcGroupsClaim": (
        "OIDC_GROUPS_CLAIM",
        {"Default": "cognito:groups", "Description": "Groups named role:* and platform:*"},
    ),
    "OidcRoleClaim": ("OIDC_ROLE_CLAIM", {"Default": "", "Description": "Role set by the issuer"}),
    "OidcPlatformClaim": (
        "OIDC_PLATFORM_CLAIM",
        {"Default": "", "Description": "Platform set by the issuer"},
    ),
    "CorsAllowedOrigins": (
        "CORS_ALLOWED_ORIGINS",
        {"Description": "Front ends' origins, comma-separated; the first answers gateway errors"},
    ),
}
"""The stage's token issuer and front ends: each parameter becomes the setting youthvoice.config
checks."""
# Large bodies (the OpenAPI document, long feeds) leave gzipped when the client accepts it.
MINIMUM_COMPRESSION_BYTES = 1024


def function_overrides(
    app: Any, specs: dict[str, dict[str, Any]], policy: dict[str, Any]
) -> dict[str, Any]:
    environment = {spec["env"]: {"Ref": spec["logical_id"]} for spec in specs.values()}
    environment |= {setting: {"Ref": name} for name, (setting, _) in STAGE_PARAMETERS.items()}
    resources: dict[str, Any] = {}
    for function, role in function_names(app).items():
        resources[function] = {"Properties": {"Environment": {"Variables": environment}}}
        resources[role] = {
            "Properties": {
                "Policies": [
                    {"PolicyName": f"{role}Policy", "PolicyDocument": with_references(policy)}
                ]
            }
        }
    for source in app.event_sources:
        if isinstance(source, DynamoDBEventConfig):
            logical = to_cfn_resource_name(source.name)
            resources[logical]["Properties"]["Events"] = {
                f"{logical}DynamodbEventSource": {
                    "Properties": {
                        "Stream": {"Fn::GetAtt": ["ContentTable", "StreamArn"]},
                        "FunctionResponseTypes": ["ReportBatchItemFailures"],
                        "BisectBatchOnFunctionError": True,
                        "MaximumRetryAttempts": STREAM_RETRIES,
                        "MaximumRecordAgeInSeconds": STREAM_MAX_RECORD_AGE_SECONDS,
                        "DestinationConfig": {
                            "OnFailure": {
                                "Type": "SQS",
                                "Destination": {"Fn::GetAtt": ["StreamFailureQueue", "Arn"]},
                            }
                        },
                    }
                }
            }
    return resources


def method_settings(app: Any) -> list[dict[str, Any]]:
    """The stage default, then one override per write route (a path's `/` is spelled `~1`)."""

    def throttle(path: str, method: str, limits: tuple[int, int]) -> dict[str, Any]:
        rate, burst = limits
        return {
            "ResourcePath": path,
            "HttpMethod": method,
            "ThrottlingRateLimit": rate,
            "ThrottlingBurstLimit": burst,
            "MetricsEnabled": True,
        }

    writes = [
        throttle("/" + path.replace("/", "~1"), method, WRITE_THROTTLE)
        for path, methods in app.routes.items()
        for method in methods
        if method not in ("GET", "HEAD", "OPTIONS")
    ]
    return [throttle("/*", "*", READ_THROTTLE), *writes]


def gateway_responses() -> dict[str, Any]:
    """A gateway response's headers are fixed: it cannot echo the request's Origin, so it names
    the stage's first allowed origin, and a page on another one cannot read these errors."""
    first_origin = {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "CorsAllowedOrigins"}]}]}
    cors = {
        "gatewayresponse.header.Access-Control-Allow-Origin": {
            "Fn::Join": ["", ["'", first_origin, "'"]]
        },
        "gatewayresponse.header.Vary": "'Origin'",
    }
    resources = {}
    for response_type, answer in GATEWAY_RESPONSES.items():
        body = {"error": {"code": answer.code, "message": answer.message}}
        logical = "Gateway" + to_cfn_resource_name(response_type.lower())
        resources[logical] = {
            "Type": "AWS::ApiGateway::GatewayResponse",
            "Properties": {
                "ResponseType": response_type,
                "RestApiId": {"Ref": "RestAPI"},
                "StatusCode": str(answer.status),
                "ResponseParameters": {
                    "gatewayresponse.header.Content-Type": "'application/json'",
                    **cors,
                },
                "ResponseTemplates": {"application/json": json.dumps(body)},
            },
        }
    return resources


def alarm(
    description: str, namespace: str, metric: str, dimensions: dict[str, Any], threshold: float
) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": description,
            "Namespace": namespace,
            "MetricName": metric,
            "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
            "Statistic": "Maximum",
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": threshold,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
        },
    }


def each(names: list[str], dims: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, dims) for name in names]


def operations(stage: str) -> dict[str, Any]:
    projector = {"FunctionName": {"Ref": "ProjectContent"}}
    api = {"ApiName": "youthvoice", "Stage": API_STAGE}
    projector_name = {"FunctionName": "${ProjectContent}"}
    service = {"service": "youthvoice"}
    widgets = [
        ("API requests and errors", "AWS/ApiGateway", each(["Count", "4XXError", "5XXError"], api)),
        ("API latency (p99)", "AWS/ApiGateway", each(["Latency"], api)),
        ("Projector iterator age", "AWS/Lambda", each(["IteratorAge"], projector_name)),
        ("Projector errors", "AWS/Lambda", each(["Errors"], projector_name)),
        (
            "Projection",
            "YouthVoice",
            each(["ProjectedRecords", "DuplicateRecords", "PoisonRecords"], service),
        ),
        (
            "Supervision",
            "YouthVoice",
            each(["OverdueQuestions", "CalendarFallback"], service)
            + [("Escalations", {"Level": str(level)}) for level in range(4)],
        ),
    ]
    body = {
        "widgets": [
            {
                "type": "metric",
                "width": 12,
                "height": 6,
                "properties": {
                    "title": title,
                    "region": "${AWS::Region}",
                    "stat": "p99" if "latency" in title else "Sum",
                    "metrics": [
                        [namespace, name, *[x for pair in dims.items() for x in pair]]
                        for name, dims in series
                    ],
                },
            }
            for title, namespace, series in widgets
        ]
    }
    return {
        "StreamFailureQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True},
        },
        "StreamFailuresAlarm": alarm(
            "Stream records the projector gave up on: replay them (docs/operations.md)",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            {"QueueName": {"Fn::GetAtt": ["StreamFailureQueue", "QueueName"]}},
            0,
        ),
        "ProjectorLagAlarm": alarm(
            "Projections are more than 5 minutes behind Content",
            "AWS/Lambda",
            "IteratorAge",
            projector,
            300_000,
        ),
        "ProjectorErrorsAlarm": alarm(
            "The projector is failing", "AWS/Lambda", "Errors", projector, 0
        ),
        "EscalationSweepErrorsAlarm": alarm(
            "The escalation sweep is failing: overdue questions are not being supervised",
            "AWS/Lambda",
            "Errors",
            {"FunctionName": {"Ref": "EscalationSweep"}},
            0,
        ),
        "SeasonLifecycleErrorsAlarm": alarm(
            "The season lifecycle job is failing: seasons are not opened or closed on time",
            "AWS/Lambda",
            "Errors",
            {"FunctionName": {"Ref": "SeasonLifecycle"}},
            0,
        ),
        "CalendarFallbackAlarm": alarm(
            "Deadlines fell back to Monday-Friday: import the new year's calendar "
            "(youthvoice calendar import, docs/operations.md)",
            "YouthVoice",
            "CalendarFallback",
            {"service": "youthvoice"},
            0,
        ),
        "ApiServerErrorsAlarm": alarm(
            "The API is answering 5xx", "AWS/ApiGateway", "5XXError", api, 5
        ),
        "Dashboard": {
            "Type": "AWS::CloudWatch::Dashboard",
            "Properties": {
                "DashboardName": {"Fn::Sub": f"youthvoice-{stage}"},
                "DashboardBody": {"Fn::Sub": json.dumps(body, ensure_ascii=False)},
            },
        },
        "RestAPI": {
            "Properties": {
                "MethodSettings": method_settings(application.app),
                "MinimumCompressionSize": MINIMUM_COMPRESSION_BYTES,
            }
        },
    }


def build(stage: str, project_dir: Path = ROOT) -> dict[str, Any]:
    specs = load_table_specs(project_dir)
    policy = json.loads((project_dir / ".chalice" / f"policy-{stage}.json").read_text())
    resources = {
        **table_resources(specs),
        **gateway_responses(),
        **operations(stage),
        **function_overrides(application.app, specs, policy),
    }
    return {
        "Parameters": {
            name: {"Type": "String", **spec} for name, (_, spec) in STAGE_PARAMETERS.items()
        },
        "Resources": resources,
        "Outputs": {
            "ContentTableName": {"Value": {"Ref": "ContentTable"}},
            "ProjectionsTableName": {"Value": {"Ref": "ProjectionsTable"}},
            "StreamFailureQueueUrl": {"Value": {"Ref": "StreamFailureQueue"}},
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", required=True, choices=["dev", "prod"])
    arguments = parser.parse_args()
    json.dump(build(arguments.stage), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
