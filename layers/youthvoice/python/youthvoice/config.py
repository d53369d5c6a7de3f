"""Settings, read once from the environment (Lambda configuration or the local stack)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from youthvoice.domain.errors import ValidationFailed

LOCAL_STAGE = "local"
POINT_DEFAULTS = {"answer": 10, "accepted": 15, "like": 2, "on_time": 5, "well_rated": 5}


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    content_table: str
    projections_table: str
    content_stream_arn: str
    local_dir: Path
    cognito_user_pool_id: str | None
    cognito_app_client_id: str | None
    visit_shards: int
    dedup_marker_ttl_seconds: int
    due_shards: int
    sla_policies_file: Path | None
    idempotency_ttl_hours: int
    root_platform: str
    max_request_bytes: int
    sensitive_words_file: Path | None
    leaderboard_shards: int
    points: dict[str, int]
    ladders_file: Path | None
    working_hours: tuple[str, str, str]

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE

    @property
    def cognito_issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.cognito_user_pool_id}"

    @property
    def local_signing_key_path(self) -> Path:
        return self.local_dir / "jwt-signing-key.pem"


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed(f"setting {name} must be an integer, got {raw!r}") from None


def load_settings(env: dict[str, str]) -> Settings:
    stage = env.get("STAGE", LOCAL_STAGE)
    return Settings(
        stage=stage,
        region=env.get("AWS_REGION", env.get("AWS_DEFAULT_REGION", "cn-north-1")),
        content_table=env.get("CONTENT_TABLE", f"youthvoice-{stage}-content"),
        projections_table=env.get("PROJECTIONS_TABLE", f"youthvoice-{stage}-projections"),
        content_stream_arn=env.get("CONTENT_STREAM_ARN", "content-table-stream"),
        local_dir=Path(env.get("YOUTHVOICE_LOCAL_DIR", ".local")),
        cognito_user_pool_id=env.get("COGNITO_USER_POOL_ID") or None,
        cognito_app_client_id=env.get("COGNITO_APP_CLIENT_ID") or None,
        visit_shards=_int(env, "VISIT_SHARDS", 16),
        dedup_marker_ttl_seconds=_int(env, "DEDUP_MARKER_TTL_SECONDS", 2 * 24 * 3600),
        due_shards=_int(env, "DUE_SHARDS", 16),
        sla_policies_file=Path(env["SLA_POLICIES_FILE"]) if env.get("SLA_POLICIES_FILE") else None,
        idempotency_ttl_hours=_int(env, "IDEMPOTENCY_TTL_HOURS", 24),
        root_platform=env.get("ROOT_PLATFORM", "sx"),
        max_request_bytes=_int(env, "MAX_REQUEST_BYTES", 32 * 1024),
        leaderboard_shards=_int(env, "LEADERBOARD_SHARDS", 4),
        points={
            name: _int(env, f"POINTS_{name.upper()}", default)
            for name, default in POINT_DEFAULTS.items()
        },
        sensitive_words_file=Path(env["SENSITIVE_WORDS_FILE"])
        if env.get("SENSITIVE_WORDS_FILE")
        else None,
        ladders_file=Path(env["ESCALATION_LADDERS_FILE"])
        if env.get("ESCALATION_LADDERS_FILE")
        else None,
        working_hours=(
            env.get("WORKDAY_START", "09:00"),
            env.get("WORKDAY_END", "18:00"),
            env.get("WORK_TIMEZONE", "Asia/Shanghai"),
        ),
    )


@cache
def get_settings() -> Settings:
    return load_settings(dict(os.environ))
