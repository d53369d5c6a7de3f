"""Reference data (the Shanxi hierarchy, topics) and demo experts for a fresh deployment."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol, TypeVar

from youthvoice.bootstrap import dependencies
from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.platforms import Institution, Platform, PlatformKind, build_hierarchy
from youthvoice.domain.topics import Topic

T_contra = TypeVar("T_contra", contravariant=True)


class BulkLoad(Protocol[T_contra]):
    """Seeding writes reference data in bulk, outside the transactions of the use cases."""

    def put_all(self, entities: Iterable[T_contra], /) -> None: ...


def _platforms() -> BulkLoad[Platform]:
    return dependencies().stores.platforms


def _topics() -> BulkLoad[Topic]:
    return dependencies().stores.topics


def _experts() -> BulkLoad[Expert]:
    return dependencies().stores.experts


def _seed_json(name: str) -> Any:
    return json.loads(resources.files("youthvoice.seed").joinpath(name).read_text("utf-8"))


def shanxi_platforms() -> list[Platform]:
    divisions = _seed_json("shanxi-2016-divisions.json")
    institutions = _seed_json("institutions.json")

    def members(kind: str) -> list[Institution]:
        return [Institution(m["name"], m["parent"]) for m in institutions[kind]]

    return build_hierarchy(
        divisions["province"],
        divisions["cities"],
        members("universities"),
        members("enterprises"),
    )


def topic_catalogue() -> list[Topic]:
    return [Topic(t["id"], t["zh"], t["en"]) for t in _seed_json("topics.json")]


def demo_experts(
    platforms: list[Platform], topics: list[Topic], count: int, created_at: str
) -> list[Expert]:
    """Deterministic (seeded) so a demo looks the same on every laptop."""
    names = _seed_json("demo-names.json")
    rng = random.Random(2016)
    tiers = [
        [p for p in platforms if p.kind is PlatformKind.PROVINCE],
        [p for p in platforms if p.kind is PlatformKind.CITY],
        [p for p in platforms if p.kind in (PlatformKind.COUNTY, PlatformKind.UNIVERSITY)],
    ]
    experts = []
    for number in range(1, count + 1):
        # A fifth at the province and two fifths in cities, so every question finds someone.
        home = rng.choice(rng.choices(tiers, weights=(1, 2, 2))[0])
        name = rng.choice(names["surnames"]) + "".join(
            rng.choices(names["given_name_characters"], k=rng.choice((1, 2)))
        )
        chosen = rng.sample(topics, k=rng.randint(1, 3))
        experts.append(
            Expert(
                id=f"ex-{number:04d}",
                user_id=f"demo-expert-{number:04d}",
                name=name,
                platform_id=home.id,
                lineage=home.lineage,
                topics=tuple(t.id for t in chosen),
                bio=f"{home.name}{rng.choice(names['occupations'])}，关注{chosen[0].zh}。",
                status=ExpertStatus.ACTIVE,
                created_at=created_at,
            )
        )
    return experts


@dataclass(frozen=True)
class SeedSummary:
    platforms: int
    topics: int
    experts: int


def seed_reference_data(expert_count: int, created_at: str) -> SeedSummary:
    platforms = shanxi_platforms()
    topics = topic_catalogue()
    experts = demo_experts(platforms, topics, expert_count, created_at)
    _platforms().put_all(platforms)
    _topics().put_all(topics)
    _experts().put_all(experts)
    return SeedSummary(len(platforms), len(topics), len(experts))
