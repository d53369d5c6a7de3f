"""Registering and managing experts (staff of the platform's ancestry, or admins)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from ulid import ULID

from youthvoice.bootstrap import dependencies, now
from youthvoice.domain import projection_keys
from youthvoice.domain.access import require_supervisor
from youthvoice.domain.errors import NotFound, ProblemCode, Problems, ValidationFailed, indexed
from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.identity import Principal, check_user_id
from youthvoice.domain.pagination import Page, PageRequest
from youthvoice.domain.routing import Candidate
from youthvoice.domain.timestamps import iso
from youthvoice.services import audit
from youthvoice.services.runtime import reference
from youthvoice.services.stats import counters


class ExpertRoster(Protocol):
    """Profiles, and the routing entries that follow each profile's topics and status."""

    def register(self, expert: Expert) -> None:
        """Conflict when the user is already an expert."""

    def update(self, before: Expert, after: Expert) -> None: ...
    def get(self, expert_id: str) -> Expert | None: ...
    def of_user(self, user_id: str) -> Expert | None: ...
    def get_many(self, expert_ids: Sequence[str]) -> dict[str, Expert]: ...
    def on_platform(self, platform_id: str, page: PageRequest) -> Page[Expert]: ...
    def route_page(self, platform_id: str, topic: str, page: PageRequest) -> Page[Candidate]: ...


def _roster() -> ExpertRoster:
    return dependencies().stores.experts


def _checked_topics(topics: Sequence[str]) -> tuple[str, ...]:
    problems = Problems()
    reference().check_topics(topics, problems)
    problems.raise_any()
    return tuple(dict.fromkeys(topics))


def register(
    principal: Principal,
    user_id: str,
    name: str,
    topics: Sequence[str],
    platform_id: str,
    bio: str,
) -> Expert:
    problems = Problems()
    known = problems.check(lambda: reference().platform(platform_id))
    if known is not None:
        require_supervisor(principal, known.lineage, "register experts here")
    problems.check(lambda: check_user_id(user_id, "user_id"))
    reference().check_topics(topics, problems)
    problems.raise_any()
    platform = reference().platform(platform_id)
    created = now()
    expert = Expert(
        id=str(ULID.from_datetime(created)),
        user_id=user_id,
        name=name,
        platform_id=platform.id,
        lineage=platform.lineage,
        topics=tuple(dict.fromkeys(topics)),
        bio=bio,
        status=ExpertStatus.ACTIVE,
        created_at=iso(created),
    )
    with audit.recorded(principal, "expert.register", "expert", expert.id, expert.lineage):
        _roster().register(expert)
    return expert


def check_expert_ids(expert_ids: Sequence[str], most: int) -> None:
    if not 1 <= len(expert_ids) <= most:
        code = ProblemCode.TOO_MANY if expert_ids else ProblemCode.TOO_FEW
        raise ValidationFailed.of(
            "expert_ids", code, f"give 1 to {most} different expert ids", min=1, max=most
        )
    if len(set(expert_ids)) != len(expert_ids):
        raise ValidationFailed.of("expert_ids", ProblemCode.DUPLICATE, "give each expert once")


def active_experts(expert_ids: Sequence[str], most: int) -> list[Expert]:
    """Experts a request names (invitations, reassignments): each known and active, or a 400."""
    check_expert_ids(expert_ids, most)
    found = _roster().get_many(expert_ids)
    problems = Problems()
    for place, expert_id in indexed("expert_ids", expert_ids).items():
        expert = found.get(expert_id)
        if expert is None:
            problems.add(place, ProblemCode.UNKNOWN_REFERENCE, f"unknown expert {expert_id}")
        elif expert.status is not ExpertStatus.ACTIVE:
            problems.add(place, ProblemCode.INVALID, f"expert {expert_id} is paused")
    problems.raise_any()
    return [found[expert_id] for expert_id in expert_ids]


def get(expert_id: str) -> Expert:
    expert = _roster().get(expert_id)
    if expert is None:
        raise NotFound(f"expert {expert_id} does not exist")
    return expert


@dataclasses.dataclass(frozen=True)
class Profile:
    """What anyone may read about an expert: the record of their official answers."""

    expert: Expert
    answers: int
    accepted: int
    points: int


def profile(expert_id: str) -> Profile:
    """One GetItem for the expert, one for their counters (projected from answers)."""
    expert = get(expert_id)
    scope = projection_keys.expert(expert.user_id)
    counts = counters().counts([scope])[scope]
    return Profile(
        expert, counts.get("answers", 0), counts.get("accepted", 0), counts.get("points", 0)
    )


def of_user(user_id: str) -> Page[Expert]:
    """The profile a user holds, as a page of zero or one: a client finds it as it lists."""
    expert = _roster().of_user(user_id)
    return Page([expert] if expert else [], None)


def update(
    principal: Principal,
    expert_id: str,
    status: str | None,
    topics: Sequence[str] | None,
) -> Expert:
    before = get(expert_id)
    require_supervisor(principal, before.lineage, "change this expert")
    after = before
    if status is not None:
        allowed = tuple(ExpertStatus)
        try:
            after = dataclasses.replace(after, status=ExpertStatus(status))
        except ValueError:
            raise ValidationFailed.of(
                "status", ProblemCode.NOT_ALLOWED, "must be active or paused", allowed=allowed
            ) from None
    if topics is not None:
        after = dataclasses.replace(after, topics=_checked_topics(topics))
    if after != before:
        with audit.recorded(principal, "expert.update", "expert", expert_id, before.lineage):
            _roster().update(before, after)
    return after


def on_platform(platform_id: str, page: PageRequest) -> Page[Expert]:
    platform = reference().platform(platform_id)
    return _roster().on_platform(platform.id, page)


def lineage_of(platform_id: str) -> tuple[str, ...]:
    """Where a platform's experts live: staff of these platforms see their user ids."""
    return reference().platform(platform_id).lineage


def by_topic(platform_id: str, topic: str, page: PageRequest) -> Page[Candidate]:
    """The routing index itself: who would be invited for this topic on this platform."""
    platform = reference().platform(platform_id)
    reference().require_topic(topic)
    return _roster().route_page(platform.id, topic, page)
