"""The Shanxi hierarchy built from the published lists."""

from __future__ import annotations

from collections import Counter

import pytest

from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.platforms import Institution, PlatformKind, build_hierarchy
from youthvoice.services.seeding import demo_experts, shanxi_platforms, topic_catalogue


def test_the_reference_province_has_185_platforms_of_five_kinds() -> None:
    platforms = shanxi_platforms()
    assert Counter(p.kind for p in platforms) == {
        PlatformKind.PROVINCE: 1,
        PlatformKind.CITY: 11,
        PlatformKind.COUNTY: 119,
        PlatformKind.UNIVERSITY: 48,
        PlatformKind.ENTERPRISE: 6,
    }
    assert len({p.id for p in platforms}) == 185


def test_qinxian_sits_under_changzhi_with_its_ancestor_path() -> None:
    by_id = {p.id: p for p in shanxi_platforms()}
    qinxian = next(p for p in by_id.values() if p.name == "沁县")
    assert by_id[str(qinxian.parent_id)].name == "长治市"
    assert [by_id[a].name for a in qinxian.ancestors] == ["山西省", "长治市"]
    assert qinxian.lineage == (qinxian.id, qinxian.parent_id, "sx")


def test_institutions_attach_to_their_city_or_the_province() -> None:
    by_name = {p.name: p for p in shanxi_platforms()}
    assert by_name["山西大学"].parent_id == by_name["太原市"].id
    assert by_name["山西焦煤集团"].parent_id == "sx"
    assert by_name["山西焦煤集团"].kind is PlatformKind.ENTERPRISE


def test_an_institution_in_an_unknown_city_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="某市"):
        build_hierarchy("山西省", {"太原市": ["小店区"]}, [Institution("某大学", "某市")], [])


def test_demo_experts_are_deterministic_and_live_on_real_platforms() -> None:
    platforms = shanxi_platforms()
    first = demo_experts(platforms, topic_catalogue(), 200, "2026-11-01T00:00:00Z")
    again = demo_experts(platforms, topic_catalogue(), 200, "2026-11-01T00:00:00Z")
    assert first == again
    ids = {p.id for p in platforms}
    topics = {t.id for t in topic_catalogue()}
    assert all(e.platform_id in ids and set(e.topics) <= topics for e in first)
    assert all(e.lineage[0] == e.platform_id and e.lineage[-1] == "sx" for e in first)
    assert len({e.name for e in first}) > 150
