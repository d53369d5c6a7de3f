"""Key builders: every item's keys are spelled here once, as docs/data-model.md lists them."""

from __future__ import annotations

META = "META"
ROOT = "ROOT"


def platform_pk(platform_id: str) -> str:
    return f"PLATFORM#{platform_id}"


def children_pk(parent_id: str | None) -> str:
    return f"CHILDREN#{parent_id or ROOT}"


def kind_sort_key(kind: str, item_id: str) -> str:
    return f"{kind}#{item_id}"


ALL_PLATFORMS = "PLATFORMS"
ALL_TOPICS = "TOPICS"


def topic_pk(topic_id: str) -> str:
    return f"TOPIC#{topic_id}"


def expert_pk(expert_id: str) -> str:
    return f"EXPERT#{expert_id}"


EXPERT_PROFILE = "PROFILE"


def platform_experts_pk(platform_id: str) -> str:
    return f"EXPERTS#{platform_id}"


def platform_counter_pk(platform_id: str) -> str:
    return f"COUNT#PLATFORM#{platform_id}"


COUNTER_TOTAL = "TOTAL"


def marker_pk(event_id: str) -> str:
    return f"MARK#{event_id}"


MARKER = "MARK"
