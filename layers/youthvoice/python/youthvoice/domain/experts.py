"""Experts: registered people who give official answers in their topics."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

NAME_MAX = 50
BIO_MAX = 1_000
TOPICS_MAX = 5


class ExpertStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


@dataclass(frozen=True)
class Expert:
    id: str
    user_id: str
    name: str
    platform_id: str
    lineage: tuple[str, ...]
    topics: tuple[str, ...]
    bio: str
    status: ExpertStatus
    created_at: str

    @property
    def counts(self) -> bool:
        return self.status is ExpertStatus.ACTIVE
