"""`youthvoice`: run the local stack and issue local tokens."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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
