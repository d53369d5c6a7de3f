"""Settings are validated once, at start-up: each mistake names the setting that holds it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from youthvoice.bootstrap import bootstrap, installed
from youthvoice.config import OidcIssuer, SettingsError, Stage, load_settings
from youthvoice.domain.errors import DomainError
from youthvoice.domain.identity import ClaimMapping
from youthvoice.domain.moderation import Severity
from youthvoice.domain.projection import Weights
from youthvoice.services import runtime


def json_file(tmp_path: Path, content: Any) -> str:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(content), "utf-8")
    return str(path)


def test_defaults_load_the_packaged_data_and_the_domain_points() -> None:
    # Given an environment that sets nothing
    # When the settings load
    settings = load_settings({})
    # Then the stage is local, points are the domain's defaults and the packaged files are parsed
    assert settings.stage is Stage.LOCAL
    assert settings.is_local and not settings.is_production
    assert settings.points == Weights()
    assert settings.sla_policies.default_hours > 0
    assert settings.sensitive_words.check("网络赌博").severity is Severity.HARD
    assert settings.working_hours.per_day == dt.timedelta(hours=9)
    assert settings.oidc is None
    assert settings.claims == ClaimMapping("cognito:groups", None, None, "id")


DEPLOYED = {
    "STAGE": "prod",
    "OIDC_ISSUER": "https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_Ab",
    "OIDC_AUDIENCE": "client",
}


def test_overrides_are_typed_values() -> None:
    # Given a production stage, one point override and other working hours
    environment = {
        **DEPLOYED,
        "POINTS_LIKE": "0",
        "WORKDAY_START": "08:30",
        "WORKDAY_END": "17:00",
        "WORK_TIMEZONE": "Asia/Urumqi",
    }
    # When the settings load
    settings = load_settings(environment)
    # Then each is parsed into the value the code uses
    assert settings.is_production
    assert settings.points == Weights(like=0)
    assert settings.working_hours.start == dt.time(8, 30)
    assert settings.oidc == OidcIssuer(
        issuer=DEPLOYED["OIDC_ISSUER"],
        jwks_url=f"{DEPLOYED['OIDC_ISSUER']}/.well-known/jwks.json",
        audience="client",
    )
    assert str(settings.working_hours.zone) == "Asia/Urumqi"


BAD_DATA = {
    "ESCALATION_LADDERS_FILE": {"default": {"reminder_fraction": 1.5}},
    "SLA_POLICIES_FILE": {"by_topic": {"study": 9}},
    "SENSITIVE_WORDS_FILE": {"hard": {"gambling": "网络赌博"}},
}


@pytest.mark.parametrize(
    ("environment", "setting"),
    [
        ({"STAGE": "production"}, "STAGE"),
        ({"VISIT_SHARDS": "sixteen"}, "VISIT_SHARDS"),
        ({"DUE_SHARDS": "0"}, "DUE_SHARDS"),
        ({"LEADERBOARD_SHARDS": "9"}, "LEADERBOARD_SHARDS"),
        ({"POINTS_ANSWER": "-1"}, "POINTS_ANSWER"),
        ({"WORKDAY_START": "9h"}, "WORKDAY_START"),
        ({"WORKDAY_END": "25:00"}, "WORKDAY_END"),
        ({"WORKDAY_START": "18:00", "WORKDAY_END": "09:00"}, "WORKDAY_START"),
        ({"WORKDAY_START": "09:00", "WORKDAY_END": "09:00"}, "WORKDAY_START"),
        ({"WORK_TIMEZONE": "Asia/Beijing"}, "WORK_TIMEZONE"),
        ({"WORK_TIMEZONE": "../etc/passwd"}, "WORK_TIMEZONE"),
        ({"SLA_POLICIES_FILE": "/nonexistent/sla.json"}, "SLA_POLICIES_FILE"),
        ({"OIDC_ISSUER": "https://idp.example.cn"}, "OIDC_AUDIENCE"),
        ({**DEPLOYED, "OIDC_ISSUER": "http://idp.example.cn"}, "OIDC_ISSUER"),
        ({**DEPLOYED, "OIDC_AUDIENCE": ""}, "OIDC_AUDIENCE"),
        ({**DEPLOYED, "OIDC_JWKS_URL": "file:///etc/keys"}, "OIDC_JWKS_URL"),
        ({"OIDC_TOKEN_USE": "refresh"}, "OIDC_TOKEN_USE"),
        ({"OIDC_ROLE_CLAIM": "custom:role"}, "OIDC_ROLE_CLAIM"),
        ({"OIDC_GROUPS_CLAIM": "custom:groups"}, "OIDC_GROUPS_CLAIM"),
        ({"OIDC_GROUPS_CLAIM": "", "OIDC_ROLE_CLAIM": "yv_role"}, "OIDC_PLATFORM_CLAIM"),
        ({**DEPLOYED, "CORS_ALLOWED_ORIGINS": "*"}, "CORS_ALLOWED_ORIGINS"),
        ({"CORS_ALLOWED_ORIGINS": "https://app.example.cn/"}, "CORS_ALLOWED_ORIGINS"),
        ({"CORS_ALLOWED_ORIGINS": "app.example.cn"}, "CORS_ALLOWED_ORIGINS"),
    ],
)
def test_a_bad_setting_fails_loading_with_its_name(
    environment: dict[str, str], setting: str
) -> None:
    # Given an environment with one mistake
    # When the settings load
    with pytest.raises(SettingsError) as raised:
        load_settings(environment)
    # Then the error names the setting, and is no client error that could become a 400
    assert raised.value.setting == setting
    assert f"setting {setting}:" in str(raised.value)
    assert not isinstance(raised.value, DomainError)


@pytest.mark.parametrize("setting", sorted(BAD_DATA))
def test_a_bad_data_file_fails_loading_with_its_setting(tmp_path: Path, setting: str) -> None:
    # Given a data file whose content breaks the domain's rules
    environment = {setting: json_file(tmp_path, BAD_DATA[setting])}
    # When the settings load
    with pytest.raises(SettingsError) as raised:
        load_settings(environment)
    # Then the error names the setting that points at the file
    assert raised.value.setting == setting


@pytest.mark.parametrize("setting", sorted(BAD_DATA))
def test_a_data_file_that_is_not_json_fails_loading(tmp_path: Path, setting: str) -> None:
    # Given a data file with a syntax error
    path = tmp_path / "broken.json"
    path.write_text('{"default": ', "utf-8")
    # When the settings load
    with pytest.raises(SettingsError) as raised:
        load_settings({setting: str(path)})
    # Then the error names the setting
    assert raised.value.setting == setting


@pytest.mark.parametrize(
    ("environment", "origin", "allowed"),
    [
        ({}, "http://localhost:5173", True),
        ({}, "http://127.0.0.1:8080", True),
        ({}, "http://localhost", False),
        ({}, "http://localhost.example.cn:5173", False),
        ({}, "https://app.example.cn", False),
        ({"STAGE": "dev"}, "http://localhost:5173", False),
        ({"STAGE": "dev", "CORS_ALLOWED_ORIGINS": "*"}, "https://any.example", True),
        (
            {**DEPLOYED, "CORS_ALLOWED_ORIGINS": "https://app.example.cn, https://m.example.cn"},
            "https://m.example.cn",
            True,
        ),
        (
            {**DEPLOYED, "CORS_ALLOWED_ORIGINS": "https://app.example.cn"},
            "https://app.example.cn.evil.example",
            False,
        ),
    ],
)
def test_allowed_origins_admit_only_what_the_stage_lists(
    environment: dict[str, str], origin: str, allowed: bool
) -> None:
    # Given a stage's origins (the local stage: localhost on any port; deployed: none unless listed)
    settings = load_settings(environment)
    # When a browser's Origin is checked, Then only a listed one is admitted
    assert settings.cors_origins.allows(origin) is allowed


def test_an_allowed_phrase_inside_a_word_fails_the_first_screen_as_a_setting(
    tmp_path: Path,
) -> None:
    # Given a word list of the right shape whose allowed phrase is part of a listed word
    words = {"hard": {"gambling": ["六合彩"]}, "allow": ["合彩"]}
    settings = load_settings({"SENSITIVE_WORDS_FILE": json_file(tmp_path, words)})
    # When the first post is screened (the settings loaded without building the list)
    with installed(bootstrap(settings)), pytest.raises(SettingsError) as raised:
        runtime.word_list()
    # Then it fails naming the setting, never as the poster's 400
    assert raised.value.setting == "SENSITIVE_WORDS_FILE"
    assert "allowed phrase" in str(raised.value)
    assert not isinstance(raised.value, DomainError)
