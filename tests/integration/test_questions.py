"""The question lifecycle over HTTP and DynamoDB: answers as each reader sees them, idempotency,
the moderation queue, likes, feeds and visits. The rules (routing, deadlines, ratings, the word
screen, flags) are tested on in-memory stores: tests/unit/test_questions_service.py.

The module shares one set of tables with no demo experts; each test works in its own city so
that the experts one test registers never route another test's questions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

import pytest
from chalice.local import LambdaEventConverter
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from tests.integration.api import Caller, Reply, anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_transactions import cancelled
from youthvoice.bootstrap import Dependencies, bootstrap, clock_set_to, installed
from youthvoice.config import get_settings
from youthvoice.data import transactions
from youthvoice.data.projections import VisitCounter
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import ConcurrentChange
from youthvoice.domain.identity import Role
from youthvoice.domain.projection import FirstRead
from youthvoice.services import cases, retries

_numbers = itertools.count(1)
# The quota, a Query per lineage level, the commit, the asker's nickname (issue 21: at most 6);
# a season question reads its invited experts in one more.
WARM_ASK_REQUESTS_MAX = 6
WARM_SEASON_ASK_REQUESTS_MAX = WARM_ASK_REQUESTS_MAX + 1


def admin(stack: Stack) -> Caller:
    return as_user(stack, "admin-1", Role.ADMIN)


def register_expert(stack: Stack, platform: str, topics: list[str]) -> dict[str, Any]:
    user = f"expert-user-{next(_numbers)}"
    reply = admin(stack).post(
        "/experts",
        {"user_id": user, "name": "专家", "topics": topics, "platform_id": platform},
    )
    assert reply.status == 201, reply.body
    expert: dict[str, Any] = reply.body
    return expert


def expert_caller(stack: Stack, expert: dict[str, Any]) -> Caller:
    return as_user(stack, expert["user_id"], Role.EXPERT, expert["platform_id"])


def ask(caller: Caller, platform: str, topic: str = "employment", **extra: Any) -> Reply:
    body = {
        "title": "毕业后去哪里找工作",
        "body": "我是大四学生，想知道省内有哪些招聘渠道。",
        "topic": topic,
        "platform_id": platform,
        **extra,
    }
    return caller.post("/questions", body)


def new_container() -> AbstractContextManager[Dependencies]:
    """As a cold Lambda container has it: its caches fill on its first requests."""
    return installed(bootstrap())


def test_a_warm_ask_that_reads_every_level_makes_at_most_six_requests(
    bare_stack: Stack, dynamodb_calls: Counter[str]
) -> None:
    # Given one expert on each level of a county's lineage, so that routing reads every level
    lineage = ["sx-11-02", "sx-11", "sx"]
    experts = [register_expert(bare_stack, platform, ["innovation"]) for platform in lineage]
    asker = as_user(bare_stack, "youth-counted", Role.YOUTH)
    # And a new container whose caches (platforms, topics, seasons, calendar) a first ask filled
    with new_container():
        assert ask(asker, "sx-11-02", topic="innovation").status == 201
        # When the same container takes another ask
        dynamodb_calls.clear()
        reply = ask(asker, "sx-11-02", topic="innovation")
    # Then it invites one expert per level, nearest first, with the quota, a Query per level,
    # the commit and the asker's nickname
    assert reply.status == 201, reply.body
    assert reply.body["assignees"] == [expert["id"] for expert in experts]
    assert sum(dynamodb_calls.values()) <= WARM_ASK_REQUESTS_MAX, dynamodb_calls


def test_with_no_expert_the_question_waits_for_staff(bare_stack: Stack) -> None:
    asker = as_user(bare_stack, "youth-queue", Role.YOUTH)
    reply = ask(asker, "sx-03-01", topic="culture")
    assert reply.status == 201
    assert reply.body["assignees"] == []
    assert reply.body["status"] == "open"
    bare_stack.pump.drain()
    staff = as_user(bare_stack, "staff-3", Role.STAFF, "sx-03")
    feed = staff.get("/questions?platform_id=sx-03&status=open").body["items"]
    assert reply.body["id"] in [item["id"] for item in feed]


def test_only_the_asker_reads_their_rating(bare_stack: Stack) -> None:
    # Given an answered question that its asker rated
    expert = register_expert(bare_stack, "sx-04", ["study"])
    asker = as_user(bare_stack, "youth-life", Role.YOUTH)
    asked = ask(asker, "sx-04-11", topic="study").body
    question = f"/questions/{asked['id']}"
    expert_caller(bare_stack, expert).post(f"{question}/answers", {"body": "可以申请助学贷款。"})
    assert asker.post(f"{question}/rating", {"score": 2, "comment": "没解决"}).status == 200
    # When the asker and the expert read it, Then only the asker sees the rating
    assert asker.get(question).body["my_rating"] == {"score": 2, "comment": "没解决"}
    assert expert_caller(bare_stack, expert).get(question).body["my_rating"] is None


def test_peer_answers_are_separate_and_do_not_stop_the_clock(bare_stack: Stack) -> None:
    asker = as_user(bare_stack, "youth-peer-asker", Role.YOUTH)
    asked = ask(asker, "sx-05-01").body
    question = f"/questions/{asked['id']}"
    peer = as_user(bare_stack, "youth-peer", Role.YOUTH).post(
        f"{question}/answers", {"body": "我去年也遇到过"}
    )
    assert (peer.status, peer.body["official"]) == (201, False)
    detail = asker.get(question).body
    assert detail["status"] == "open"
    assert detail["answers"] == []
    assert [a["id"] for a in detail["peer_answers"]] == [peer.body["id"]]
    own = asker.post(f"{question}/answers", {"body": "自问自答"})
    assert own.status == 403


PEER_CROWD = 100


def test_a_hundred_young_people_answering_one_question_at_once_all_land(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a question, and retries that would not wait (a lost race shows as a pause)
    asked = ask(as_user(bare_stack, "youth-crowd-asker", Role.YOUTH), "sx-05-03").body
    question = f"/questions/{asked['id']}"
    pauses: list[float] = []
    monkeypatch.setattr(retries, "pause", pauses.append)
    peers = [as_user(bare_stack, f"youth-crowd-{n}", Role.YOUTH) for n in range(PEER_CROWD)]
    # When a hundred distinct young people answer it at the same moment
    with ThreadPoolExecutor(max_workers=PEER_CROWD) as pool:
        replies = list(
            pool.map(lambda peer: peer.post(f"{question}/answers", {"body": "加油"}), peers)
        )
    # Then every answer is a 201 that raced no one, and all are stored and counted
    assert Counter(reply.status for reply in replies) == {201: PEER_CROWD}
    assert pauses == []
    stored = cases.read(asked["id"])
    assert {a.id for a in stored.answers} == {reply.body["id"] for reply in replies}
    assert stored.question.peer_answers == PEER_CROWD


def test_a_change_read_before_a_peer_answer_is_retried_rather_than_undo_its_count(
    bare_stack: Stack,
) -> None:
    # Given a change to a question read before a peer answer lands
    asked = ask(as_user(bare_stack, "youth-stale-asker", Role.YOUTH), "sx-05-04").body
    stale = Case(cases.read(asked["id"]), asked["created_at"])
    stale.question = dataclasses.replace(stale.question, tags=("实习",))
    peer = as_user(bare_stack, "youth-stale-peer", Role.YOUTH)
    assert peer.post(f"/questions/{asked['id']}/answers", {"body": "加油"}).status == 201
    # When the stale change commits, Then it loses the race and the peer answer still counts
    with pytest.raises(ConcurrentChange):
        cases.store().commit(stale)
    assert cases.read(asked["id"]).question.peer_answers == 1


def test_a_replayed_idempotency_key_creates_one_answer(bare_stack: Stack) -> None:
    expert = register_expert(bare_stack, "sx-05", ["employment"])
    asked = ask(as_user(bare_stack, "youth-idem", Role.YOUTH), "sx-05-02").body
    question = f"/questions/{asked['id']}"
    caller = expert_caller(bare_stack, expert)
    key = {"Idempotency-Key": "answer-7f3a"}
    first = caller.post(f"{question}/answers", {"body": "第一次提交"}, headers=key)
    second = caller.post(f"{question}/answers", {"body": "第一次提交"}, headers=key)
    assert (first.status, second.status) == (201, 200)
    assert first.body == second.body
    assert len(caller.get(question).body["answers"]) == 1


def test_an_anonymous_asker_is_known_only_to_themself_and_staff_above(bare_stack: Stack) -> None:
    asker = as_user(bare_stack, "youth-shy", Role.YOUTH)
    asked = ask(asker, "sx-06-03", anonymous=True).body
    question = f"/questions/{asked['id']}"
    seen_by = {
        "asker": asker,
        "other youth": as_user(bare_stack, "youth-curious", Role.YOUTH),
        "county staff": as_user(bare_stack, "staff-c", Role.STAFF, "sx-06-03"),
        "city staff": as_user(bare_stack, "staff-city", Role.STAFF, "sx-06"),
        "other city staff": as_user(bare_stack, "staff-x", Role.STAFF, "sx-07"),
        "expert": as_user(bare_stack, "expert-z", Role.EXPERT, "sx-06"),
    }
    shown = {
        name: caller.get(question).body["asker"]["user_id"] for name, caller in seen_by.items()
    }
    assert shown == {
        "asker": "youth-shy",
        "other youth": None,
        "county staff": "youth-shy",
        "city staff": "youth-shy",
        "other city staff": None,
        "expert": None,
    }


def test_a_held_question_waits_in_the_moderation_queue_until_approved(bare_stack: Stack) -> None:
    # Given a question held for a soft word
    asker = as_user(bare_stack, "youth-mod", Role.YOUTH)
    held = ask(asker, "sx-07-01", body="兼职日结的工作靠谱吗？加微信详聊")
    assert (held.status, held.body["visibility"]) == (201, "held")
    bare_stack.pump.drain()
    # Then it is in its city's moderation queue
    staff = as_user(bare_stack, "staff-7", Role.STAFF, "sx-07")
    queue = staff.get("/moderation/queue").body["items"]
    assert [entry["item_id"] for entry in queue] == [held.body["id"]]
    # And when staff approve it, it leaves the queue
    approved = staff.post(f"/moderation/{held.body['id']}", {"action": "approve"})
    assert approved.body == {"item_id": held.body["id"], "visibility": "visible"}
    bare_stack.pump.drain()
    assert staff.get("/moderation/queue").body["items"] == []


def test_likes_are_once_per_user_and_can_be_taken_back(bare_stack: Stack) -> None:
    expert = register_expert(bare_stack, "sx-09", ["employment"])
    asked = ask(as_user(bare_stack, "youth-likes", Role.YOUTH), "sx-09-01").body
    question = f"/questions/{asked['id']}"
    answer = expert_caller(bare_stack, expert).post(f"{question}/answers", {"body": "建议"}).body
    fan = as_user(bare_stack, "youth-fan", Role.YOUTH)
    likes = f"/answers/{answer['id']}/likes"
    assert fan.post(likes).status == 201
    assert fan.post(likes).status == 409
    assert fan.get(question).body["answers"][0]["likes"] == 1
    assert fan.delete(likes).status == 204
    assert fan.delete(likes).status == 404
    assert fan.get(question).body["answers"][0]["likes"] == 0
    assert fan.post("/answers/no-such-answer/likes").status == 404


def test_an_answer_to_a_held_or_removed_question_cannot_be_liked(bare_stack: Stack) -> None:
    # Given an expert's answer to a question staff then remove, and a peer answer to a held one
    expert = register_expert(bare_stack, "sx-08-01", ["employment"])
    asked = ask(as_user(bare_stack, "youth-removed", Role.YOUTH), "sx-08-01").body
    answered = expert_caller(bare_stack, expert).post(
        f"/questions/{asked['id']}/answers", {"body": "建议"}
    )
    held = ask(as_user(bare_stack, "youth-held", Role.YOUTH), "sx-08-01").body
    peer = as_user(bare_stack, "youth-peer", Role.YOUTH)
    peer_answer = peer.post(f"/questions/{held['id']}/answers", {"body": "我也想知道"})
    assert (answered.status, peer_answer.status) == (201, 201), peer_answer.body
    staff = as_user(bare_stack, "staff-8", Role.STAFF, "sx-08")
    assert staff.post(f"/moderation/{asked['id']}", {"action": "remove"}).status == 200
    for flagger in ("youth-f1", "youth-f2", "youth-f3"):
        flagged = as_user(bare_stack, flagger, Role.YOUTH).post(
            f"/questions/{held['id']}/flags", {"reason": "广告"}
        )
        assert flagged.status in (200, 201), flagged.body
    assert anonymous(bare_stack).get(f"/questions/{held['id']}").status == 404
    bare_stack.pump.drain()
    points = bare_stack.http.get(f"/experts/{expert['id']}").json_body["points"]
    # When a reader likes either answer
    fan = as_user(bare_stack, "youth-fan-removed", Role.YOUTH)
    removed = fan.post(f"/answers/{answered.body['id']}/likes")
    hidden = fan.post(f"/answers/{peer_answer.body['id']}/likes")
    unknown = fan.post("/answers/no-such-answer/likes")
    bare_stack.pump.drain()
    # Then both are refused exactly as an unknown answer is, and the expert earns nothing
    assert (removed.status, hidden.status, unknown.status) == (404, 404, 404)
    unknown_message = unknown.body["error"]["detail"].replace("no-such-answer", "{}")
    assert removed.body["error"]["detail"] == unknown_message.format(answered.body["id"])
    assert hidden.body["error"]["detail"] == unknown_message.format(peer_answer.body["id"])
    assert bare_stack.http.get(f"/experts/{expert['id']}").json_body["points"] == points


def test_a_platform_lists_its_whole_subtree_newest_first(bare_stack: Stack) -> None:
    asker = as_user(bare_stack, "youth-feed", Role.YOUTH)
    in_county = ask(asker, "sx-10-01").body["id"]
    in_city = ask(asker, "sx-10", topic="health").body["id"]
    elsewhere = ask(asker, "sx-11-01").body["id"]
    bare_stack.pump.drain()

    def ids(query: str) -> list[str]:
        reply = asker.get(f"/questions?{query}")
        assert reply.status == 200, reply.body
        return [item["id"] for item in reply.body["items"]]

    assert ids("platform_id=sx-10") == [in_city, in_county]
    assert ids("platform_id=sx-10-01") == [in_county]
    assert ids("platform_id=sx-10&topic=health") == [in_city]
    assert ids("platform_id=sx-10&status=answered") == []
    root = ids("limit=100")
    assert {in_county, in_city, elsewhere} <= set(root)
    first_page = asker.get("/questions?platform_id=sx-10&limit=1").body
    assert [item["id"] for item in first_page["items"]] == [in_city]
    rest = asker.get(f"/questions?platform_id=sx-10&limit=1&cursor={first_page['next_cursor']}")
    assert [item["id"] for item in rest.body["items"]] == [in_county]


def test_my_questions_are_mine_only(bare_stack: Stack) -> None:
    mine = as_user(bare_stack, "youth-mine", Role.YOUTH)
    asked = ask(mine, "sx-10-02", anonymous=True).body
    ask(as_user(bare_stack, "youth-not-mine", Role.YOUTH), "sx-10-02")
    listed = mine.get("/me/questions").body["items"]
    assert [(q["id"], q["asker"]["user_id"]) for q in listed] == [(asked["id"], "youth-mine")]


def test_each_reader_counts_one_visit_per_half_hour_with_or_without_a_token(
    bare_stack: Stack,
) -> None:
    # Given a question, and its visit totals before anyone reads it
    asker = as_user(bare_stack, "youth-visits", Role.YOUTH)
    asked = ask(asker, "sx-01-03").body
    visits = VisitCounter(get_settings().visit_shards)
    platform_before = visits.total("platform", "sx-01-03")
    path = f"/questions/{asked['id']}"
    phone = {"User-Agent": "YouthVoiceApp/3.1 (Android 14)"}
    # When the asker reads it five times and an anonymous reader three times
    for _ in range(5):
        assert asker.get(path).status == 200
    for _ in range(3):
        assert bare_stack.http.get(path, headers=phone).status_code == 200
    assert asker.get("/questions/does-not-exist").status == 404
    # Then each reader counted once, on the question and on its platform
    assert visits.total("question", asked["id"]) == 2
    assert visits.total("platform", "sx-01-03") == platform_before + 2
    # And a reader back after the half hour counts again
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)
    with clock_set_to(lambda: later):
        assert bare_stack.http.get(path, headers=phone).status_code == 200
        assert bare_stack.http.get(path, headers=phone).status_code == 200
    assert visits.total("question", asked["id"]) == 3


def test_an_anonymous_visitor_is_a_client_address_whatever_user_agents_it_sends(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a question
    asked = ask(as_user(bare_stack, "youth-agents", Role.YOUTH), "sx-01-03").body
    path = f"/questions/{asked['id']}"
    visits = VisitCounter(get_settings().visit_shards)
    # When one address reads it with 20 different User-Agents
    for number in range(20):
        agent = {"User-Agent": f"Mozilla/5.0 (reader {number})"}
        assert bare_stack.http.get(path, headers=agent).status_code == 200
    # Then that is one visit
    assert visits.total("question", asked["id"]) == 1
    # And another address is another visitor
    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", "203.0.113.7")
    assert bare_stack.http.get(path).status_code == 200
    assert visits.total("question", asked["id"]) == 2


def test_neither_head_nor_a_304_is_a_visit(bare_stack: Stack) -> None:
    # Given a question read once in full by an anonymous reader, who keeps its validator
    asked = ask(as_user(bare_stack, "youth-head", Role.YOUTH), "sx-01-03").body
    path = f"/questions/{asked['id']}"
    visits = VisitCounter(get_settings().visit_shards)
    tag = bare_stack.http.get(path).headers["ETag"]
    assert visits.total("question", asked["id"]) == 1
    start = dt.datetime.now(dt.UTC)
    # When, each time after the revisit window, the reader asks HEAD, then revalidates its copy
    with clock_set_to(lambda: start + dt.timedelta(minutes=31)):
        head = bare_stack.http.request("HEAD", path, headers={}, body=b"")
    with clock_set_to(lambda: start + dt.timedelta(minutes=62)):
        held = bare_stack.http.get(path, headers={"If-None-Match": tag})
    # Then the answers are headers only, and neither counted
    assert (head.status_code, head.body, head.headers["ETag"]) == (200, b"", tag)
    assert (held.status_code, held.body) == (304, b"")
    assert visits.total("question", asked["id"]) == 1
    # And a full read after the window still counts
    with clock_set_to(lambda: start + dt.timedelta(minutes=93)):
        assert bare_stack.http.get(path).status_code == 200
    assert visits.total("question", asked["id"]) == 2


class LosingOneRace(TransactWrite):
    """PynamoDB's TransactWrite, except that the first transaction loses a race."""

    lost = False

    def _commit(self) -> Any:
        if not LosingOneRace.lost:
            LosingOneRace.lost = True
            raise cancelled("TransactionConflict", None, None)
        return super()._commit()


def test_a_visit_that_loses_a_race_is_tried_again_and_counted(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a question, and a store whose next transaction loses a race
    asked = ask(as_user(bare_stack, "youth-raced-visit", Role.YOUTH), "sx-01-03").body
    pauses: list[float] = []
    monkeypatch.setattr(retries, "pause", pauses.append)
    monkeypatch.setattr(LosingOneRace, "lost", False)
    monkeypatch.setattr(transactions, "TransactWrite", LosingOneRace)
    # When an anonymous reader reads it
    reply = bare_stack.http.get(f"/questions/{asked['id']}")
    # Then the visit is tried again after a pause, and counted once
    assert reply.status_code == 200
    assert LosingOneRace.lost and len(pauses) == 1
    assert VisitCounter(get_settings().visit_shards).total("question", asked["id"]) == 1


def test_a_visit_the_store_refuses_as_invalid_is_not_taken_for_a_reread(
    bare_stack: Stack,
) -> None:
    # Given one shard, and a read that would add to the same shard twice (DynamoDB refuses that)
    visits = VisitCounter(shards=1)
    twice = [("question", "invalid-visit"), ("question", "invalid-visit")]
    first = FirstRead("invalid-visit", "visitor", dt.datetime.now(dt.UTC))
    # When it is recorded, Then the store's error propagates instead of "not counted"
    with pytest.raises(TransactWriteError):
        visits.record(twice, first)


def test_expert_management(bare_stack: Stack) -> None:
    expert = register_expert(bare_stack, "sx-01-04", ["employment", "health"])
    staff = as_user(bare_stack, "staff-1", Role.STAFF, "sx-01")
    paused = staff.patch(f"/experts/{expert['id']}", {"status": "paused", "topics": ["health"]})
    assert (paused.status, paused.body["status"], paused.body["topics"]) == (
        200,
        "paused",
        ["health"],
    )
    asked = ask(as_user(bare_stack, "youth-paused", Role.YOUTH), "sx-01-04", topic="health")
    assert expert["id"] not in asked.body["assignees"]
    listed = staff.get("/experts?platform_id=sx-01-04").body["items"]
    assert [e["id"] for e in listed] == [expert["id"]]
    assert staff.get(f"/experts/{expert['id']}").body["status"] == "paused"
    # An expert is found by their user id; a user who is not an expert finds nothing
    by_user = staff.get(f"/experts?user_id={expert['user_id']}").body
    assert ([e["id"] for e in by_user["items"]], by_user["next_cursor"]) == ([expert["id"]], None)
    assert staff.get("/experts?user_id=youth-paused").body["items"] == []
    assert staff.get("/experts?user_id=u&platform_id=sx-01-04").status == 400
    assert staff.get("/experts").status == 400
    duplicate = admin(bare_stack).post(
        "/experts",
        {"user_id": expert["user_id"], "name": "重复", "topics": ["health"], "platform_id": "sx"},
    )
    assert duplicate.status == 409
    public = anonymous(bare_stack).get(f"/experts/{expert['id']}").body
    assert (public["name"], public["user_id"], public["answers"]) == ("专家", None, 0)
