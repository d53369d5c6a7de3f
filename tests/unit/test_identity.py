"""Claims to principals, and local token verification."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from youthvoice.config import Stage, get_settings
from youthvoice.domain.errors import Unauthenticated
from youthvoice.domain.identity import Principal, Role
from youthvoice.services.identity import TokenVerifier, issue_local_token


def test_cognito_custom_attributes_are_read() -> None:
    principal = Principal.from_claims(
        {"sub": "abc", "custom:role": "expert", "custom:platform": "sx-01"}
    )
    assert principal == Principal("abc", Role.EXPERT, "sx-01")


@pytest.mark.parametrize(
    "claims",
    [
        {"role": "youth"},
        {"sub": "a", "role": "king"},
        {"sub": "a", "role": "staff"},
        {"sub": "a", "role": "expert", "platform": 7},
    ],
)
def test_incomplete_claims_are_unauthenticated(claims: dict[str, object]) -> None:
    with pytest.raises(Unauthenticated):
        Principal.from_claims(claims)


def test_a_local_token_verifies_and_an_expired_one_does_not(tmp_path: Path) -> None:
    settings = dataclasses.replace(get_settings(), local_dir=tmp_path)
    verifier = TokenVerifier(settings)
    good = issue_local_token(Principal("u", Role.ADMIN), 60, settings)
    assert verifier.verify(f"Bearer {good}") == Principal("u", Role.ADMIN)
    expired = issue_local_token(Principal("u", Role.ADMIN), -1, settings)
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(f"Bearer {expired}")
    assert (tmp_path / "jwt-signing-key.pem").stat().st_mode & 0o077 == 0


def test_a_deployed_stage_without_a_user_pool_refuses_to_start() -> None:
    settings = dataclasses.replace(get_settings(), stage=Stage.PROD, cognito_user_pool_id=None)
    with pytest.raises(Unauthenticated, match="COGNITO_USER_POOL_ID"):
        TokenVerifier(settings)
