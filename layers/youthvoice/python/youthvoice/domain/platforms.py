"""The platform hierarchy: province → city → county, with universities and enterprises attached.

Ids, never names, identify platforms: names such as 城区 repeat across cities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from youthvoice.domain.errors import ValidationFailed


class PlatformKind(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    UNIVERSITY = "university"
    ENTERPRISE = "enterprise"


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    kind: PlatformKind
    parent_id: str | None
    ancestors: tuple[str, ...] = field(default=())

    @property
    def lineage(self) -> tuple[str, ...]:
        """This platform and everything above it, nearest first: whom a question here counts for."""
        return (self.id, *reversed(self.ancestors))


@dataclass(frozen=True)
class Institution:
    name: str
    parent_city: str | None


def build_hierarchy(
    province_name: str,
    counties_by_city: Mapping[str, Sequence[str]],
    universities: Sequence[Institution],
    enterprises: Sequence[Institution],
    *,
    root_id: str = "sx",
) -> list[Platform]:
    """Give every platform a stable id derived from its position in the published lists."""
    root = Platform(root_id, province_name, PlatformKind.PROVINCE, None)
    platforms = [root]
    city_ids: dict[str, str] = {}
    for city_no, (city_name, counties) in enumerate(counties_by_city.items(), start=1):
        city = _child(root, f"{root_id}-{city_no:02d}", city_name, PlatformKind.CITY)
        city_ids[city_name] = city.id
        platforms.append(city)
        for county_no, county_name in enumerate(counties, start=1):
            platforms.append(
                _child(city, f"{city.id}-{county_no:02d}", county_name, PlatformKind.COUNTY)
            )
    by_id = {p.id: p for p in platforms}
    for prefix, kind, members in (
        ("u", PlatformKind.UNIVERSITY, universities),
        ("e", PlatformKind.ENTERPRISE, enterprises),
    ):
        for number, member in enumerate(members, start=1):
            parent = root if member.parent_city is None else by_id[_city_id(city_ids, member)]
            platforms.append(_child(parent, f"{root_id}-{prefix}{number:02d}", member.name, kind))
    return platforms


def _city_id(city_ids: Mapping[str, str], member: Institution) -> str:
    try:
        return city_ids[str(member.parent_city)]
    except KeyError:
        raise ValidationFailed(f"{member.name}: unknown city {member.parent_city}") from None


def _child(parent: Platform, id_: str, name: str, kind: PlatformKind) -> Platform:
    return Platform(id_, name, kind, parent.id, (*parent.ancestors, parent.id))
