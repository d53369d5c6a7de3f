"""`make package` output: a template cfn-lint accepts, and zips with which each function runs
its sample events in a bare interpreter, with only its own layers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infra.build_template import rate_limit_parameters
from infra.lambda_layout import LAMBDA_MACHINE, Function, LambdaLayout, unpack
from infra.layers import LAYERS
from tests.conftest import ROOT
from tests.e2e.conftest import free_port

BIN = Path(sys.executable).parent
STAGE = "dev"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the same steps as `make package`, into a temporary directory."""
    out = tmp_path_factory.mktemp("package")
    shutil.rmtree(ROOT / ".chalice" / "deployments", ignore_errors=True)
    merge = out / "merge-template.json"
    merge.write_text(
        subprocess.run(
            [sys.executable, "infra/build_template.py", "--stage", STAGE],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    subprocess.run(
        [
            str(BIN / "chalice"),
            "package",
            "--stage",
            STAGE,
            "--merge-template",
            str(merge),
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "AWS_DEFAULT_REGION": "cn-north-1"},
    )
    for step in ("infra.layers", "infra.compile_package"):
        subprocess.run(
            [sys.executable, "-m", step, str(out)], cwd=ROOT, check=True, capture_output=True
        )
    return out


@pytest.fixture(scope="module")
def template(package: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((package / "sam.json").read_text())
    return loaded


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def test_cfn_lint_finds_no_errors(package: Path) -> None:
    result = subprocess.run(
        [
            str(BIN / "cfn-lint"),
            *("--format", "parseable", "--regions", "us-east-1", "cn-north-1", "--"),
            str(package / "sam.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ":E" in line]
    assert errors == [], result.stdout


def test_every_arn_names_its_partition(template: dict[str, Any]) -> None:
    arns = [s for s in strings(template) if "arn:" in s]
    assert arns, "expected ARNs in the template"
    assert [a for a in arns if "arn:aws" in a] == []
    assert all("arn:${AWS::Partition}:" in a for a in arns), arns


def test_the_stream_source_is_bounded_and_reports_partial_failures(
    template: dict[str, Any],
) -> None:
    events = template["Resources"]["ProjectContent"]["Properties"]["Events"]
    (source,) = events.values()
    properties = source["Properties"]
    assert properties["Stream"] == {"Fn::GetAtt": ["ContentTable", "StreamArn"]}
    assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert properties["BisectBatchOnFunctionError"] is True
    assert 0 <= properties["MaximumRetryAttempts"] <= 10
    assert 60 <= properties["MaximumRecordAgeInSeconds"] <= 86400
    destination = properties["DestinationConfig"]["OnFailure"]
    assert destination["Destination"] == {"Fn::GetAtt": ["StreamFailureQueue", "Arn"]}


def test_the_simulated_clock_and_the_dev_sign_in_are_not_deployed(
    template: dict[str, Any],
) -> None:
    # Given the packaged template, with every path its API serves
    text = json.dumps(template)
    # Then the admins' sweep route is there but the local stack's clock and development sign-in
    # routes are not (the app never registers them)
    assert "/admin/escalations/run" in text
    assert "/admin/clock" not in text
    assert "/local/sign-in" not in text


def test_the_console_bucket_is_private_encrypted_and_reached_over_tls_only(
    template: dict[str, Any],
) -> None:
    # Given the bucket the web console is uploaded to, and its policy
    resources = template["Resources"]
    bucket = resources["ConsoleBucket"]["Properties"]
    (statement,) = resources["ConsoleBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    # Then nothing in it is public, it is encrypted at rest, and plain HTTP is refused
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    # And the deploy step finds it by the stack's output
    assert template["Outputs"]["ConsoleBucketName"] == {"Value": {"Ref": "ConsoleBucket"}}


def test_no_role_may_scan(template: dict[str, Any]) -> None:
    roles = [r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    assert roles
    actions = [
        action
        for role in roles
        for policy in role["Properties"].get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
        for action in statement["Action"]
    ]
    assert "dynamodb:Query" in actions
    assert not any(action.endswith(":Scan") or action == "dynamodb:*" for action in actions)


def test_gateway_errors_use_the_project_shape(template: dict[str, Any]) -> None:
    responses = {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::ApiGateway::GatewayResponse"
    }
    unauthorized = responses["UNAUTHORIZED"]
    assert unauthorized["StatusCode"] == "401"
    body = json.loads(unauthorized["ResponseTemplates"]["application/json"])
    assert body["error"]["code"] == "unauthenticated"


def test_gateway_errors_name_the_stages_first_origin_and_large_bodies_are_compressed(
    template: dict[str, Any],
) -> None:
    # Given the packaged API and its gateway responses
    resources = template["Resources"]
    responses = [r for r in resources.values() if r["Type"] == "AWS::ApiGateway::GatewayResponse"]
    # Then each lets the stage's first allowed origin read it (a gateway cannot echo an Origin)
    first = {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "CorsAllowedOrigins"}]}]}
    allow_origin = "gatewayresponse.header.Access-Control-Allow-Origin"
    assert responses
    for response in responses:
        assert response["Properties"]["ResponseParameters"][allow_origin] == {
            "Fn::Join": ["", ["'", first, "'"]]
        }
    assert "CorsAllowedOrigins" in template["Parameters"]
    # And a body of a KiB or more leaves gzipped to clients that accept it
    assert resources["RestAPI"]["Properties"]["MinimumCompressionSize"] == 1024


def test_gateway_errors_carry_the_security_headers(template: dict[str, Any]) -> None:
    # Given the packaged API's gateway responses (no token, denied, unknown route, throttled...)
    responses = [
        r["Properties"]["ResponseParameters"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::ApiGateway::GatewayResponse"
    ]
    # Then each sends the same security headers the app sends, as static values
    expected = {
        "X-Content-Type-Options": "'nosniff'",
        "Strict-Transport-Security": "'max-age=63072000; includeSubDomains'",
        "Referrer-Policy": "'no-referrer'",
        "X-Frame-Options": "'DENY'",
        "Content-Security-Policy": "'default-src 'none'; frame-ancestors 'none''",
    }
    assert len(responses) >= 9
    for parameters in responses:
        sent = {name: parameters.get(f"gatewayresponse.header.{name}") for name in expected}
        assert sent == expected


def test_writes_are_throttled_below_reads_and_no_usage_plan_goes_unkeyed(
    template: dict[str, Any],
) -> None:
    # Given the packaged API's method settings
    resources = template["Resources"]
    settings = {
        (s["ResourcePath"], s["HttpMethod"]): s
        for s in resources["RestAPI"]["Properties"]["MethodSettings"]
    }
    # Then asking and answering are throttled below the stage's default for reads
    default = settings[("/*", "*")]
    for write in [("/~1questions", "POST"), ("/~1questions~1{question_id}~1answers", "POST")]:
        assert settings[write]["ThrottlingRateLimit"] < default["ThrottlingRateLimit"]
        assert settings[write]["ThrottlingBurstLimit"] < default["ThrottlingBurstLimit"]
    # And preflight and HEAD, which read nothing, keep the stage's default
    assert not [key for key in settings if key[1] in ("HEAD", "OPTIONS")]
    # And no usage plan exists, since no route requires an API key for one to apply to
    assert not [r for r in resources.values() if r["Type"] == "AWS::ApiGateway::UsagePlan"]


def shipped_paths(archive: Path) -> set[tuple[str, ...]]:
    """Each entry as the path Python imports it by (the layer's site-packages prefix removed)."""
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
    return {tuple(name.split("site-packages/", 1)[-1].split("/")) for name in names}


ARCHIVES = ["deployment.zip", "layer-deployment.zip", *(layer.archive for layer in LAYERS)]


@pytest.mark.parametrize("archive", ARCHIVES)
def test_no_local_tooling_ships_to_lambda(package: Path, archive: str) -> None:
    # Given a zip of the package: Chalice's code zip and layer, or a layer of libraries
    paths = shipped_paths(package / archive)
    # When its top-level packages and every folder in it are listed
    top_level = {path[0] for path in paths}
    folders = {part for path in paths for part in path[:-1]}
    # Then neither the local stack and CLI, nor moto, is in it
    assert "youthvoice_local" not in folders | top_level
    assert "matplotlib" not in top_level
    assert "devstack" not in folders
    assert not any(name == "moto" or name.startswith("moto-") for name in top_level)
    assert ("youthvoice", "cli.py") not in paths


def test_the_library_ships_in_the_layer(package: Path) -> None:
    # Given the managed layer zip
    paths = shipped_paths(package / "layer-deployment.zip")
    # When the library's modules are looked for in it
    # Then its settings and services are there, with their data files
    assert ("youthvoice", "config.py") in paths
    assert ("youthvoice", "services", "runtime.py") in paths
    assert ("youthvoice", "seed", "escalation-ladders.json") in paths


# The report and text libraries: the word screen's, search's and the workbooks'.
REPORT_AND_TEXT = {"openpyxl", "et_xmlfile", "opencc_purepy", "pypinyin", "rjieba", "ahocorasick"}


def top_level_names(package: Path, archives: tuple[str, ...]) -> set[str]:
    """What the archives let a function import: each entry's first name, extension-less."""
    return {
        path[0].split(".")[0] for archive in archives for path in shipped_paths(package / archive)
    }


def test_the_authorizer_and_the_schedules_carry_no_report_or_text_library(
    package: Path, functions: dict[str, Function]
) -> None:
    # Given what each function's layers hold
    held = {name: top_level_names(package, f.layers) for name, f in functions.items()}
    # Then the authorizer and the sweep and season schedules carry none of the report and text
    # libraries, the projector and the recount only the search analyzer, the API all of them
    for name in ("BearerToken", "EscalationSweep", "SeasonLifecycle"):
        assert held[name] & REPORT_AND_TEXT == set(), name
    for name in ("ProjectContent", "Reconcile"):
        assert held[name] & REPORT_AND_TEXT == {"opencc_purepy", "rjieba"}, name
    assert held["APIHandler"] >= REPORT_AND_TEXT
    # And every function has its own code, the library and the base libraries
    assert all({"youthvoice", "functions", "pydantic", "pynamodb"} <= h for h in held.values())


@pytest.fixture(scope="module")
def functions(package: Path) -> dict[str, Function]:
    return unpack(package, package / "unpacked")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A DynamoDB for the packaged functions: moto's server, in this process."""
    from moto.server import ThreadedMotoServer  # noqa: PLC0415 - only these tests start it

    port = free_port()
    server = ThreadedMotoServer(port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def deployed_environment(endpoint: str) -> dict[str, str]:
    """The dev stage's variables from .chalice/config.json, as Lambda would set them, the tables
    and token issuer the template would give, and the endpoint in place of the region's."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {
        "PATH": os.environ["PATH"],
        **config["environment_variables"],
        **config["stages"][STAGE]["environment_variables"],
        "AWS_REGION": "cn-north-1",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "AWS_ENDPOINT_URL": endpoint,
        "CONTENT_TABLE": "packaged-content",
        "PROJECTIONS_TABLE": "packaged-projections",
        "OIDC_ISSUER": "https://idp.example.cn/youthvoice",
        "OIDC_AUDIENCE": "client",
    }


@pytest.fixture(scope="module")
def question_records(endpoint: str) -> dict[str, Any]:
    """Given the reference data and a question asked a year ago: its stream records."""
    environment = {**os.environ, **deployed_environment(endpoint), "STAGE": "local"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.packaging.sample_state"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    event: dict[str, Any] = json.loads(result.stdout)
    assert event["Records"]
    return event


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "events" / name).read_text())
    return loaded


# The probe's own line among the function's log lines.
MARK = "probe: "
PROBE = """
import importlib, json, sys
sys.path[:0] = {path!r}
module, name = {handler!r}.rsplit(".", 1)
handler = getattr(importlib.import_module(module), name)


class Context:
    function_name = {function!r}
    memory_limit_in_mb = 512
    aws_request_id = "c0ffee00-0000-4000-8000-000000000000"
    invoked_function_arn = "arn:aws-cn:lambda:cn-north-1:123456789012:function:" + function_name

    def get_remaining_time_in_millis(self):
        return 30_000


answers = []
for event in json.loads(sys.stdin.read()):
    try:
        answers.append(handler(event, Context()))
    except Exception as error:
        answers.append({{"raised": type(error).__name__}})
files = {{name: getattr(module, "__file__", None) or "" for name, module in sys.modules.items()}}
loaded = {{name.split(".")[0] for name, file in files.items() if file.startswith({opt!r})}}
print({mark!r} + json.dumps({{"answers": answers, "loaded": sorted(loaded)}}, default=str))
"""


@dataclass(frozen=True)
class Run:
    answers: list[Any]
    loaded: set[str]  # the top-level packages it imported from its layers


def invoke(function: Function, events: list[dict[str, Any]], endpoint: str) -> Run:
    """The function's handler run on each event in a fresh interpreter that sees only its own
    zips (`python -I -S`, no site-packages) and the runtime's boto3, and writes no bytecode."""
    probe = PROBE.format(
        path=[str(p) for p in function.layout.path],
        handler=function.handler,
        function=function.name,
        opt=str(function.layout.layer_site),
        mark=MARK,
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", probe],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        env=deployed_environment(endpoint),
        cwd=function.layout.task,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
    printed = json.loads(line.removeprefix(MARK))
    return Run(printed["answers"], set(printed["loaded"]))


def token_event(token: str) -> dict[str, Any]:
    return {
        "type": "TOKEN",
        "authorizationToken": f"Bearer {token}",
        "methodArn": "arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/api/GET/me",
    }


def test_each_function_runs_its_events_with_only_its_own_layers(
    functions: dict[str, Function], question_records: dict[str, Any], endpoint: str
) -> None:
    # Given the six packaged functions and the events each is given in production
    platform = sample("api-get-platform.json")
    search = {
        **platform,
        "resource": "/search",
        "path": "/search",
        "requestContext": {**platform["requestContext"], "resourcePath": "/search"},
        "pathParameters": None,
        "queryStringParameters": {"q": "找工作"},
        "multiValueQueryStringParameters": {"q": ["找工作"]},
    }
    events = {
        "APIHandler": [platform, search],
        "BearerToken": [token_event("not.a.token")],
        "ProjectContent": [question_records],
        "Reconcile": [sample("scheduled-reconcile.json")],
        "EscalationSweep": [sample("scheduled-escalation-sweep.json")],
        "SeasonLifecycle": [sample("scheduled-season-lifecycle.json")],
    }
    assert set(events) == set(functions)
    # When each runs them as Lambda would, from its code zip and its own layers alone
    runs = {name: invoke(functions[name], sent, endpoint) for name, sent in events.items()}
    answers = {name: run.answers for name, run in runs.items()}
    # Then the API answers a platform and a search, jieba loaded from its search layer
    assert [answer["statusCode"] for answer in answers["APIHandler"]] == [200, 200]
    assert "rjieba" in runs["APIHandler"].loaded
    # And the authorizer refuses a malformed token as API Gateway needs, PyJWT loaded from the
    # base layer, and nothing of the screen's, search's or the reports'
    assert answers["BearerToken"] == [{"raised": "ApiGatewayUnauthorized"}]
    assert "jwt" in runs["BearerToken"].loaded
    assert runs["BearerToken"].loaded & REPORT_AND_TEXT == set()
    # And the projector indexes the question, with OpenCC and jieba from the search layer
    assert answers["ProjectContent"] == [{"batchItemFailures": []}]
    assert runs["ProjectContent"].loaded & REPORT_AND_TEXT == {"opencc_purepy", "rjieba"}
    # And the recount counts it, unprojected: its counters drift, index terms included
    (recount,) = answers["Reconcile"]
    assert recount["drifts"] > 0
    assert runs["Reconcile"].loaded & REPORT_AND_TEXT == {"opencc_purepy", "rjieba"}
    # And the sweep escalates the overdue question; there is no season to open or close
    (sweep,) = answers["EscalationSweep"]
    assert sweep["overdue"] >= 1
    assert sweep["escalations"] >= 1
    assert answers["SeasonLifecycle"] == [{"opened": 0, "closed": 0}]


def test_the_library_is_imported_from_the_package(functions: dict[str, Function]) -> None:
    # Given the authorizer's layout, as Lambda lays it out
    layout: LambdaLayout = functions["BearerToken"].layout
    # When a bare interpreter with only its directories on sys.path imports the library
    probe = f"import sys; sys.path[:0] = {[str(p) for p in layout.path]!r}; import youthvoice; "
    probe += "print(youthvoice.__file__)"
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=layout.task,
    )
    # Then it is the packaged copy, from the code layer in /opt
    assert result.stdout.startswith(str(layout.layer_site)), result.stdout


def test_functions_run_on_arm64_with_arm64_builds_and_shipped_bytecode(
    package: Path, template: dict[str, Any]
) -> None:
    # Given the packaged functions and the layer's compiled modules
    functions = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Serverless::Function"
    ]
    names, machines = [], set()
    for archive in ARCHIVES:
        with zipfile.ZipFile(package / archive) as layer:
            names += layer.namelist()
            machines |= {layer.read(n)[18:20] for n in layer.namelist() if n.endswith(".so")}
    natives = [name for name in names if name.endswith(".so")]
    # Then every function runs on arm64, and every native module is an ELF for aarch64 (EM 183)
    assert functions
    assert {tuple(f["Architectures"]) for f in functions} == {("arm64",)}
    assert natives
    assert machines == {(183).to_bytes(2, "little")}, LAMBDA_MACHINE
    # And Python's bytecode ships beside the sources, since Lambda cannot write it
    site = "python/lib/python3.11/site-packages"
    assert f"{site}/botocore/__pycache__/client.cpython-311.pyc" in names


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def test_every_alarm_tells_the_topic_and_the_5xx_alarm_counts(template: dict[str, Any]) -> None:
    # Given the packaged alarms
    alarms = of_type(template, "AWS::CloudWatch::Alarm")
    # Then each one notifies the alarm topic when it fires and when it recovers
    assert len(alarms) >= 15
    for name, alarm in alarms.items():
        properties = alarm["Properties"]
        assert properties["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
        assert properties["OKActions"] == [{"Ref": "AlarmTopic"}], name
        assert len(properties["AlarmDescription"]["Fn::Sub"]) > 80, name
    # And the 5xx alarm sums errors (their Maximum is at most 1), beside a rate of requests
    errors = alarms["ApiServerErrorsAlarm"]["Properties"]
    assert (errors["MetricName"], errors["Statistic"]) == ("5XXError", "Sum")
    assert {"Name": "ApiName", "Value": "youthvoice-dev"} in errors["Dimensions"]
    rate = alarms["ApiServerErrorRateAlarm"]["Properties"]["Metrics"]
    assert [m["Expression"] for m in rate if "Expression" in m] == [
        "IF(requests >= 20, 100 * errors / requests, 0)"
    ]
    # And the e-mail subscription exists only when an address is given
    subscription = of_type(template, "AWS::SNS::Subscription")["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"


def test_search_reads_get_a_per_address_rate_limit_when_the_stage_turns_it_on(
    template: dict[str, Any],
) -> None:
    # Given the packaged web ACL, its attachment and their parameters
    acl = of_type(template, "AWS::WAFv2::WebACL")["SearchRateLimitAcl"]
    attached = of_type(template, "AWS::WAFv2::WebACLAssociation")["SearchRateLimitAssociation"]
    parameters = template["Parameters"]
    # Then both exist only when SearchRateLimit is on, which a dev stack is not by default
    assert acl["Condition"] == attached["Condition"] == "LimitsSearchRate"
    assert template["Conditions"]["LimitsSearchRate"] == {
        "Fn::Equals": [{"Ref": "SearchRateLimit"}, "on"]
    }
    assert parameters["SearchRateLimit"]["Default"] == "off"
    assert rate_limit_parameters("prod")["SearchRateLimit"]["Default"] == "on"
    # And its one rule blocks an address past SearchRequestsPerAddress in 5 minutes
    (rule,) = acl["Properties"]["Rules"]
    rate = rule["Statement"]["RateBasedStatement"]
    assert rate["Limit"] == {"Ref": "SearchRequestsPerAddress"}
    assert parameters["SearchRequestsPerAddress"]["Default"] == 300
    assert (rate["AggregateKeyType"], rate["EvaluationWindowSec"]) == ("IP", 300)
    # And it counts only the search and similar-question paths, behind any stage or domain prefix
    scope = [
        s["ByteMatchStatement"] for s in rate["ScopeDownStatement"]["OrStatement"]["Statements"]
    ]
    assert {(m["SearchString"], m["PositionalConstraint"]) for m in scope} == {
        ("/search", "ENDS_WITH"),
        ("/questions/similar", "ENDS_WITH"),
    }
    assert all(m["FieldToMatch"] == {"UriPath": {}} for m in scope)
    # And a refusal is the project's 429, with Retry-After, on the API's stage
    refusal = rule["Action"]["Block"]["CustomResponse"]
    headers = {h["Name"]: h["Value"] for h in refusal["ResponseHeaders"]}
    assert (refusal["ResponseCode"], headers["Retry-After"]) == (429, "300")
    body = acl["Properties"]["CustomResponseBodies"][refusal["CustomResponseBodyKey"]]
    assert json.loads(body["Content"]["Fn::Sub"][0])["error"]["code"] == "too_many_requests"
    assert acl["Properties"]["Scope"] == "REGIONAL"
    assert attached["Properties"]["WebACLArn"] == {"Fn::GetAtt": ["SearchRateLimitAcl", "Arn"]}
    assert "/restapis/${RestAPI}/stages/" in attached["Properties"]["ResourceArn"]["Fn::Sub"]


def test_the_endpoint_type_follows_the_parameter_and_the_api_is_named_per_stage(
    template: dict[str, Any],
) -> None:
    # Given the packaged API and its parameters
    api = template["Resources"]["RestAPI"]["Properties"]
    parameter = template["Parameters"]["EndpointType"]
    # Then its endpoint type is the parameter, regional unless told (no edge in China)
    assert api["EndpointConfiguration"] == {"Type": {"Ref": "EndpointType"}}
    assert parameter["Default"] == "REGIONAL"
    assert api["Name"] == "youthvoice-dev"
    # And it writes JSON access logs and traces
    assert api["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    assert json.loads(api["AccessLogSetting"]["Format"])["requestId"] == "$context.requestId"
    assert api["TracingEnabled"] is True
    # And the stack tells the CLI where the API, the tables and the queue are
    assert {"ApiUrl", "ContentTableName", "ProjectionsTableName", "StreamFailureQueueUrl"} <= set(
        template["Outputs"]
    )


def test_every_function_logs_to_a_group_with_retention(template: dict[str, Any]) -> None:
    # Given the packaged functions and log groups
    functions = of_type(template, "AWS::Serverless::Function")
    groups = of_type(template, "AWS::Logs::LogGroup")
    # Then each function logs to its own group, kept LogRetentionDays (90 unless told)
    assert len(functions) == 6
    for name, function in functions.items():
        group = function["Properties"]["LoggingConfig"]["LogGroup"]
        assert groups[group["Ref"]]["Properties"]["LogGroupName"] == f"/youthvoice/dev/{name}"
    assert groups
    for group in groups.values():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert template["Parameters"]["LogRetentionDays"]["Default"] == 90


def test_every_scanner_exception_says_why(template: dict[str, Any]) -> None:
    # Given each resource's checkov exceptions
    skips = [
        skip
        for resource in template["Resources"].values()
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])
    ]
    # Then each names its check and gives a reason of a sentence at least
    assert skips
    assert all(skip["id"].startswith("CKV_") and len(skip["comment"]) > 40 for skip in skips)


def test_every_role_is_denied_changing_or_deleting_an_audit_entry(template: dict[str, Any]) -> None:
    # Given the packaged template's roles
    roles = [r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    # Then each role that may update the tables (there is one) is denied updates and deletes
    # under AUDIT#
    writers = 0
    for role in roles:
        statements = [
            statement
            for policy in role["Properties"].get("Policies", [])
            for statement in policy["PolicyDocument"]["Statement"]
        ]
        if not any(
            "dynamodb:UpdateItem" in s["Action"] for s in statements if s["Effect"] == "Allow"
        ):
            continue
        writers += 1
        denied = [s for s in statements if s["Effect"] == "Deny"]
        assert any(
            {"dynamodb:UpdateItem", "dynamodb:DeleteItem"} <= set(s["Action"])
            and s["Condition"]["ForAnyValue:StringLike"]["dynamodb:LeadingKeys"] == ["AUDIT#*"]
            for s in denied
        )
    assert writers
