"""`make package` output: a template cfn-lint accepts and zips that import in a bare interpreter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.lambda_layout import LAMBDA_MACHINE, unpack
from tests.conftest import ROOT

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
    subprocess.run(
        [sys.executable, "-m", "infra.compile_package", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
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


def test_the_simulated_clock_is_not_deployed(template: dict[str, Any]) -> None:
    # Given the packaged template, with every path its API serves
    text = json.dumps(template)
    # Then the admins' sweep route is there but the local stack's clock route is not (the app
    # never registers it)
    assert "/admin/escalations/run" in text
    assert "/admin/clock" not in text


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


@pytest.mark.parametrize("archive", ["deployment.zip", "layer-deployment.zip"])
def test_no_local_tooling_ships_to_lambda(package: Path, archive: str) -> None:
    # Given a zip that `chalice package` built
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


def test_the_zips_import_in_a_bare_interpreter(package: Path, template: dict[str, Any]) -> None:
    # Given the function zip and the layer unpacked into an empty directory, as Lambda lays them
    root = package / "unpacked"
    layout = unpack(package, root)
    handlers = sorted(
        {
            r["Properties"]["Handler"]
            for r in template["Resources"].values()
            if r["Type"] == "AWS::Serverless::Function"
        }
    )
    # When a fresh interpreter with only those directories on sys.path resolves every handler
    probe = (
        "import importlib, sys\n"
        f"sys.path[:0] = [{str(layout.task)!r}, {str(layout.layer_site)!r}]\n"
        f"for handler in {handlers!r}:\n"
        "    module, name = handler.rsplit('.', 1)\n"
        "    assert callable(getattr(importlib.import_module(module), name)), handler\n"
        "    print('resolved', handler)\n"
        "import youthvoice\n"
        f"assert youthvoice.__file__.startswith({str(root)!r}), youthvoice.__file__\n"
    )
    environment = {
        "PATH": os.environ["PATH"],
        "STAGE": STAGE,
        "AWS_REGION": "cn-north-1",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "CONTENT_TABLE": "content",
        "PROJECTIONS_TABLE": "projections",
        "OIDC_ISSUER": "https://idp.example.cn/youthvoice",
        "OIDC_AUDIENCE": "client",
    }
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", probe],
        capture_output=True,
        text=True,
        env=environment,
        cwd=root,
        check=False,
    )
    # Then every handler the template names imports and resolves
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("resolved") == len(handlers) == 6


def test_functions_run_on_arm64_with_arm64_builds_and_shipped_bytecode(
    package: Path, template: dict[str, Any]
) -> None:
    # Given the packaged functions and the layer's compiled modules
    functions = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Serverless::Function"
    ]
    with zipfile.ZipFile(package / "layer-deployment.zip") as layer:
        names = layer.namelist()
        natives = [name for name in names if name.endswith(".so")]
        machines = {layer.read(name)[18:20] for name in natives}
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
