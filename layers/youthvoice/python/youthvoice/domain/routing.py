"""Which experts to invite: topic match, nearest platform first, least loaded, never the asker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

INVITATIONS = 3


@dataclass(frozen=True)
class Candidate:
    expert_id: str
    user_id: str
    open_assignments: int
    topics: tuple[str, ...] = ()


def choose(
    levels: Iterable[Sequence[Candidate]],
    excluded_users: frozenset[str],
    wanted: int = INVITATIONS,
) -> list[Candidate]:
    """`levels` come nearest platform first and are consumed lazily: each level costs a Query."""
    chosen: list[Candidate] = []
    for level in levels:
        eligible = [c for c in level if c.user_id not in excluded_users]
        eligible.sort(key=lambda c: (c.open_assignments, c.expert_id))
        for candidate in eligible:
            if len(chosen) == wanted:
                return chosen
            if all(c.user_id != candidate.user_id for c in chosen):
                chosen.append(candidate)
        if len(chosen) == wanted:
            return chosen
    return chosen
