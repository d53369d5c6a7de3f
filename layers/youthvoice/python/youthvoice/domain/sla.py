"""First-response targets: data, resolved most specific first (topic, platform kind, default)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.platforms import PlatformKind


@dataclass(frozen=True)
class SlaPolicies:
    default_hours: int
    by_topic: Mapping[str, int] = field(default_factory=dict)
    by_platform_kind: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SlaPolicies:
        policies = cls(
            default_hours=int(data["default_working_hours"]),
            by_topic={k: int(v) for k, v in data.get("by_topic", {}).items()},
            by_platform_kind={k: int(v) for k, v in data.get("by_platform_kind", {}).items()},
        )
        hours = [policies.default_hours, *policies.by_topic.values()]
        if any(h <= 0 for h in [*hours, *policies.by_platform_kind.values()]):
            raise ValidationFailed("SLA policies: working hours must be positive")
        return policies

    def first_response(self, topic: str, kind: PlatformKind) -> dt.timedelta:
        hours = self.by_topic.get(topic, self.by_platform_kind.get(str(kind), self.default_hours))
        return dt.timedelta(hours=hours)
