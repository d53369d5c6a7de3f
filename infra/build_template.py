"""Build the merge template that `chalice package --merge-template` folds into Chalice's output.

It adds what Chalice cannot emit: the tables (from infra/tables.json), the layers of third-party
libraries and which function carries which (infra/layers.py), the stream's on-failure queue and
event-source settings, the IAM policy (one for every stage) with CloudFormation references,
the gateway responses in the project's error shape, throttling, an optional per-address rate limit
on search (AWS WAF), alarms and a dashboard.
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
from functions.security_headers import SECURITY_HEADERS  # noqa: E402
from infra.layers import LAYERS, layers_of  # noqa: E402
from youthvoice.data.schema import load_table_specs  # noqa: E402

API_HANDLER = "APIHandler"
# Chalice's layer of the project's own code (vendor/: the library and functions/).
CODE_LAYER = "ManagedLayer"
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


SCAN_JUSTIFICATIONS = {
    "CKV_AWS_18": "The console's bucket holds the public build of web/ (no personal data) and "
    "is read only through the CDN in front of it, which logs the requests",
    "CKV_AWS_26": "CloudWatch cannot publish to a topic under the AWS managed SNS key, and "
    "alarm notices carry no personal data",
    "CKV_AWS_27": "Encrypted at rest with SQS managed keys (SqsManagedSseEnabled); messages "
    "only point at stream records",
    "CKV_AWS_115": "Reserved concurrency would cap each function below the account's pool and "
    "take that share from the others; LambdaThrottlesAlarm tells when the pool runs short",
    "CKV_AWS_116": "Nothing to dead-letter: the API and authorizer are called synchronously, "
    "the projector's failures go to StreamFailureQueue, the schedules catch up on their next "
    "run and alarm on Errors",
    "CKV_AWS_117": "Nothing private to reach: DynamoDB and the issuer's JWKS are public "
    "endpoints; a VPC would add NAT gateways and cold-start time",
    "CKV_AWS_119": "Encrypted at rest with DynamoDB's key (SSESpecification); a customer key "
    "adds a KMS call per request and excludes no reader that IAM does not",
    "CKV_AWS_120": "Answers depend on the caller's token; public reads carry ETag and "
    "Cache-Control for browser and CDN caches instead",
    "CKV_AWS_158": "Encrypted at rest by CloudWatch Logs; a customer key adds a key policy to "
    "keep per region and excludes no reader that IAM does not",
    "CKV_AWS_173": "The environment holds table names, issuer URLs and tuning numbers, no "
    "secrets; Lambda encrypts it at rest with its own key",
    "CKV_AWS_338": "Kept LogRetentionDays (90 by default): Content and its stream are the "
    "records, logs are for operating the service",
}
"""Each scanner check a resource is exempt from, and why, written into its Metadata."""
FUNCTION_SCAN_EXCEPTIONS = ("CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117", "CKV_AWS_173")


def scanner_exceptions(*checks: str) -> dict[str, Any]:
    return {
        "checkov": {
            "skip": [{"id": check, "comment": SCAN_JUSTIFICATIONS[check]} for check in checks]
        }
    }


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
            "Metadata": scanner_exceptions("CKV_AWS_119"),
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
        resources[function] = {
            "Metadata": scanner_exceptions(*FUNCTION_SCAN_EXCEPTIONS),
            "Properties": {
                "Environment": {"Variables": environment},
                "LoggingConfig": {"LogGroup": {"Ref": f"{function}Logs"}},
                "Layers": [
                    {"Ref": layer}
                    for layer in (CODE_LAYER, *(lib.logical_id for lib in layers_of(function)))
                ],
            },
        }
        document = with_references(policy)
        document["Statement"].append(
            {
                "Sid": "OwnLogGroup",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": {"Fn::GetAtt": [f"{function}Logs", "Arn"]},
            }
        )
        resources[role] = {
            "Properties": {
                "Policies": [{"PolicyName": f"{role}Policy", "PolicyDocument": document}]
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


def layer_resources(stage: str) -> dict[str, Any]:
    """The libraries' layers, built beside the template by `python -m infra.layers`."""
    return {
        layer.logical_id: {
            "Type": "AWS::Serverless::LayerVersion",
            "Properties": {
                "LayerName": f"youthvoice-{stage}-{layer.archive.removesuffix('.zip')}",
                "Description": layer.description,
                "ContentUri": f"./{layer.archive}",
                "CompatibleRuntimes": ["python3.11"],
                "CompatibleArchitectures": ["arm64"],
            },
        }
        for layer in LAYERS
    }


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
    # A static value is the text between the outer single quotes; the CSP's own quotes stay.
    security = {
        f"gatewayresponse.header.{name}": f"'{value}'" for name, value in SECURITY_HEADERS.items()
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
                    **security,
                },
                "ResponseTemplates": {"application/json": json.dumps(body)},
            },
        }
    return resources


ALARM_PERIOD_SECONDS = 300
# The stream keeps records 24 h; the on-failure queue's messages only point at them. An alarm at
# 6 h leaves most of a day to replay before the records age out and reconcile is the only path.
STREAM_FAILURE_AGE_ALARM_SECONDS = 6 * 3600
API_LATENCY_P99_MS = 2000
LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827]
OPERATIONS_PARAMETERS: dict[str, dict[str, Any]] = {
    "AlarmEmail": {
        "Type": "String",
        "Default": "",
        "Description": "Who is told when an alarm fires and recovers; empty: subscribe to "
        "the AlarmTopic output yourself",
    },
    "LogRetentionDays": {
        "Type": "Number",
        "Default": 90,
        "AllowedValues": LOG_RETENTION_DAYS,
        "Description": "Days each function's logs and the API's access logs are kept",
    },
    "EndpointType": {
        "Type": "String",
        "Default": "REGIONAL",
        "AllowedValues": ["REGIONAL", "EDGE"],
        "Description": "REGIONAL in cn-north-1 and cn-northwest-1: edge-optimized APIs are "
        "not offered there",
    },
}
# Public reads that run a ranking on every call, rate-limited per client address by AWS WAF when
# the stack's SearchRateLimit is on (a web ACL is billed monthly, so dev stacks leave it off).
RATE_LIMITED_READS = ("/search", "/questions/similar")
RATE_WINDOW_SECONDS = 300
SEARCH_REQUESTS_PER_ADDRESS = 300


def rate_limit_parameters(stage: str) -> dict[str, Any]:
    return {
        "SearchRateLimit": {
            "Type": "String",
            "Default": "on" if stage == "prod" else "off",
            "AllowedValues": ["on", "off"],
            "Description": "A per-address AWS WAF rate limit on search and similar-question "
            "reads (a web ACL is billed per month and per request)",
        },
        "SearchRequestsPerAddress": {
            "Type": "Number",
            "Default": SEARCH_REQUESTS_PER_ADDRESS,
            "MinValue": 10,
            "MaxValue": 2_000_000_000,
            "Description": f"Requests one client address may make to the rate-limited reads "
            f"({', '.join(RATE_LIMITED_READS)}) in {RATE_WINDOW_SECONDS} s before WAF answers 429",
        },
    }


def rate_limit_resources(app: Any, stage: str) -> dict[str, Any]:
    """A web ACL whose one rate-based rule counts, per address, only requests to the rate-limited
    reads (whatever the stage or custom domain prefixes), attached to the API's stage. A refusal
    is a 429 in the project's error shape with Retry-After, as a quota's is."""
    unknown = set(RATE_LIMITED_READS) - set(app.routes)
    if unknown:
        raise ValueError(f"rate-limited reads that are no route: {sorted(unknown)}")
    name = f"youthvoice-{stage}-search"
    visibility = {
        "SampledRequestsEnabled": True,
        "CloudWatchMetricsEnabled": True,
        "MetricName": name,
    }
    paths = [
        {
            "ByteMatchStatement": {
                "FieldToMatch": {"UriPath": {}},
                "PositionalConstraint": "ENDS_WITH",
                "SearchString": path,
                "TextTransformations": [
                    {"Priority": 0, "Type": "URL_DECODE"},
                    {"Priority": 1, "Type": "NORMALIZE_PATH"},
                ],
            }
        }
        for path in RATE_LIMITED_READS
    ]
    message = (
        f"too many searches from this address (at most {{limit}} per {RATE_WINDOW_SECONDS // 60} "
        f"minutes): retry in {RATE_WINDOW_SECONDS} s"
    )
    body = json.dumps({"error": {"code": "too_many_requests", "message": message}})
    first_origin = {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "CorsAllowedOrigins"}]}]}
    headers = [
        {"Name": "Retry-After", "Value": str(RATE_WINDOW_SECONDS)},
        {"Name": "Access-Control-Allow-Origin", "Value": first_origin},
        {"Name": "Vary", "Value": "Origin"},
        *({"Name": header, "Value": value} for header, value in SECURITY_HEADERS.items()),
    ]
    return {
        "SearchRateLimitAcl": {
            "Type": "AWS::WAFv2::WebACL",
            "Condition": "LimitsSearchRate",
            "Properties": {
                "Name": name,
                "Scope": "REGIONAL",
                "DefaultAction": {"Allow": {}},
                "VisibilityConfig": visibility,
                "CustomResponseBodies": {
                    "too_many_requests": {
                        "ContentType": "APPLICATION_JSON",
                        "Content": {
                            "Fn::Sub": [
                                body.replace("{limit}", "${limit}"),
                                {"limit": {"Ref": "SearchRequestsPerAddress"}},
                            ]
                        },
                    }
                },
                "Rules": [
                    {
                        "Name": "search-per-address",
                        "Priority": 0,
                        "Action": {
                            "Block": {
                                "CustomResponse": {
                                    "ResponseCode": 429,
                                    "CustomResponseBodyKey": "too_many_requests",
                                    "ResponseHeaders": headers,
                                }
                            }
                        },
                        "Statement": {
                            "RateBasedStatement": {
                                "Limit": {"Ref": "SearchRequestsPerAddress"},
                                "EvaluationWindowSec": RATE_WINDOW_SECONDS,
                                "AggregateKeyType": "IP",
                                "ScopeDownStatement": {"OrStatement": {"Statements": paths}},
                            }
                        },
                        "VisibilityConfig": visibility,
                    }
                ],
            },
        },
        "SearchRateLimitAssociation": {
            "Type": "AWS::WAFv2::WebACLAssociation",
            "Condition": "LimitsSearchRate",
            "Properties": {
                "ResourceArn": {
                    "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/"
                    "${RestAPI}/stages/${RestAPI.Stage}"
                },
                "WebACLArn": {"Fn::GetAtt": ["SearchRateLimitAcl", "Arn"]},
            },
        },
    }


# One JSON line per request; no source IP (the platform's users are young people).
ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "resourcePath": "$context.resourcePath",
        "path": "$context.path",
        "status": "$context.status",
        "responseLength": "$context.responseLength",
        "latencyMs": "$context.responseLatency",
        "integrationLatencyMs": "$context.integrationLatency",
        "errorType": "$context.error.responseType",
        "authorizerError": "$context.authorizer.error",
        "principal": "$context.authorizer.principalId",
        "xrayTraceId": "$context.xrayTraceId",
    }
)


def api_name(stage: str) -> str:
    """Named per stage: API Gateway's metrics are keyed by name, so dev's never mix with prod's."""
    return f"youthvoice-{stage}"


def log_group_name(stage: str, function: str) -> str:
    return f"/youthvoice/{stage}/{function}"


def app_dimensions(stage: str) -> dict[str, str]:
    """The dimensions of the app's own metrics (functions/observability.py): the stage keeps
    dev's figures apart from prod's."""
    return {"service": "youthvoice", "stage": stage}


def metric(namespace: str, name: str, dimensions: dict[str, Any]) -> dict[str, Any]:
    return {
        "Namespace": namespace,
        "MetricName": name,
        "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
    }


def expression(formula: str, label: str, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A metric-math alarm's Metrics: each source summed per period, then the formula."""
    stats = [
        {
            "Id": source_id,
            "MetricStat": {"Metric": watched, "Period": ALARM_PERIOD_SECONDS, "Stat": "Sum"},
            "ReturnData": False,
        }
        for source_id, watched in sources.items()
    ]
    return {"Metrics": [*stats, {"Id": "result", "Expression": formula, "Label": label}]}


def alarm(
    description: str,
    watched: dict[str, Any],
    threshold: float,
    statistic: str = "Sum",
    periods: int = 1,
) -> dict[str, Any]:
    """Every alarm tells the topic when it fires and when it recovers. The description is what
    an operator reads in the console: what it means, then the command to run (Fn::Sub fills in
    this stack's names)."""
    properties: dict[str, Any] = {
        "AlarmDescription": {"Fn::Sub": description},
        "AlarmActions": [{"Ref": "AlarmTopic"}],
        "OKActions": [{"Ref": "AlarmTopic"}],
        "EvaluationPeriods": periods,
        "Threshold": threshold,
        "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": "notBreaching",
        **watched,
    }
    if "Metrics" not in watched:
        properties["Period"] = ALARM_PERIOD_SECONDS
        kind = "ExtendedStatistic" if statistic.startswith("p") else "Statistic"
        properties[kind] = statistic
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": properties}


def each(names: list[str], dims: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, dims) for name in names]


def dashboard(stage: str) -> dict[str, Any]:
    api = {"ApiName": api_name(stage), "Stage": API_STAGE}
    projector_name = {"FunctionName": "${ProjectContent}"}
    service = app_dimensions(stage)
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
            + [("Escalations", {**service, "Level": str(level)}) for level in range(4)],
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
        "Type": "AWS::CloudWatch::Dashboard",
        "Properties": {
            "DashboardName": {"Fn::Sub": f"youthvoice-{stage}"},
            "DashboardBody": {"Fn::Sub": json.dumps(body, ensure_ascii=False)},
        },
    }


def logging_resources(app: Any, stage: str) -> dict[str, Any]:
    """A log group per function (named per stage, kept LogRetentionDays) and the API's access
    log group, with the account-level role API Gateway needs to write it."""
    retention = {"Ref": "LogRetentionDays"}
    resources: dict[str, Any] = {
        f"{function}Logs": {
            "Type": "AWS::Logs::LogGroup",
            "Metadata": scanner_exceptions("CKV_AWS_158", "CKV_AWS_338"),
            "Properties": {
                "LogGroupName": log_group_name(stage, function),
                "RetentionInDays": retention,
            },
        }
        for function in function_names(app)
    }
    resources["ApiAccessLogs"] = {
        "Type": "AWS::Logs::LogGroup",
        "Metadata": scanner_exceptions("CKV_AWS_158", "CKV_AWS_338"),
        "Properties": {
            "LogGroupName": log_group_name(stage, "api-access"),
            "RetentionInDays": retention,
        },
    }
    resources["ApiGatewayLogsRole"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "apigateway.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "ManagedPolicyArns": [
                {
                    "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                    "AmazonAPIGatewayPushToCloudWatchLogs"
                }
            ],
        },
    }
    resources["ApiGatewayAccount"] = {
        "Type": "AWS::ApiGateway::Account",
        "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}},
    }
    # The authorizer raises "Unauthorized" for every refused token, and Lambda counts each as an
    # error: its own failures (a bad setting, a JWKS it cannot reach, a timeout) are counted
    # from its log instead.
    for suffix, pattern in (
        ("Errors", '"[ERROR]" -ApiGatewayUnauthorized'),
        ("Timeouts", '"Task timed out"'),
    ):
        resources[f"Authorizer{suffix}Filter"] = {
            "Type": "AWS::Logs::MetricFilter",
            "Properties": {
                "LogGroupName": {"Ref": "BearerTokenLogs"},
                "FilterPattern": pattern,
                "MetricTransformations": [
                    {
                        "MetricNamespace": "YouthVoice",
                        "MetricName": f"AuthorizerFailures{stage.capitalize()}",
                        "MetricValue": "1",
                    }
                ],
            },
        }
    return resources


def alarms(app: Any, stage: str) -> dict[str, Any]:
    api = {"ApiName": api_name(stage), "Stage": API_STAGE}
    requests = metric("AWS/ApiGateway", "Count", api)
    service = app_dimensions(stage)
    logs = f"logs: {log_group_name(stage, '')}"
    cli = "youthvoice --stack ${AWS::StackName}"
    replay = f"{cli} replay --failure-queue-url ${{StreamFailureQueue}}"

    def errors_of(function: str, meaning: str, act: str) -> dict[str, Any]:
        return alarm(
            f"{meaning}. {act} ({logs}{function})",
            metric("AWS/Lambda", "Errors", {"FunctionName": {"Ref": function}}),
            0,
        )

    functions = list(function_names(app))
    return {
        "StreamFailuresAlarm": alarm(
            "The projector gave up on Content stream records; counters miss them until they "
            f"are replayed. Fix the cause ({logs}ProjectContent, PoisonRecords), then: {replay}",
            metric(
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                {"QueueName": {"Fn::GetAtt": ["StreamFailureQueue", "QueueName"]}},
            ),
            0,
            statistic="Maximum",
        ),
        "StreamFailureAgeAlarm": alarm(
            "Records the projector gave up on 6 h ago leave the stream at 24 h: replay now "
            f"({replay}). Past 24 h replay cannot reach them: {cli} reconcile --repair",
            metric(
                "AWS/SQS",
                "ApproximateAgeOfOldestMessage",
                {"QueueName": {"Fn::GetAtt": ["StreamFailureQueue", "QueueName"]}},
            ),
            STREAM_FAILURE_AGE_ALARM_SECONDS,
            statistic="Maximum",
        ),
        "ProjectorLagAlarm": alarm(
            "Projections (counters, feeds, leaderboards) are more than 5 minutes behind "
            f"Content. Look at ProjectContent's errors and throttles ({logs}ProjectContent)",
            metric("AWS/Lambda", "IteratorAge", {"FunctionName": {"Ref": "ProjectContent"}}),
            300_000,
            statistic="Maximum",
        ),
        "ProjectorErrorsAlarm": errors_of(
            "ProjectContent",
            "The projector is failing invocations; Lambda retries and bisects the batch",
            "Poison records reach StreamFailureQueue (its own alarm)",
        ),
        "ReconcileErrorsAlarm": errors_of(
            "Reconcile",
            "The daily recount failed, so counter drift goes unreported",
            f"Once fixed, run: {cli} reconcile",
        ),
        "CounterDriftAlarm": alarm(
            "The daily recount found counters that differ from Content (its log lists them). "
            f"When ProjectorLag is at zero, run: {cli} reconcile --repair",
            metric("YouthVoice", "CounterDrift", service),
            0,
        ),
        "EscalationSweepErrorsAlarm": errors_of(
            "EscalationSweep",
            "The escalation sweep is failing: overdue questions are not being supervised",
            f"Once fixed, catch up every due rung: {cli} sweep",
        ),
        "SeasonLifecycleErrorsAlarm": errors_of(
            "SeasonLifecycle",
            "The season job is failing: seasons are not opened or closed on time",
            "It catches up on its next run once fixed",
        ),
        "AuthorizerFailuresAlarm": alarm(
            "The token authorizer itself is failing (not refusing tokens): callers get 500s. "
            "Check the OIDC settings and that the issuer's JWKS is reachable "
            f"({logs}BearerToken)",
            metric("YouthVoice", f"AuthorizerFailures{stage.capitalize()}", {}),
            0,
        ),
        "LambdaThrottlesAlarm": alarm(
            "Lambda throttled this stack's functions (account concurrency). Ask for a higher "
            "concurrency quota, or find what else runs in the account and region",
            expression(
                "SUM(METRICS())",
                "throttles",
                {
                    f"t{index}": metric(
                        "AWS/Lambda", "Throttles", {"FunctionName": {"Ref": function}}
                    )
                    for index, function in enumerate(functions)
                },
            ),
            0,
        ),
        "DynamoDBThrottlesAlarm": alarm(
            "DynamoDB throttled reads or writes (hot partition, or the account's on-demand "
            "limit); the SDK retries, callers see latency or 500s. Look at CloudWatch "
            "Contributor Insights for the table's keys",
            expression(
                "SUM(METRICS())",
                "throttle events",
                {
                    f"{kind.lower()}{table}": metric(
                        "AWS/DynamoDB", f"{kind}ThrottleEvents", {"TableName": {"Ref": table}}
                    )
                    for table in ("ContentTable", "ProjectionsTable")
                    for kind in ("Read", "Write")
                },
            ),
            0,
        ),
        "ApiServerErrorsAlarm": alarm(
            f"More than 5 API answers were 5xx in 5 minutes: always a bug ({logs}APIHandler; "
            "the Logs Insights queries in the runbook find each by request id)",
            metric("AWS/ApiGateway", "5XXError", api),
            5,
        ),
        "ApiServerErrorRateAlarm": alarm(
            "More than 1% of API answers were 5xx over 5 minutes (at 20 requests or more). "
            f"See {logs}APIHandler and {logs}api-access",
            expression(
                "IF(requests >= 20, 100 * errors / requests, 0)",
                "5xx per 100 requests",
                {"errors": metric("AWS/ApiGateway", "5XXError", api), "requests": requests},
            ),
            1,
        ),
        "ApiClientErrorRateAlarm": alarm(
            "More than 25% of API answers were 4xx for 10 minutes (at 100 requests or more): "
            "a broken client release, a token issuer change, or abuse. Group "
            f"{logs}api-access by status and resourcePath",
            expression(
                "IF(requests >= 100, 100 * errors / requests, 0)",
                "4xx per 100 requests",
                {"errors": metric("AWS/ApiGateway", "4XXError", api), "requests": requests},
            ),
            25,
            periods=2,
        ),
        "ApiLatencyAlarm": alarm(
            f"The API's p99 latency stayed above {API_LATENCY_P99_MS} ms for 15 minutes. Compare "
            "integrationLatencyMs in the access log with the X-Ray service map",
            metric("AWS/ApiGateway", "Latency", api),
            API_LATENCY_P99_MS,
            statistic="p99",
            periods=3,
        ),
        "CalendarFallbackAlarm": alarm(
            "Deadlines fell back to Monday-Friday: a year the calendar does not know. Import "
            f"the State Council's schedule: {cli} calendar import YEAR.json",
            metric("YouthVoice", "CalendarFallback", service),
            0,
        ),
    }


def operations(stage: str) -> dict[str, Any]:
    return {
        "StreamFailureQueue": {
            "Type": "AWS::SQS::Queue",
            "Metadata": scanner_exceptions("CKV_AWS_27"),
            "Properties": {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True},
        },
        "AlarmTopic": {
            "Type": "AWS::SNS::Topic",
            "Metadata": scanner_exceptions("CKV_AWS_26"),
            "Properties": {"DisplayName": f"youthvoice-{stage} alarms"},
        },
        "AlarmEmailSubscription": {
            "Type": "AWS::SNS::Subscription",
            "Condition": "HasAlarmEmail",
            "Properties": {
                "TopicArn": {"Ref": "AlarmTopic"},
                "Protocol": "email",
                "Endpoint": {"Ref": "AlarmEmail"},
            },
        },
        **logging_resources(application.app, stage),
        **alarms(application.app, stage),
        "Dashboard": dashboard(stage),
        "RestAPI": {
            "DependsOn": ["ApiGatewayAccount"],
            "Metadata": scanner_exceptions("CKV_AWS_120"),
            "Properties": {
                "Name": api_name(stage),
                "EndpointConfiguration": {"Type": {"Ref": "EndpointType"}},
                "TracingEnabled": True,
                "AccessLogSetting": {
                    "DestinationArn": {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]},
                    "Format": ACCESS_LOG_FORMAT,
                },
                "MethodSettings": method_settings(application.app),
                "MinimumCompressionSize": MINIMUM_COMPRESSION_BYTES,
            },
        },
    }


def console_site_resources() -> dict[str, Any]:
    """The web console's files (web/dist), uploaded by `make deploy` with the API's URL written
    into index.html. Private: a CDN in front serves it (in the China regions on an ICP-filed
    domain, docs/operations.md)."""
    bucket_arn = {"Fn::GetAtt": ["ConsoleBucket", "Arn"]}
    return {
        "ConsoleBucket": {
            "Type": "AWS::S3::Bucket",
            "Metadata": scanner_exceptions("CKV_AWS_18"),
            "Properties": {
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": True,
                    "BlockPublicPolicy": True,
                    "IgnorePublicAcls": True,
                    "RestrictPublicBuckets": True,
                },
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
                "VersioningConfiguration": {"Status": "Enabled"},
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            },
        },
        "ConsoleBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": "ConsoleBucket"},
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "TlsOnly",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": [bucket_arn, {"Fn::Sub": "${ConsoleBucket.Arn}/*"}],
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        }
                    ],
                },
            },
        },
    }


def build(stage: str, project_dir: Path = ROOT) -> dict[str, Any]:
    specs = load_table_specs(project_dir)
    policy = json.loads((project_dir / ".chalice" / "policy.json").read_text())
    resources = {
        **table_resources(specs),
        **layer_resources(stage),
        **gateway_responses(),
        **operations(stage),
        **rate_limit_resources(application.app, stage),
        **function_overrides(application.app, specs, policy),
        **console_site_resources(),
    }
    stage_parameters = {
        name: {"Type": "String", **spec} for name, (_, spec) in STAGE_PARAMETERS.items()
    }
    return {
        "Parameters": stage_parameters | OPERATIONS_PARAMETERS | rate_limit_parameters(stage),
        "Conditions": {
            "HasAlarmEmail": {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmEmail"}, ""]}]},
            "LimitsSearchRate": {"Fn::Equals": [{"Ref": "SearchRateLimit"}, "on"]},
        },
        "Resources": resources,
        "Outputs": {
            "Stage": {"Value": stage},
            "ApiUrl": {
                "Value": {
                    "Fn::Sub": "https://${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"
                    f"{API_STAGE}/"
                }
            },
            "ContentTableName": {"Value": {"Ref": "ContentTable"}},
            "ProjectionsTableName": {"Value": {"Ref": "ProjectionsTable"}},
            "StreamFailureQueueUrl": {"Value": {"Ref": "StreamFailureQueue"}},
            "AlarmTopic": {"Value": {"Ref": "AlarmTopic"}},
            "ConsoleBucketName": {"Value": {"Ref": "ConsoleBucket"}},
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", required=True, choices=["dev", "prod"])
    arguments = parser.parse_args()
    json.dump(build(arguments.stage), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
