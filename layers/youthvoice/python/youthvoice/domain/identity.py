"""Who is calling: the claims every request carries once its token is verified."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from youthvoice.domain.errors import ProblemCode, Unauthenticated, ValidationFailed
from youthvoice.domain.text import ID_MAX as USER_ID_MAX


class Role(StrEnum):
    YOUTH = "youth"
    EXPERT = "expert"
    STAFF = "staff"
    ADMIN = "admin"


ROLES_BOUND_TO_A_PLATFORM = frozenset({Role.EXPERT, Role.STAFF})
KEY_SEPARATOR = "#"
"""Separates the parts of every composite key; a user id never contains it, so no user id can
end one key part early and forge another user's key (`IDEM#{user}#{key}`) or a duty desk's."""

ROLE_GROUP = "role:"
PLATFORM_GROUP = "platform:"
USER_WRITABLE_CLAIMS = ("custom:role", "custom:platform")
"""Cognito lets a user write their own custom attributes (SignUp, UpdateUserAttributes)."""


def user_id_problem(user_id: object) -> str | None:
    """Why `user_id` cannot name a user, or None when it can."""
    if not isinstance(user_id, str) or not user_id:
        return "must be a non-empty string"
    if len(user_id) > USER_ID_MAX:
        return f"must be at most {USER_ID_MAX} characters"
    if KEY_SEPARATOR in user_id:
        return f"must not contain {KEY_SEPARATOR!r}"
    if any(unicodedata.category(character).startswith("C") for character in user_id):
        return "must not contain control or unassigned characters"
    return None


def check_user_id(user_id: str, field: str) -> str:
    """A user id someone types in (an expert's account, a duty roster) obeys the subject's
    rules, so it cannot point at a key no user owns."""
    problem = user_id_problem(user_id)
    if problem:
        raise ValidationFailed.of(field, ProblemCode.INVALID_FORMAT, problem)
    return user_id


@dataclass(frozen=True)
class Principal:
    """`request_id`: the request the principal acts in, which its audit entries name."""

    sub: str
    role: Role
    platform: str | None = None
    request_id: str | None = field(default=None, compare=False)

    @classmethod
    def from_claims(cls, claims: Mapping[str, object], request_id: str | None = None) -> Principal:
        """From fields already mapped and trusted (the authorizer's context, the local CLI)."""
        sub = claims.get("sub")
        problem = user_id_problem(sub)
        if problem:
            raise Unauthenticated(f"token subject {problem}")
        assert isinstance(sub, str)
        role = claims.get("role")
        platform = claims.get("platform")
        try:
            parsed_role = Role(str(role))
        except ValueError:
            raise Unauthenticated("token has no valid role") from None
        if platform is not None and not isinstance(platform, str):
            raise Unauthenticated("token platform must be a string")
        if parsed_role in ROLES_BOUND_TO_A_PLATFORM and not platform:
            raise Unauthenticated(f"a {parsed_role} token must name its platform")
        return cls(sub=sub, role=parsed_role, platform=platform or None, request_id=request_id)


Viewer = Principal | None
"""Who reads a public route: a verified principal, or None for a reader without a token."""


@dataclass(frozen=True)
class ClaimMapping:
    """Where a verified token says who its holder is, from claims only the issuer writes.

    Group memberships an administrator grants (`role:staff`, `platform:sx-04` in Cognito's
    `cognito:groups`), or claims the issuer itself sets. A token naming no role is a young
    person's, unless it carries a user-writable role attribute: that is a pool still set up the
    old way, refused rather than silently demoted.
    """

    groups_claim: str | None = "cognito:groups"
    role_claim: str | None = None
    platform_claim: str | None = None
    token_use: str | None = "id"

    def principal(self, claims: Mapping[str, object]) -> Principal:
        used = claims.get("token_use")
        if self.token_use and used is not None and used != self.token_use:
            raise Unauthenticated(f"token_use {used!r} is not accepted, only {self.token_use!r}")
        roles = self._named(claims, ROLE_GROUP, self.role_claim)
        platforms = self._named(claims, PLATFORM_GROUP, self.platform_claim)
        for what, names in (("roles", roles), ("platforms", platforms)):
            if len(names) > 1:
                raise Unauthenticated(f"token names {len(names)} {what}: {', '.join(names)}")
        if not roles and any(claim in claims for claim in USER_WRITABLE_CLAIMS):
            raise Unauthenticated(
                "token's role comes only from attributes its user can write; "
                "grant roles by group membership"
            )
        return Principal.from_claims(
            {
                "sub": claims.get("sub"),
                "role": roles[0] if roles else Role.YOUTH,
                "platform": platforms[0] if platforms else None,
            }
        )

    def _named(self, claims: Mapping[str, object], prefix: str, claim: str | None) -> list[str]:
        """Distinct values from the issuer's own claim and from prefixed group names."""
        named = [claims[claim]] if claim and claims.get(claim) is not None else []
        if self.groups_claim and self.groups_claim in claims:
            groups = claims[self.groups_claim]
            if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
                raise Unauthenticated(f"token claim {self.groups_claim} must list group names")
            named += [group.removeprefix(prefix) for group in groups if group.startswith(prefix)]
        if not all(isinstance(value, str) for value in named):
            raise Unauthenticated(f"token {prefix.rstrip(':')} must be a string")
        return sorted({str(value) for value in named})

    def claims_of(self, principal: Principal) -> dict[str, object]:
        """The claims an issuer following this mapping would put in `principal`'s token."""
        claims: dict[str, object] = {"sub": principal.sub}
        if self.token_use:
            claims["token_use"] = self.token_use
        granted = {ROLE_GROUP: str(principal.role), PLATFORM_GROUP: principal.platform}
        direct = {ROLE_GROUP: self.role_claim, PLATFORM_GROUP: self.platform_claim}
        groups = []
        for prefix, value in granted.items():
            claim = direct[prefix]
            if value is None:
                continue
            if claim:
                claims[claim] = value
            else:
                groups.append(f"{prefix}{value}")
        if groups and self.groups_claim:
            claims[self.groups_claim] = groups
        return claims
