"""Claims to principals, local token verification, and an OIDC issuer's tokens."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from youthvoice.config import OidcIssuer, SettingsError, Stage, get_settings
from youthvoice.domain.errors import Unauthenticated, ValidationFailed
from youthvoice.domain.identity import ClaimMapping, Principal, Role, check_user_id
from youthvoice.services.identity import ALGORITHM, TokenVerifier, issue_local_token

COGNITO = ClaimMapping()


def test_cognito_groups_grant_role_and_platform() -> None:
    # Given an ID token whose groups an administrator granted
    claims = {"sub": "abc", "token_use": "id", "cognito:groups": ["role:expert", "platform:sx-01"]}
    # When it is mapped
    # Then the role and platform come from the groups
    assert COGNITO.principal(claims) == Principal("abc", Role.EXPERT, "sx-01")


def test_custom_attributes_never_grant_a_role() -> None:
    # Given a user who wrote custom:role=admin on their own account, and is in no group
    claims = {"sub": "abc", "custom:role": "admin", "custom:platform": "sx"}
    # When the token is mapped, it is refused: the role would come only from what its user wrote
    with pytest.raises(Unauthenticated, match="can write"):
        COGNITO.principal(claims)
    # And beside a granted group the attribute is ignored
    granted = {**claims, "cognito:groups": ["role:youth"]}
    assert COGNITO.principal(granted) == Principal("abc", Role.YOUTH)


def test_a_token_in_no_group_is_a_young_persons() -> None:
    # Given a self-registered user with no groups (a generic issuer sends no token_use)
    # When mapped
    # Then the holder has the least privileged role
    assert COGNITO.principal({"sub": "abc"}) == Principal("abc", Role.YOUTH)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"sub": "a", "token_use": "access"}, "token_use"),
        ({"sub": "a", "cognito:groups": ["role:staff", "role:admin"]}, "2 roles"),
        ({"sub": "a", "cognito:groups": ["role:staff", "platform:a", "platform:b"]}, "platforms"),
        ({"sub": "a", "cognito:groups": "role:admin"}, "list"),
        ({"sub": "a", "cognito:groups": ["role:king"]}, "role"),
        ({"sub": "a", "cognito:groups": ["role:staff"]}, "platform"),
    ],
)
def test_claims_that_do_not_say_one_thing_are_refused(
    claims: dict[str, object], reason: str
) -> None:
    # Given claims with the wrong token_use, two roles or platforms, or a role lacking a platform
    # When mapped, they are refused with the reason
    with pytest.raises(Unauthenticated, match=reason):
        COGNITO.principal(claims)


def test_an_issuer_side_mapping_reads_the_issuers_own_claims() -> None:
    # Given an issuer that sets role and platform claims itself, and no groups claim
    mapping = ClaimMapping(
        groups_claim=None, role_claim="yv_role", platform_claim="yv_platform", token_use="access"
    )
    principal = Principal("abc", Role.STAFF, "sx-04")
    # When its claims for a principal are mapped back
    claims = mapping.claims_of(principal)
    # Then they round-trip, and a plain "role" claim is not what it reads
    assert claims == {
        "sub": "abc",
        "token_use": "access",
        "yv_role": "staff",
        "yv_platform": "sx-04",
    }
    assert mapping.principal(claims) == principal
    assert mapping.principal({"sub": "abc", "role": "admin"}) == Principal("abc", Role.YOUTH)


@pytest.mark.parametrize("sub", ["", "u#1", "x" * 129, "u\x00", "u\n1", "u\u202e1", 7, None])
def test_a_subject_that_could_reach_into_keys_is_refused(sub: object) -> None:
    # Given a subject that is empty, too long, holds the key separator or control characters
    # When a principal is made from it, it is refused
    with pytest.raises(Unauthenticated, match="subject"):
        Principal.from_claims({"sub": sub, "role": "youth"})


def test_a_typed_user_id_obeys_the_subjects_rules() -> None:
    # Given a user id staff type in with the key separator
    # When checked, it is a 400 naming the field; a plain one passes
    with pytest.raises(ValidationFailed, match="user_id: must not contain '#'"):
        check_user_id("desk#sx-04", "user_id")
    assert check_user_id("desk:sx-04", "user_id") == "desk:sx-04"


def test_a_local_token_verifies_and_an_expired_one_does_not(tmp_path: Path) -> None:
    settings = dataclasses.replace(get_settings(), local_dir=tmp_path)
    verifier = TokenVerifier(settings)
    good = issue_local_token(Principal("u", Role.ADMIN), 60, settings)
    assert jwt.decode(good, options={"verify_signature": False})["cognito:groups"] == ["role:admin"]
    assert verifier.verify(f"Bearer {good}") == Principal("u", Role.ADMIN)
    expired = issue_local_token(Principal("u", Role.ADMIN), -1, settings)
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(f"Bearer {expired}")
    assert (tmp_path / "jwt-signing-key.pem").stat().st_mode & 0o077 == 0


def test_a_deployed_stage_without_an_issuer_refuses_to_start() -> None:
    settings = dataclasses.replace(get_settings(), stage=Stage.PROD, oidc=None)
    with pytest.raises(SettingsError, match="OIDC_ISSUER"):
        TokenVerifier(settings)


ISSUER = "https://idp.example.cn/realms/youthvoice"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def oidc_verifier(monkeypatch: pytest.MonkeyPatch) -> TokenVerifier:
    """A deployed stage trusting an OIDC issuer whose JWKS holds KEY as kid "k1"."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", lambda self: {"keys": [jwk | {"kid": "k1"}]})
    settings = dataclasses.replace(
        get_settings(),
        stage=Stage.PROD,
        oidc=OidcIssuer(ISSUER, f"{ISSUER}/certs", "app-client"),
    )
    return TokenVerifier(settings)


def _signed(**claims: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "sub": "u-1", "iat": now, "exp": now + 60} | claims
    return f"Bearer {jwt.encode(body, KEY, algorithm=ALGORITHM, headers={'kid': 'k1'})}"


def test_an_oidc_issuers_id_and_access_tokens_verify(oidc_verifier: TokenVerifier) -> None:
    # Given an ID token (aud) and a Cognito-style access token (client_id) for the app client
    groups = {"cognito:groups": ["role:staff", "platform:sx-04"]}
    # When verified
    # Then each gives the principal its groups grant
    staff = Principal("u-1", Role.STAFF, "sx-04")
    assert oidc_verifier.verify(_signed(aud="app-client", token_use="id", **groups)) == staff
    assert oidc_verifier.verify(_signed(aud=["other", "app-client"], **groups)) == staff
    assert oidc_verifier.verify(_signed(client_id="app-client", **groups)) == staff


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "another-app"}, "audience"),
        ({"client_id": "another-app", "token_use": "id"}, "audience"),
        ({"aud": "app-client", "token_use": "access"}, "token_use"),
        ({"aud": "app-client", "iss": "https://cognito-idp.example/pool"}, "issuer"),
        ({"aud": "app-client", "custom:role": "admin"}, "can write"),
    ],
)
def test_an_oidc_token_for_something_else_is_refused(
    oidc_verifier: TokenVerifier, claims: dict[str, object], reason: str
) -> None:
    # Given a token of the right issuer's key but the wrong audience, use, issuer or role source
    # When verified, it is refused
    with pytest.raises(Unauthenticated, match=reason):
        oidc_verifier.verify(_signed(**claims))
