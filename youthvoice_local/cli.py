"""`youthvoice`: run the local stack, issue local tokens, and operate a stage from a shell."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from youthvoice.config import SettingsError
from youthvoice.domain.errors import DomainError
from youthvoice.domain.timestamps import parse_iso

DAY = 24 * 3600

# The checkout this package is installed from (editable): the default project, whatever the
# current directory, so `youthvoice serve` and `youthvoice simulate` run from anywhere.
CHECKOUT = Path(__file__).resolve().parent.parent


def _serve(args: argparse.Namespace) -> None:
    from youthvoice_local.stack import StackOptions, serve

    port = int(os.environ.get("PORT", args.port))
    serve(
        StackOptions(
            project_dir=Path(args.project_dir).resolve(),
            local_dir=Path(os.environ.get("YOUTHVOICE_LOCAL_DIR", args.local_dir)).resolve(),
            host=args.host,
            port=port,
            moto_port=int(os.environ.get("MOTO_PORT", port + 1)),
            speed=args.speed,
            snapshot_seconds=args.snapshot_seconds,
            demo_experts=args.demo_experts,
            simulated_clock_start=_clock_start(args),
            json_logs=args.json_logs,
        )
    )


def _clock_start(args: argparse.Namespace) -> dt.datetime | None:
    if args.clock == "system":
        return None
    from youthvoice_local.stack import SIMULATION_START

    return _moment("--clock-start", args.clock_start) if args.clock_start else SIMULATION_START


def _moment(option: str, text: str) -> dt.datetime:
    try:
        moment = parse_iso(text)
    except ValueError:
        raise DomainError(f"{option}: not an ISO 8601 time: {text}") from None
    if moment.tzinfo is None:
        raise DomainError(f"{option}: give a time zone, e.g. 2016-01-01T09:00:00+08:00")
    return moment


def _simulate(args: argparse.Namespace) -> None:
    from youthvoice_local.simulate import run

    if run(args):
        raise DomainError("some published figures differ from what the simulation drove")


def _clock_set(args: argparse.Namespace) -> None:
    """Move a running stack's simulated clock, as `POST /admin/clock` does."""
    import requests

    os.environ.setdefault("STAGE", "local")
    from youthvoice.config import get_settings
    from youthvoice.domain.identity import Principal
    from youthvoice.services.identity import issue_local_token

    moment = _moment("now", args.now)
    admin = Principal.from_claims({"sub": "clock-admin", "role": "admin", "platform": None})
    token = issue_local_token(admin, 60, get_settings())
    reply = requests.post(
        f"{args.url.rstrip('/')}/admin/clock",
        json={"now": moment.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
        timeout=600,
    )
    if reply.status_code != 200:
        raise DomainError(f"the stack refused: {reply.status_code} {reply.text}")
    print(f"the clock reads {reply.json()['now']}")


def _token(args: argparse.Namespace) -> None:
    os.environ.setdefault("STAGE", "local")
    from youthvoice.config import get_settings
    from youthvoice.domain.identity import Principal
    from youthvoice.services.identity import issue_local_token

    settings = get_settings()
    if not settings.is_local:
        raise DomainError("tokens can only be issued for the local stage")
    principal = Principal.from_claims(
        {"sub": args.sub, "role": args.role, "platform": args.platform}
    )
    print(issue_local_token(principal, args.ttl, settings))


def endpoint_url(given: str) -> str:
    """`:8001` (the form the help shows) is the local stack's moto on this machine."""
    return f"http://127.0.0.1{given}" if given.startswith(":") else given


STACK_SETTINGS = {
    "Stage": "STAGE",
    "ContentTableName": "CONTENT_TABLE",
    "ProjectionsTableName": "PROJECTIONS_TABLE",
}


def _point_at(args: argparse.Namespace) -> None:
    """Operate on the running local stack's moto, or on the deployed stack named by --stack,
    whose outputs name the tables and the on-failure queue, or on what STAGE and the table
    settings in the environment name; never on AWS by default."""
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = endpoint_url(args.endpoint_url)
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        os.environ.setdefault("AWS_DEFAULT_REGION", "cn-north-1")
        os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
    elif args.stack:
        outputs = stack_outputs(args.stack)
        # Every output the command needs is read before anything is set: all or nothing.
        settings = {
            setting: _output(args.stack, outputs, name) for name, setting in STACK_SETTINGS.items()
        }
        if getattr(args, "failure_queue_url", None) == "":
            args.failure_queue_url = _output(args.stack, outputs, "StreamFailureQueueUrl")
        os.environ.update(settings)
    elif "STAGE" not in os.environ:
        raise DomainError(
            "name the stage: --stack youthvoice-<stage> (AWS), or --endpoint-url :8001 "
            "(the local stack)"
        )
    sys.path.insert(0, str(Path(args.project_dir).resolve()))


def stack_outputs(stack: str) -> dict[str, str]:
    import boto3
    from botocore.exceptions import ClientError

    try:
        described = boto3.client("cloudformation").describe_stacks(StackName=stack)
    except ClientError as error:
        raise DomainError(f"stack {stack}: {error.response['Error']['Message']}") from None
    return {o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs", [])}


def _output(stack: str, outputs: dict[str, str], name: str) -> str:
    """A missing output is refused: the settings' defaults would name another stage's tables."""
    if name not in outputs:
        raise DomainError(f"stack {stack} has no output {name}: is it a Youth Voice stack?")
    return outputs[name]


def _operator() -> str:
    """Who the AWS credentials in use name (STS GetCallerIdentity's ARN): the actor the audit
    trail records for an act from a shell, which no option can make someone else."""
    import boto3

    return str(boto3.client("sts").get_caller_identity()["Arn"])


def _audited(action: str, item_kind: str, item_id: str, platform_id: str | None = None) -> None:
    """Record the act about to change the stage's data, once, before it runs."""
    from youthvoice.config import get_settings
    from youthvoice.services.audit import operated

    root = platform_id or get_settings().root_platform
    operated(_operator(), action, item_kind, item_id, root)


def _reconcile(args: argparse.Namespace) -> None:
    _point_at(args)
    from youthvoice.config import get_settings
    from youthvoice.services.reconcile import reconcile_counters

    root = args.root or get_settings().root_platform
    if args.repair:
        _audited("counters.repair", "platform", root, root)
    drifts = reconcile_counters(root, repair=args.repair)
    for drift in drifts:
        print(
            f"{drift.scope} {drift.scope_id} {drift.metric}: "
            f"projected {drift.projected}, recounted {drift.recounted}"
        )
    verb = "repaired" if args.repair else "found"
    print(f"{len(drifts)} drifting counters {verb}")


def _reindex(args: argparse.Namespace) -> None:
    _point_at(args)
    from youthvoice.config import get_settings
    from youthvoice.services.search import reindex

    root = args.root or get_settings().root_platform
    _audited("search.reindex", "platform", root, root)
    report = reindex(root)
    print(
        f"{report.questions} questions read, {report.indexed} indexed: "
        f"{report.entries_written} index entries written, {report.entries_deleted} deleted, "
        f"{report.terms} term counts set"
    )


def _sweep(args: argparse.Namespace) -> None:
    """Run the escalation sweep once, as the schedule would, optionally at a chosen moment."""
    _point_at(args)

    from youthvoice.bootstrap import now
    from youthvoice.config import get_settings
    from youthvoice.domain.timestamps import iso
    from youthvoice.services.supervision import SWEEP_ACTION, sweep

    as_of = now()
    if args.as_of:
        if get_settings().is_production:
            raise DomainError("--as-of is not accepted in production")
        as_of = _moment("--as-of", args.as_of)
    _audited(SWEEP_ACTION, "sweep", iso(as_of))
    report = sweep(as_of)
    for step in report.steps:
        print(f"{step.question_id} level {step.level} {step.platform_id or ''}".rstrip())
    print(
        f"as of {report.as_of}: {report.due} due, {report.overdue} overdue, "
        f"{len(report.steps)} escalations"
    )


def _calendar_import(args: argparse.Namespace) -> None:
    """Store calendar overrides (local days, or a year the package does not know yet)."""
    _point_at(args)
    import json

    from youthvoice.data.calendar import CalendarRepository
    from youthvoice.domain.worktime import parse_overrides

    try:
        data = json.loads(Path(args.file).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise DomainError(f"{args.file}: {error}") from None
    days = parse_overrides(data)
    years = sorted({d.day.year for d in days})
    _audited("calendar.import", "calendar", ",".join(map(str, years)) or "none")
    stored = CalendarRepository().put_all(days)
    print(
        f"imported {stored} days ({', '.join(map(str, years))}); running containers reload "
        "the calendar within 5 minutes"
    )


def _replay(args: argparse.Namespace) -> None:
    """Re-drive the Content stream through the projector; markers make repeats harmless."""
    _point_at(args)
    import boto3

    import app
    from youthvoice.config import get_settings
    from youthvoice_local.replay import replay_stream, settle_failures

    table = get_settings().content_table
    stream_arn = boto3.client("dynamodb").describe_table(TableName=table)["Table"][
        "LatestStreamArn"
    ]
    _audited("stream.replay", "table", table)
    replay = replay_stream(boto3.client("dynamodbstreams"), stream_arn, app.project_content)
    print(
        f"replayed {len(replay.redriven)} records in {replay.invocations} invocations; "
        f"{len(replay.failing)} still failing"
    )
    if args.failure_queue_url:
        settlement = settle_failures(boto3.client("sqs"), args.failure_queue_url, replay)
        print("\n".join(settlement.summary()))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="youthvoice", description=__doc__)
    parser.add_argument(
        "--stack", help="the deployed stack to operate on, e.g. youthvoice-prod (its outputs)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the local stack (moto, API, stream, schedules)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="HTTP port (env PORT overrides)")
    serve.add_argument(
        "--project-dir", default=str(CHECKOUT), help="the Chalice project (holds app.py)"
    )
    serve.add_argument("--local-dir", default=".local", help="key and snapshot directory")
    serve.add_argument("--speed", type=float, default=1.0, help="run schedules N times faster")
    serve.add_argument("--snapshot-seconds", type=float, default=60.0)
    serve.add_argument("--demo-experts", type=int, default=200)
    serve.add_argument(
        "--clock",
        choices=["system", "simulated"],
        default="system",
        help="simulated: time moves only when told (POST /admin/clock, `youthvoice clock set`)",
    )
    serve.add_argument("--clock-start", help="ISO 8601 start of a simulated clock")
    serve.add_argument(
        "--json-logs",
        action="store_true",
        help="the app's logs and metrics as JSON, as in CloudWatch (default: one line per event)",
    )
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="print a bearer token the local stack accepts")
    token.add_argument("--sub", required=True, help="the user id")
    token.add_argument("--role", required=True, choices=["youth", "expert", "staff", "admin"])
    token.add_argument("--platform", help="required for experts and staff")
    token.add_argument("--ttl", type=int, default=DAY, help="seconds until it expires")
    token.set_defaults(run=_token)

    operations = {
        "reconcile": (_reconcile, "recount counters from Content; report or repair drift"),
        "reindex": (_reindex, "rebuild the search index from Content"),
        "replay": (_replay, "re-drive the Content stream through the projector"),
        "sweep": (_sweep, "run the escalation sweep once"),
    }
    for name, (run, summary) in operations.items():
        _with_target(commands.add_parser(name, help=summary), run)
    reconcile = commands.choices["reconcile"]
    reconcile.add_argument("--repair", action="store_true")
    reconcile.add_argument("--root", help="platform whose subtree to check")
    commands.choices["reindex"].add_argument("--root", help="platform whose subtree to index")
    replay = commands.choices["replay"]
    replay.add_argument("--from", dest="position", choices=["trim-horizon"], default="trim-horizon")
    replay.add_argument(
        "--failure-queue-url",
        nargs="?",
        const="",
        help="then delete the on-failure messages whose records were re-driven cleanly "
        "(with --stack: the stack's queue)",
    )
    commands.choices["sweep"].add_argument(
        "--as-of", help="ISO 8601 moment to sweep at (not in production)"
    )
    clock = commands.add_parser("clock", help="the local stack's simulated clock")
    clock_commands = clock.add_subparsers(dest="clock_command", required=True)
    setting = clock_commands.add_parser("set", help="move it forward to NOW (ISO 8601)")
    setting.add_argument("now")
    setting.add_argument("--url", default="http://127.0.0.1:8000", help="the local stack")
    setting.set_defaults(run=_clock_set)
    simulate = commands.add_parser(
        "simulate", help="drive a simulated provincial year over HTTP and check every figure"
    )
    simulate.add_argument("--scale", type=float, default=0.005, help="share of the reference year")
    simulate.add_argument("--seed", type=int, default=2016)
    simulate.add_argument("--from", dest="start", default="2016-01-01", help="first Shanghai day")
    simulate.add_argument("--days", type=int, default=365)
    simulate.add_argument("--out", default="build/report", help="charts and summary.md")
    simulate.set_defaults(run=_simulate)
    calendar = commands.add_parser("calendar", help="working-day calendar overrides")
    calendar_commands = calendar.add_subparsers(dest="calendar_command", required=True)
    importing = calendar_commands.add_parser("import", help='store {"days": [...]} from FILE')
    importing.add_argument("file")
    _with_target(importing, _calendar_import)
    return parser


def _with_target(command: argparse.ArgumentParser, run: Any) -> None:
    command.add_argument("--endpoint-url", help="the local stack's moto, e.g. :8001")
    command.add_argument("--project-dir", default=str(CHECKOUT), help="the Chalice project")
    command.set_defaults(run=run)


def main(argv: list[str] | None = None) -> int:
    from botocore.exceptions import NoCredentialsError, NoRegionError

    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except NoRegionError:
        print("youthvoice: no AWS region: set AWS_REGION (e.g. cn-north-1)", file=sys.stderr)
        return 2
    except NoCredentialsError:
        print("youthvoice: no AWS credentials: set a profile (AWS_PROFILE)", file=sys.stderr)
        return 2
    except DomainError as error:
        print(f"youthvoice: {error.message}", file=sys.stderr)
        return 2
    except SettingsError as error:
        print(f"youthvoice: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
