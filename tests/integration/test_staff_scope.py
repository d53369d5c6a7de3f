"""Staff direct experts of their own subtree, or of the platforms above it: never a sibling's."""

from __future__ import annotations

from tests.integration.conftest import Stack
from tests.integration.test_questions import register_expert
from tests.integration.test_supervision import COUNTY, asked_monday, staff

SIBLING, CITY = "sx-04-10", "sx-04"


def test_county_staff_reassign_only_to_their_subtree_or_above(bare_stack: Stack) -> None:
    # Given a question on 沁县, and employment experts on 沁县, its city and the sibling 沁源县
    own = register_expert(bare_stack, COUNTY, ["employment"])
    above = register_expert(bare_stack, CITY, ["employment"])
    sibling = register_expert(bare_stack, SIBLING, ["employment"])
    qid = asked_monday(bare_stack, "scope-youth")["id"]
    county = staff(bare_stack, COUNTY)
    # When 沁县's staff reassign it to the sibling county's expert
    refused = county.post(f"/questions/{qid}/reassign", {"expert_ids": [own["id"], sibling["id"]]})
    # Then it is a 403 naming that expert
    assert refused.status == 403
    assert sibling["id"] in refused.body["error"]["detail"]
    # And their own and the city's experts are theirs to choose
    moved = county.post(f"/questions/{qid}/reassign", {"expert_ids": [own["id"], above["id"]]})
    assert moved.status == 200, moved.body
    assert moved.body["assignees"] == [own["id"], above["id"]]
    # And the city's staff, whose subtree holds the sibling county, may choose its expert
    city = staff(bare_stack, CITY).post(
        f"/questions/{qid}/reassign", {"expert_ids": [sibling["id"]]}
    )
    assert city.status == 200, city.body


def test_county_staff_invite_to_their_season_only_experts_in_reach(bare_stack: Stack) -> None:
    # Given a season 沁县's staff defined, and experts on the city and the sibling county
    county = staff(bare_stack, COUNTY)
    season = county.post(
        "/seasons",
        {"name": "就业季", "topics": ["employment"], "platform_id": COUNTY,
         "starts_at": "2031-03-01", "ends_at": "2031-03-10"},
    )  # fmt: skip
    assert season.status == 201, season.body
    above = register_expert(bare_stack, CITY, ["employment"])
    sibling = register_expert(bare_stack, SIBLING, ["employment"])
    path = f"/seasons/{season.body['id']}/experts"
    # When they invite the sibling county's expert
    refused = county.post(path, {"expert_ids": [sibling["id"]]})
    # Then it is a 403 naming the expert, and nobody was invited
    assert refused.status == 403
    assert sibling["id"] in refused.body["error"]["detail"]
    assert county.get(f"/seasons/{season.body['id']}").body["invited_experts"] == []
    # And the city's expert, above them on the season's lineage, may be invited
    assert county.post(path, {"expert_ids": [above["id"]]}).status == 200
