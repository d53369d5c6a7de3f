"""Who may act where: staff act on their platform's subtree only."""

from __future__ import annotations

from collections.abc import Sequence

from youthvoice.domain.errors import Forbidden
from youthvoice.domain.identity import Principal, Role


def is_staff_over(principal: Principal, lineage: Sequence[str]) -> bool:
    """Staff whose platform is this platform or one of its ancestors."""
    return principal.role is Role.STAFF and principal.platform in lineage


def is_supervisor_of(principal: Principal, lineage: Sequence[str]) -> bool:
    """Staff in scope, or an admin."""
    return principal.role is Role.ADMIN or is_staff_over(principal, lineage)


def require_supervisor(principal: Principal, lineage: Sequence[str], action: str) -> None:
    if not is_supervisor_of(principal, lineage):
        raise Forbidden(f"only staff of this platform or above may {action}")
