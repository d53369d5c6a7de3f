"""Which issuers are Cognito user pools, whose accounts an erasure can close."""

from __future__ import annotations

import pytest

from youthvoice.config import OidcIssuer


@pytest.mark.parametrize(
    ("issuer", "pool"),
    [
        (
            "https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_Ab3dE",
            ("cn-northwest-1", "cn-northwest-1_Ab3dE"),
        ),
        (
            "https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Xy9",
            ("ap-east-1", "ap-east-1_Xy9"),
        ),
        ("https://login.example.cn/realms/youth", None),
        ("https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Ab/extra", None),
    ],
)
def test_a_cognito_issuer_names_its_pool(issuer: str, pool: tuple[str, str] | None) -> None:
    # Given a stage's issuer; When its pool is asked for; Then a Cognito pool is named, else none
    assert OidcIssuer(issuer, f"{issuer}/jwks", "app").cognito_user_pool == pool
