"""Token verification (the local key, or an OIDC issuer's JWKS) and local token issuing."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from youthvoice.bootstrap import dependencies
from youthvoice.config import Settings, SettingsError
from youthvoice.domain.errors import Unauthenticated
from youthvoice.domain.identity import Principal

LOCAL_ISSUER = "youthvoice-local"
LOCAL_AUDIENCE = "youthvoice"
ALGORITHM = "RS256"


@cache
def ensure_local_signing_key(path: Path) -> rsa.RSAPrivateKey:
    """Create the local stage's key on first use; it never leaves `.local/`.

    Parsed once per path: loading an RSA key costs tens of milliseconds.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pem)
        temporary.chmod(0o600)
        temporary.replace(path)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise Unauthenticated(f"{path} is not an RSA private key")
    return loaded


def issue_local_token(principal: Principal, ttl_seconds: int, settings: Settings) -> str:
    now = int(time.time())
    claims = {
        **settings.claims.claims_of(principal),
        "iss": LOCAL_ISSUER,
        "aud": LOCAL_AUDIENCE,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    key = ensure_local_signing_key(settings.local_signing_key_path)
    return jwt.encode(claims, key, algorithm=ALGORITHM)


class TokenVerifier:
    """Checks signature, expiry, issuer and audience, then maps the claims the issuer alone
    writes to a principal: the caller gets a Principal or Unauthenticated."""

    def __init__(self, settings: Settings) -> None:
        self._mapping = settings.claims
        if settings.oidc is not None:
            self._jwks: jwt.PyJWKClient | None = jwt.PyJWKClient(settings.oidc.jwks_url)
            self._issuer, self._audience = settings.oidc.issuer, settings.oidc.audience
        elif settings.is_local:
            self._jwks = None
            self._issuer, self._audience = LOCAL_ISSUER, LOCAL_AUDIENCE
            self._local_key_path = settings.local_signing_key_path
        else:
            raise SettingsError("OIDC_ISSUER", f"stage {settings.stage} trusts no token issuer")

    def _key(self, token: str) -> object:
        if self._jwks is None:
            return ensure_local_signing_key(self._local_key_path).public_key()
        return self._jwks.get_signing_key_from_jwt(token).key

    def _check_audience(self, claims: dict[str, object]) -> None:
        """ID tokens name their app client in `aud`; Cognito's access tokens in `client_id`."""
        granted = claims.get("aud", claims.get("client_id"))
        audiences = granted if isinstance(granted, list) else [granted]
        if self._audience not in audiences:
            raise Unauthenticated("token is not valid: it was issued for another audience")

    def verify(self, authorization: str | None) -> Principal:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("expected Authorization: Bearer <token>")
        try:
            claims = jwt.decode(
                token.strip(),
                self._key(token.strip()),  # type: ignore[arg-type]
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                options={"require": ["exp", "iss", "sub"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token has expired") from None
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthenticated(f"token is not valid: {error}") from None
        self._check_audience(claims)
        return self._mapping.principal(claims)


def token_verifier() -> TokenVerifier:
    return dependencies().token_verifier
