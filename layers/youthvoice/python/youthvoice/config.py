"""Settings, read and validated once from the environment (Lambda configuration or the local stack).

Everything an operator configures is parsed here, data files included, so a mistake stops the
cold start with the setting's name instead of surfacing later as a young person's failed request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from youthvoice.domain.errors import DomainError
from youthvoice.domain.escalation import LadderPolicies
from youthvoice.domain.identity import ClaimMapping
from youthvoice.domain.moderation import WordList
from youthvoice.domain.projection import Weights
from youthvoice.domain.projection_keys import MAX_LEADERBOARD_SHARDS
from youthvoice.domain.quotas import DAY, HOUR, MINUTE, Action, Quota, QuotaPolicy
from youthvoice.domain.sla import SlaPolicies
from youthvoice.domain.worktime import WorkingHours

Parsed = TypeVar("Parsed")


class SettingsError(Exception):
    """A deployment mistake. Never a client's: it stops the start-up and is never answered as
    an HTTP error."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"setting {setting}: {problem}")
        self.setting = setting


class Stage(StrEnum):
    LOCAL = "local"
    DEV = "dev"
    PROD = "prod"


@dataclass(frozen=True)
class OidcIssuer:
    """The issuer a deployed stage trusts: its `iss`, where its signing keys are published, and
    the audience (app client) its tokens must be for."""

    issuer: str
    jwks_url: str
    audience: str

    @property
    def cognito_user_pool(self) -> tuple[str, str] | None:
        """(region, pool id) when the issuer is a Cognito user pool, whose accounts an erasure
        closes; None for another issuer, whose accounts the service cannot reach."""
        found = _COGNITO_ISSUER.fullmatch(self.issuer)
        return (found["region"], found["pool"]) if found else None


# A browser's Origin: scheme, host and an optional port, nothing after it. A configured port of
# `*` admits any port on that host (local front ends run wherever their dev server starts).
_ORIGIN = re.compile(r"(?P<site>https?://[A-Za-z0-9.-]+)(:(?P<port>\d{1,5}))?")
_CONFIGURED_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:(\d{1,5}|\*))?")
ANY_ORIGIN = "*"
ANY_PORT = ":*"
LOCAL_ORIGINS = "http://localhost:*,http://127.0.0.1:*"


@dataclass(frozen=True)
class AllowedOrigins:
    """The origins whose browser pages may call the API (CORS); nothing else gets an
    Access-Control-Allow-Origin header, so browsers refuse them."""

    origins: tuple[str, ...]

    def allows(self, origin: str) -> bool:
        given = _ORIGIN.fullmatch(origin)
        if given is None:
            return False
        any_port = f"{given['site']}{ANY_PORT}" if given["port"] else None
        return any(allowed in (ANY_ORIGIN, origin, any_port) for allowed in self.origins)


@dataclass(frozen=True)
class Settings:
    stage: Stage
    region: str
    content_table: str
    projections_table: str
    content_stream_arn: str
    local_dir: Path
    oidc: OidcIssuer | None
    claims: ClaimMapping
    visit_shards: int
    dedup_marker_ttl_seconds: int
    due_shards: int
    idempotency_ttl_hours: int
    root_platform: str
    max_request_bytes: int
    leaderboard_shards: int
    points: Weights
    sla_policies: SlaPolicies
    ladders: LadderPolicies
    sensitive_words: WordList
    working_hours: WorkingHours
    quotas: QuotaPolicy
    cors_origins: AllowedOrigins

    @property
    def is_local(self) -> bool:
        return self.stage is Stage.LOCAL

    @property
    def is_production(self) -> bool:
        return self.stage is Stage.PROD

    @property
    def local_signing_key_path(self) -> Path:
        return self.local_dir / "jwt-signing-key.pem"


def _stage(env: Mapping[str, str]) -> Stage:
    raw = env.get("STAGE", Stage.LOCAL)
    try:
        return Stage(raw)
    except ValueError:
        raise SettingsError("STAGE", f"expected one of {', '.join(Stage)}, got {raw!r}") from None


def _int(
    env: Mapping[str, str], name: str, default: int, minimum: int = 1, maximum: int | None = None
) -> int:
    raw = env.get(name, str(default))
    try:
        value: int | None = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bounds = f"of at least {minimum}" + (f" and at most {maximum}" if maximum else "")
        raise SettingsError(name, f"expected an integer {bounds}, got {raw!r}")
    return value


def _points(env: Mapping[str, str]) -> Weights:
    """Defaults are the domain's; POINTS_ANSWER, POINTS_ACCEPTED, ... override them."""
    defaults = Weights()
    return Weights(
        **{
            field.name: _int(
                env, f"POINTS_{field.name.upper()}", getattr(defaults, field.name), minimum=0
            )
            for field in dataclasses.fields(Weights)
        }
    )


def _data_file(
    env: Mapping[str, str], name: str, packaged: str, parse: Callable[[Any], Parsed]
) -> Parsed:
    """An operator's JSON file named by setting `name`, or the packaged default."""
    configured = env.get(name)
    try:
        if configured:
            raw = Path(configured).read_text("utf-8")
        else:
            raw = resources.files("youthvoice.seed").joinpath(packaged).read_text("utf-8")
        return parse(json.loads(raw))
    except DomainError as error:
        raise SettingsError(name, error.message) from None
    except KeyError as error:
        raise SettingsError(name, f"key {error} is missing or unknown") from None
    except (OSError, ValueError, TypeError, AttributeError) as error:
        raise SettingsError(name, str(error)) from None


def _time(env: Mapping[str, str], name: str, default: dt.time) -> dt.time:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        raise SettingsError(name, f"expected a time like 09:00, got {raw!r}") from None


def _working_hours(env: Mapping[str, str]) -> WorkingHours:
    defaults = WorkingHours()
    start = _time(env, "WORKDAY_START", defaults.start)
    end = _time(env, "WORKDAY_END", defaults.end)
    if start >= end:
        raise SettingsError("WORKDAY_START", f"{start} is not before WORKDAY_END {end}")
    zone = env.get("WORK_TIMEZONE")
    if zone is None:
        return WorkingHours(start, end)
    try:
        return WorkingHours(start, end, ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("WORK_TIMEZONE", f"unknown time zone {zone!r}") from None


# Per-user quotas: the setting, the action it limits, its window and its default. One setting may
# limit two actions: every answer, official or peer, shares the per-minute burst.
ANSWERS_PER_MINUTE = 20
QUOTA_SETTINGS = (
    ("QUOTA_ASKS_PER_HOUR", Action.ASK, HOUR, 10),
    ("QUOTA_ASKS_PER_DAY", Action.ASK, DAY, 30),
    ("QUOTA_ANSWERS_PER_MINUTE", Action.ANSWER, MINUTE, ANSWERS_PER_MINUTE),
    ("QUOTA_ANSWERS_PER_MINUTE", Action.PEER_ANSWER, MINUTE, ANSWERS_PER_MINUTE),
    ("QUOTA_PEER_ANSWERS_PER_HOUR", Action.PEER_ANSWER, HOUR, 30),
    ("QUOTA_PEER_ANSWERS_PER_DAY", Action.PEER_ANSWER, DAY, 100),
    ("QUOTA_QUESTION_EDITS_PER_HOUR", Action.EDIT_QUESTION, HOUR, 10),
    ("QUOTA_QUESTION_EDITS_PER_DAY", Action.EDIT_QUESTION, DAY, 30),
    ("QUOTA_ANSWER_EDITS_PER_HOUR", Action.EDIT_ANSWER, HOUR, 20),
    ("QUOTA_ANSWER_EDITS_PER_DAY", Action.EDIT_ANSWER, DAY, 60),
    ("QUOTA_FLAGS_PER_HOUR", Action.FLAG, HOUR, 20),
    ("QUOTA_LIKES_PER_HOUR", Action.LIKE, HOUR, 120),
    ("QUOTA_SIGNUPS_PER_DAY", Action.SIGNUP, DAY, 10),
    ("QUOTA_NICKNAMES_PER_DAY", Action.NICKNAME, DAY, 5),
    ("QUOTA_ACTIVITIES_PER_DAY", Action.CREATE_ACTIVITY, DAY, 20),
    ("QUOTA_ACTIVITY_CLOSES_PER_DAY", Action.CLOSE_ACTIVITY, DAY, 20),
    # Per activity: a checker's wrong codes, not the crowd's good ones.
    ("QUOTA_WRONG_CHECKIN_CODES_PER_HOUR", Action.WRONG_CHECKIN_CODE, HOUR, 30),
    ("QUOTA_ERASURES_PER_DAY", Action.ERASE_ME, DAY, 3),
    ("QUOTA_EXPORTS_PER_DAY", Action.EXPORT_ME, DAY, 5),
)


def _quotas(env: Mapping[str, str]) -> QuotaPolicy:
    return QuotaPolicy.of(
        Quota(action, _int(env, name, default), window)
        for name, action, window, default in QUOTA_SETTINGS
    )


def _https_url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name) or default
    if not raw.startswith("https://") or len(raw) <= len("https://"):
        raise SettingsError(name, f"expected an https:// URL, got {raw!r}")
    return raw.rstrip("/")


_COGNITO_ISSUER = re.compile(
    r"https://cognito-idp\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/(?P<pool>[\w-]+_\w+)"
)


def _oidc(env: Mapping[str, str]) -> OidcIssuer | None:
    """The issuer a deployed stage trusts (a Cognito user pool or another). None is only fit for
    the local stage, which signs its own tokens; packaging loads these settings without one."""
    if not env.get("OIDC_ISSUER"):
        return None
    issuer = _https_url(env, "OIDC_ISSUER", "")
    audience = env.get("OIDC_AUDIENCE")
    if not audience:
        raise SettingsError("OIDC_AUDIENCE", "is required: the app client tokens are issued for")
    jwks_url = _https_url(env, "OIDC_JWKS_URL", f"{issuer}/.well-known/jwks.json")
    return OidcIssuer(issuer=issuer, jwks_url=jwks_url, audience=audience)


def _claim_mapping(env: Mapping[str, str]) -> ClaimMapping:
    """Defaults fit a Cognito user pool's ID tokens, whose groups only an administrator grants."""
    defaults = ClaimMapping()
    token_use = env.get("OIDC_TOKEN_USE", defaults.token_use)
    if token_use not in ("id", "access"):
        raise SettingsError("OIDC_TOKEN_USE", f"expected id or access, got {token_use!r}")
    names = {
        "OIDC_GROUPS_CLAIM": env.get("OIDC_GROUPS_CLAIM", defaults.groups_claim) or None,
        "OIDC_ROLE_CLAIM": env.get("OIDC_ROLE_CLAIM") or None,
        "OIDC_PLATFORM_CLAIM": env.get("OIDC_PLATFORM_CLAIM") or None,
    }
    for name, claim in names.items():
        if (claim or "").startswith("custom:"):
            raise SettingsError(name, f"{claim} is a Cognito attribute users can write themselves")
    if not names["OIDC_GROUPS_CLAIM"]:
        for name in ("OIDC_ROLE_CLAIM", "OIDC_PLATFORM_CLAIM"):
            if not names[name]:
                raise SettingsError(name, "is required when OIDC_GROUPS_CLAIM is empty")
    return ClaimMapping(
        groups_claim=names["OIDC_GROUPS_CLAIM"],
        role_claim=names["OIDC_ROLE_CLAIM"],
        platform_claim=names["OIDC_PLATFORM_CLAIM"],
        token_use=token_use,
    )


def _cors_origins(env: Mapping[str, str], stage: Stage) -> AllowedOrigins:
    """CORS_ALLOWED_ORIGINS, comma-separated; the local stage admits localhost on any port."""
    name = "CORS_ALLOWED_ORIGINS"
    default = LOCAL_ORIGINS if stage is Stage.LOCAL else ""
    origins = tuple(o.strip() for o in env.get(name, default).split(",") if o.strip())
    for origin in origins:
        if origin == ANY_ORIGIN and stage is Stage.PROD:
            raise SettingsError(name, "* is refused in prod: list the front ends' origins")
        if origin != ANY_ORIGIN and not _CONFIGURED_ORIGIN.fullmatch(origin):
            raise SettingsError(
                name, f"expected origins like https://app.example.cn, got {origin!r}"
            )
    return AllowedOrigins(origins)


def load_settings(env: Mapping[str, str]) -> Settings:
    """Raises SettingsError naming the first setting that is not valid."""
    stage = _stage(env)
    return Settings(
        stage=stage,
        region=env.get("AWS_REGION", env.get("AWS_DEFAULT_REGION", "cn-north-1")),
        content_table=env.get("CONTENT_TABLE", f"youthvoice-{stage}-content"),
        projections_table=env.get("PROJECTIONS_TABLE", f"youthvoice-{stage}-projections"),
        content_stream_arn=env.get("CONTENT_STREAM_ARN", "content-table-stream"),
        local_dir=Path(env.get("YOUTHVOICE_LOCAL_DIR", ".local")),
        oidc=_oidc(env),
        claims=_claim_mapping(env),
        visit_shards=_int(env, "VISIT_SHARDS", 16),
        dedup_marker_ttl_seconds=_int(env, "DEDUP_MARKER_TTL_SECONDS", 2 * 24 * 3600),
        due_shards=_int(env, "DUE_SHARDS", 16),
        idempotency_ttl_hours=_int(env, "IDEMPOTENCY_TTL_HOURS", 24),
        root_platform=env.get("ROOT_PLATFORM", "sx"),
        max_request_bytes=_int(env, "MAX_REQUEST_BYTES", 32 * 1024),
        leaderboard_shards=_int(env, "LEADERBOARD_SHARDS", 4, maximum=MAX_LEADERBOARD_SHARDS),
        points=_points(env),
        sla_policies=_data_file(
            env, "SLA_POLICIES_FILE", "sla-policies.json", SlaPolicies.from_data
        ),
        ladders=_data_file(
            env, "ESCALATION_LADDERS_FILE", "escalation-ladders.json", LadderPolicies.from_data
        ),
        sensitive_words=_data_file(
            env, "SENSITIVE_WORDS_FILE", "sensitive-words.json", WordList.from_data
        ),
        working_hours=_working_hours(env),
        quotas=_quotas(env),
        cors_origins=_cors_origins(env, stage),
    )


def built_word_list(words: WordList) -> WordList:
    """`words` with its automatons built (on first use, to keep OpenCC out of the cold start;
    `WordList.build` keeps them, so this costs once per list): a list that cannot be built (an
    allowed phrase inside a word) is the deployment's mistake, never the poster's 400."""
    try:
        words.build()
    except DomainError as error:
        raise SettingsError("SENSITIVE_WORDS_FILE", error.message) from None
    return words


@cache
def get_settings() -> Settings:
    """The process's one Settings: the environment and the data files are read on the first call
    only, and the word list it holds keeps its automatons once built."""
    return load_settings(os.environ)
