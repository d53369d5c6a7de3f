"""Token verification (local key or Cognito JWKS) and local token issuing."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from youthvoice.config import Settings, get_settings
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
        **principal.to_claims(),
        "iss": LOCAL_ISSUER,
        "aud": LOCAL_AUDIENCE,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    key = ensure_local_signing_key(settings.local_signing_key_path)
    return jwt.encode(claims, key, algorithm=ALGORITHM)


class TokenVerifier:
    """Checks signature, expiry, issuer and audience: the caller gets claims or Unauthenticated."""

    def __init__(self, settings: Settings) -> None:
        if not settings.is_local and not settings.cognito_user_pool_id:
            raise Unauthenticated(f"stage {settings.stage} has no COGNITO_USER_POOL_ID configured")
        self._settings = settings
        self._local_public_key: object | None = None
        self._jwks = (
            None
            if settings.is_local
            else jwt.PyJWKClient(f"{settings.cognito_issuer}/.well-known/jwks.json")
        )

    def _key_and_expectations(self, token: str) -> tuple[object, str, str | None]:
        if self._jwks is None:
            if self._local_public_key is None:
                key_path = self._settings.local_signing_key_path
                self._local_public_key = ensure_local_signing_key(key_path).public_key()
            return self._local_public_key, LOCAL_ISSUER, LOCAL_AUDIENCE
        signing_key = self._jwks.get_signing_key_from_jwt(token).key
        return signing_key, self._settings.cognito_issuer, self._settings.cognito_app_client_id

    def verify(self, authorization: str | None) -> Principal:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("expected Authorization: Bearer <token>")
        try:
            key, issuer, audience = self._key_and_expectations(token.strip())
            claims = jwt.decode(
                token.strip(),
                key,  # type: ignore[arg-type]
                algorithms=[ALGORITHM],
                issuer=issuer,
                audience=audience,
                options={"require": ["exp", "sub"], "verify_aud": audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token has expired") from None
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthenticated(f"token is not valid: {error}") from None
        return Principal.from_claims(claims)


@cache
def token_verifier() -> TokenVerifier:
    return TokenVerifier(get_settings())
