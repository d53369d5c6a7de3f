"""The bearer-token authorizer, as API Gateway would answer."""

from __future__ import annotations

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_supervision import COUNTY, asked_monday, kinds, run, shanghai, staff
from tests.tokens import bearer
from youthvoice.domain.identity import Role
from youthvoice.services.identity import ALGORITHM, LOCAL_AUDIENCE, LOCAL_ISSUER


def test_a_valid_token_reaches_the_view_with_its_claims(stack: Stack) -> None:
    response = stack.http.get("/me", headers=bearer("u-42", Role.STAFF, "sx-04"))
    assert response.status_code == 200
    assert response.json_body == {
        "sub": "u-42", "role": "staff", "platform": "sx-04", "name": None, "nickname": None
    }  # fmt: skip


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


def test_a_subject_holding_the_key_separator_is_401(stack: Stack) -> None:
    # Given a token whose subject holds "#", which would let IDEM#{sub}#{key} name another
    # user's idempotency key ("alice#k1" + "x" is "alice" + "k1#x")
    headers = bearer("alice#k1", Role.YOUTH)
    # When it calls the API
    response = stack.http.get("/me", headers=headers)
    # Then the authorizer refuses it
    assert response.status_code == 401
    assert response.json_body["error"]["code"] == "unauthenticated"


def test_a_user_named_like_a_desk_reads_only_their_own_inbox(bare_stack: Stack) -> None:
    # Given a question on 沁县 that climbed to its duty desk
    question = asked_monday(bare_stack, "desk-youth")
    assert (1, COUNTY) in run(bare_stack, shanghai(11, 19, 18, 1), question["id"])
    assert "escalated" in kinds(staff(bare_stack, COUNTY), "?desk=true")
    # When a user whose subject spells the desk's old inbox owner reads their inbox
    impostor = as_user(bare_stack, f"desk:{COUNTY}", Role.YOUTH)
    # Then it is their own, empty inbox, not the desk's
    assert impostor.get("/me/notifications").body == {
        "items": [],
        "next_cursor": None,
        "unread": 0,
    }


def test_a_typed_user_id_holding_the_key_separator_is_400(bare_stack: Stack) -> None:
    # Given staff registering an expert account, or a duty roster, named like a desk
    caller = as_user(bare_stack, "admin-1", Role.ADMIN)
    expert = {"user_id": "desk#sx-04", "name": "专家", "topics": ["employment"],
              "platform_id": "sx-04"}  # fmt: skip
    # When they send it
    refused = caller.post("/experts", expert)
    # Then it is a 400 naming the field
    assert refused.status == 400
    assert refused.body["error"]["detail"].startswith("user_id:")
