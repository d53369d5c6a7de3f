"""Who is calling: the claims every request carries once its token is verified."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from youthvoice.domain.errors import Unauthenticated


class Role(StrEnum):
    YOUTH = "youth"
    EXPERT = "expert"
    STAFF = "staff"
    ADMIN = "admin"


ROLES_BOUND_TO_A_PLATFORM = frozenset({Role.EXPERT, Role.STAFF})


@dataclass(frozen=True)
class Principal:
    sub: str
    role: Role
    platform: str | None = None

    @classmethod
    def from_claims(cls, claims: dict[str, object]) -> Principal:
        """Accept plain claims (local tokens) and Cognito's `custom:` attributes alike."""
        sub = claims.get("sub")
        role = claims.get("role", claims.get("custom:role"))
        platform = claims.get("platform", claims.get("custom:platform"))
        if not isinstance(sub, str) or not sub:
            raise Unauthenticated("token has no subject")
        try:
            parsed_role = Role(str(role))
        except ValueError:
            raise Unauthenticated("token has no valid role") from None
        if platform is not None and not isinstance(platform, str):
            raise Unauthenticated("token platform must be a string")
        if parsed_role in ROLES_BOUND_TO_A_PLATFORM and not platform:
            raise Unauthenticated(f"a {parsed_role} token must name its platform")
        return cls(sub=sub, role=parsed_role, platform=platform or None)

    def to_claims(self) -> dict[str, str]:
        claims = {"sub": self.sub, "role": str(self.role)}
        if self.platform:
            claims["platform"] = self.platform
        return claims
