"""The bearer-token authorizer, as API Gateway would answer."""

from __future__ import annotations

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.domain.identity import Role
from youthvoice.services.identity import ALGORITHM, LOCAL_AUDIENCE, LOCAL_ISSUER


def test_a_valid_token_reaches_the_view_with_its_claims(stack: Stack) -> None:
    response = stack.http.get("/me", headers=bearer("u-42", Role.STAFF, "sx-04"))
    assert response.status_code == 200
    assert response.json_body == {"sub": "u-42", "role": "staff", "platform": "sx-04"}


def test_missing_token_is_401_in_the_error_shape(stack: Stack) -> None:
    response = stack.http.get("/me")
    assert response.status_code == 401
    assert response.json_body["error"]["code"] == "unauthenticated"


def test_expired_token_is_401(stack: Stack) -> None:
    response = stack.http.get("/me", headers=bearer("u-1", Role.YOUTH, ttl=-60))
    assert response.status_code == 401
    assert response.json_body["error"]["code"] == "unauthenticated"


def test_token_signed_by_another_key_is_401(stack: Stack) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {"sub": "u-1", "role": "admin", "iss": LOCAL_ISSUER, "aud": LOCAL_AUDIENCE, "exp": 2**40},
        stranger,
        algorithm=ALGORITHM,
    )
    response = stack.http.get("/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


def test_garbage_and_wrong_scheme_are_401(stack: Stack) -> None:
    for header in ("Bearer not.a.jwt", "Basic dXNlcjpwYXNz", "Bearer "):
        response = stack.http.get("/me", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json_body["error"]["code"] == "unauthenticated"


def test_staff_token_without_platform_is_401(stack: Stack) -> None:
    response = stack.http.get("/me", headers=bearer("u-1", Role.STAFF, None))
    assert response.status_code == 401
