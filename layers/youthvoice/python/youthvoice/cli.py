"""`youthvoice`: run the local stack and issue local tokens."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from youthvoice.domain.errors import DomainError

DAY = 24 * 3600


def _serve(args: argparse.Namespace) -> None:
    from youthvoice.devstack.stack import StackOptions, serve

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
        )
    )


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


def _point_at(args: argparse.Namespace) -> None:
    """Operate on the running local stack's moto, or on AWS when no endpoint is given."""
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        os.environ.setdefault("AWS_DEFAULT_REGION", "cn-north-1")
        os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
    sys.path.insert(0, str(Path(args.project_dir).resolve()))


def _reconcile(args: argparse.Namespace) -> None:
    _point_at(args)
    from youthvoice.config import get_settings
    from youthvoice.services.reconcile import reconcile_counters

    drifts = reconcile_counters(args.root or get_settings().root_platform, repair=args.repair)
    for drift in drifts:
        print(
            f"{drift.scope} {drift.scope_id} {drift.metric}: "
            f"projected {drift.projected}, recounted {drift.recounted}"
        )
    verb = "repaired" if args.repair else "found"
    print(f"{len(drifts)} drifting counters {verb}")


def _replay(args: argparse.Namespace) -> None:
    """Re-drive the Content stream through the projector; markers make repeats harmless."""
    _point_at(args)
    import boto3

    import app
    from youthvoice.config import get_settings
    from youthvoice.devstack.pump import StreamPump

    settings = get_settings()
    dynamodb = boto3.client("dynamodb")
    stream_arn = dynamodb.describe_table(TableName=settings.content_table)["Table"][
        "LatestStreamArn"
    ]
    failed: list[str] = []
    pump = StreamPump(
        boto3.client("dynamodbstreams"),
        stream_arn,
        app.project_content,
        lambda records: failed.extend(r["eventID"] for r in records),
        function_name="project_content",
    )
    pump.start_at("TRIM_HORIZON")
    report = pump.drain()
    print(
        f"replayed {report.delivered} records in {report.invocations} invocations; "
        f"{len(failed)} still failing"
    )
    if args.failure_queue_url and not failed:
        _acknowledge_failures(boto3.client("sqs"), args.failure_queue_url)


def _acknowledge_failures(sqs: Any, queue_url: str) -> None:
    """The on-failure queue names stream ranges; a clean replay from the trim horizon has just
    re-applied every record still in the stream, so those messages are settled."""
    settled = 0
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get(
            "Messages", []
        )
        if not messages:
            break
        for message in messages:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        settled += len(messages)
    print(f"settled {settled} on-failure messages")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="youthvoice", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the local stack (moto, API, stream, schedules)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="HTTP port (env PORT overrides)")
    serve.add_argument("--project-dir", default=".", help="the Chalice project (holds app.py)")
    serve.add_argument("--local-dir", default=".local", help="key and snapshot directory")
    serve.add_argument("--speed", type=float, default=1.0, help="run schedules N times faster")
    serve.add_argument("--snapshot-seconds", type=float, default=60.0)
    serve.add_argument("--demo-experts", type=int, default=200)
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="print a bearer token the local stack accepts")
    token.add_argument("--sub", required=True, help="the user id")
    token.add_argument("--role", required=True, choices=["youth", "expert", "staff", "admin"])
    token.add_argument("--platform", help="required for experts and staff")
    token.add_argument("--ttl", type=int, default=DAY, help="seconds until it expires")
    token.set_defaults(run=_token)

    for name, run, summary in (
        ("reconcile", _reconcile, "recount counters from Content; report or repair drift"),
        ("replay", _replay, "re-drive the Content stream through the projector"),
    ):
        command = commands.add_parser(name, help=summary)
        command.add_argument("--endpoint-url", help="the local stack's moto, e.g. :8001")
        command.add_argument("--project-dir", default=".", help="the Chalice project")
        command.set_defaults(run=run)
        if name == "reconcile":
            command.add_argument("--repair", action="store_true")
            command.add_argument("--root", help="platform whose subtree to check")
        else:
            command.add_argument(
                "--from", dest="position", choices=["trim-horizon"], default="trim-horizon"
            )
            command.add_argument(
                "--failure-queue-url", help="settle the on-failure queue after a clean replay"
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except DomainError as error:
        print(f"youthvoice: {error.message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
