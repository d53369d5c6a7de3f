"""Feed entries and search results a page renders alone: the topic's and platform's names, the
answer count, the start of the body and who asked, read for a page in a bounded number of
requests, never one per row."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.domain.identity import Role
from youthvoice.domain.people import ANONYMOUS_NAME, tag

PLATFORM = "sx-07-03"
BODY = "我是大四学生，想知道省内有哪些招聘渠道。"
# A page of the feed: its Query, then one BatchGet of the platforms a cold cache lacks and one
# of the askers' nicknames (the topics are one Query, cached with the platforms).
FEED_PAGE_REQUESTS_MAX = 4


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_a_feed_entry_names_its_topic_platform_and_asker_and_counts_answers(
    bare_stack: Stack,
) -> None:
    # Given a question asked under a nickname, answered by an expert, and an anonymous one
    named = as_user(bare_stack, "u-listed-named", Role.YOUTH)
    assert named.patch("/me", {"nickname": "小北"}).status == 200
    shown = ask(named, PLATFORM).body
    hidden = ask(as_user(bare_stack, "u-listed-anon", Role.YOUTH), PLATFORM, anonymous=True).body
    expert = register_expert(bare_stack, PLATFORM, ["employment"])
    answered = expert_caller(bare_stack, expert).post(
        f"/questions/{shown['id']}/answers", {"body": "去人社局"}
    )
    assert answered.status == 201, answered.body
    bare_stack.pump.drain()
    platform_name = anonymous(bare_stack).get(f"/platforms/{PLATFORM}").body["name"]
    # When anyone reads the platform's feed
    feed = anonymous(bare_stack).get(f"/questions?platform_id={PLATFORM}")
    # Then each entry carries what a page shows, with no user id
    assert feed.status == 200, feed.body
    items = by_id(feed.body["items"])
    first, second = items[shown["id"]], items[hidden["id"]]
    assert (first["topic_name"], first["platform_name"]) == ("就业创业", platform_name)
    assert (first["answers"], second["answers"]) == (1, 0)
    assert first["snippet"] == BODY
    assert first["asker"] == {
        "kind": "young_person", "name": f"小北·{tag('u-listed-named')}",
        "expert_id": None, "platform_id": None, "user_id": None,
    }  # fmt: skip
    assert (second["asker"]["kind"], second["asker"]["name"]) == ("anonymous", ANONYMOUS_NAME)
    assert second["asker"]["user_id"] is None


def test_a_page_of_twenty_askers_costs_a_bounded_number_of_requests(
    bare_stack: Stack, dynamodb_calls: Counter[str]
) -> None:
    # Given 20 questions on a county by 20 young people, half of them with nicknames
    for number in range(20):
        asker = as_user(bare_stack, f"u-listed-{number}", Role.YOUTH)
        if number % 2:
            assert asker.patch("/me", {"nickname": f"小{number}"}).status == 200
        assert ask(asker, "sx-07-04").status == 201
    bare_stack.pump.drain()
    # When the feed's page of 20 is read
    dynamodb_calls.clear()
    feed = anonymous(bare_stack).get("/questions?platform_id=sx-07-04&limit=20")
    # Then every asker is named, for a bounded number of requests and no read per row
    assert feed.status == 200, feed.body
    assert len({item["asker"]["name"] for item in feed.body["items"]}) == 20
    assert sum(dynamodb_calls.values()) <= FEED_PAGE_REQUESTS_MAX, dynamodb_calls
    assert dynamodb_calls["GetItem"] == 0, dynamodb_calls


def test_a_search_result_names_its_topic_platform_and_asker_and_counts_answers(
    bare_stack: Stack,
) -> None:
    # Given a question asked under a nickname about a rare subject
    asker = as_user(bare_stack, "u-listed-search", Role.YOUTH)
    assert asker.patch("/me", {"nickname": "阿南"}).status == 200
    asked = ask(asker, PLATFORM, title="非遗剪纸传承人怎么申请").body
    bare_stack.pump.drain()
    # When it is searched for
    found = anonymous(bare_stack).get("/search?" + urlencode({"q": "剪纸传承人"}))
    # Then the result shows the same names and count as a feed entry
    assert found.status == 200, found.body
    hit = by_id(found.body["items"])[asked["id"]]
    assert (hit["topic_name"], hit["answers"]) == ("就业创业", 0)
    assert hit["platform_name"] == anonymous(bare_stack).get(f"/platforms/{PLATFORM}").body["name"]
    assert hit["asker"]["name"] == f"阿南·{tag('u-listed-search')}"
    assert hit["asker"]["user_id"] is None
