"""Who may act where: staff act on their platform's subtree only."""

from __future__ import annotations

from collections.abc import Sequence

from youthvoice.domain.errors import Forbidden
from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Principal, Role


def is_staff_over(principal: Principal, lineage: Sequence[str]) -> bool:
    """Staff whose platform is this platform or one of its ancestors."""
    return principal.role is Role.STAFF and principal.platform in lineage


def is_supervisor_of(principal: Principal | None, lineage: Sequence[str]) -> bool:
    """Staff in scope, or an admin; never a reader without a token."""
    return principal is not None and (
        principal.role is Role.ADMIN or is_staff_over(principal, lineage)
    )


def require_supervisor(principal: Principal, lineage: Sequence[str], action: str) -> None:
    if not is_supervisor_of(principal, lineage):
        raise Forbidden(f"only staff of this platform or above may {action}")


def require_experts_in_reach(
    principal: Principal, lineage: Sequence[str], experts: Sequence[Expert]
) -> None:
    """Staff direct experts of their own subtree, or of the platforms above it on `lineage` (the
    question's or season's); an expert of a sibling platform answers to that platform's staff."""
    if principal.role is Role.ADMIN:
        return
    for expert in experts:
        if principal.platform not in expert.lineage and expert.platform_id not in lineage:
            raise Forbidden(
                f"expert {expert.id} is on {expert.platform_id}, outside the reach of "
                f"staff of {principal.platform}"
            )
