"""Search and similar questions over HTTP: the index follows each question through the stream."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from tests.integration.api import Caller, anonymous, as_user
from tests.integration.conftest import Stack
from youthvoice.bootstrap import system_clock
from youthvoice.data.projections import CounterRepository, ProjectionWriter
from youthvoice.domain import projection_keys
from youthvoice.domain.identity import Role
from youthvoice.domain.projection import Effects, RecordEffects
from youthvoice.domain.projection_keys import CounterKey
from youthvoice.services import search as search_service

_numbers = itertools.count(1)
COUNTY = "sx-04-11"


def ask(stack: Stack, title: str, body: str, topic: str, **extra: Any) -> dict[str, Any]:
    asker = as_user(stack, f"youth-search-{next(_numbers)}", Role.YOUTH)
    reply = asker.post(
        "/questions",
        {"title": title, "body": body, "topic": topic, "platform_id": COUNTY, **extra},
    )
    assert reply.status == 201, reply.body
    found: dict[str, Any] = reply.body
    return found


def answer(stack: Stack, question: dict[str, Any], text: str) -> tuple[Caller, dict[str, Any]]:
    """The invited expert answers; returns them and their answer."""
    admin = as_user(stack, "search-admin", Role.ADMIN)
    expert = admin.get(f"/experts/{question['assignees'][0]}").body
    caller = as_user(stack, expert["user_id"], Role.EXPERT, expert["platform_id"])
    reply = caller.post(f"/questions/{question['id']}/answers", {"body": text})
    assert reply.status == 201, reply.body
    return caller, reply.body


def shown_answer(stack: Stack, question: dict[str, Any], title: str) -> str | None:
    """The answer lines /questions/similar shows under `question`, None when not listed."""
    reply = anonymous(stack).get("/questions/similar?" + urlencode({"title": title}))
    assert reply.status == 200, reply.body
    found = {item["id"]: item["answer"] for item in reply.body["items"]}
    return found.get(question["id"])


def ids(caller: Caller, path: str, **query: str) -> list[str]:
    reply = caller.get(f"{path}?{urlencode(query)}")
    assert reply.status == 200, reply.body
    return [item["id"] for item in reply.body["items"]]


def test_search_ranks_the_matching_question_first_and_marks_the_match(stack: Stack) -> None:
    # Given questions on different subjects, projected
    loan = ask(
        stack, "大学生创业贷款怎么申请", "想在太原开一家奶茶店，听说有贴息贷款。", "employment"
    )
    ask(stack, "考研还是直接工作", "大三了，家里希望我早点工作。", "study")
    ask(stack, "失眠睡不着怎么办", "最近压力大，每天凌晨三点才睡着。", "mental-health")
    stack.pump.drain()
    # When anyone searches in traditional characters
    reply = anonymous(stack).get("/search?" + urlencode({"q": "創業貸款"}))
    # Then the loan question comes first, its title's match marked
    assert reply.status == 200, reply.body
    first = reply.body["items"][0]
    assert first["id"] == loan["id"]
    marked = first["title_highlights"][0]
    assert first["title"][marked["start"] : marked["end"]] in ("创业", "创业贷款", "贷款")


def as_javascript_slices(text: str, spans: list[dict[str, int]]) -> list[str]:
    """What `text.slice(start, end)` gives in a browser: offsets count UTF-16 code units."""
    units = text.encode("utf-16-le")
    return [units[2 * s["start"] : 2 * s["end"]].decode("utf-16-le") for s in spans]


def test_highlights_count_as_javascript_does_past_a_rare_character_and_an_emoji(
    stack: Stack,
) -> None:
    # Given a question whose title and body hold 𠮷 and an emoji before the words searched for
    asked = ask(stack, "𠮷😀助学贷款怎么申请", "😀我叫𠮷，家里困难，想问助学贷款的材料。", "study")
    stack.pump.drain()
    # When it is searched for
    reply = anonymous(stack).get("/search?" + urlencode({"q": "助学贷款"}))
    assert reply.status == 200, reply.body
    hit = next(item for item in reply.body["items"] if item["id"] == asked["id"])
    # Then each highlight, sliced as JavaScript slices, is the matched words: two units apiece
    # for 𠮷 and the emoji, so nothing after them shifts
    titled = as_javascript_slices(hit["title"], hit["title_highlights"])
    assert titled and set(titled) <= {"助学", "贷款", "助学贷款"}
    snipped = as_javascript_slices(hit["snippet"], hit["snippet_highlights"])
    assert snipped and set(snipped) <= {"助学", "贷款", "助学贷款"}
    assert hit["title_highlights"][0]["start"] == len("𠮷😀".encode("utf-16-le")) // 2 == 4


def test_search_is_scoped_by_topic_platform_and_status(stack: Stack) -> None:
    # Given a question about volunteering on a county, projected
    asked = ask(stack, "暑假去哪里做志愿者", "想找社区志愿服务，能开志愿时长证明的。", "charity")
    stack.pump.drain()
    everyone = anonymous(stack)
    # Then it is found in its topic, its city's subtree and its status, and nowhere else
    assert asked["id"] in ids(everyone, "/search", q="志愿者", topic="charity")
    assert asked["id"] in ids(everyone, "/search", q="志愿者", platform_id="sx-04")
    assert asked["id"] in ids(everyone, "/search", q="志愿者", status="open")
    assert asked["id"] not in ids(everyone, "/search", q="志愿者", topic="health")
    assert asked["id"] not in ids(everyone, "/search", q="志愿者", platform_id="sx-01")
    assert asked["id"] not in ids(everyone, "/search", q="志愿者", status="resolved")


def test_similar_finds_only_answered_twins_with_their_answer(stack: Stack) -> None:
    # Given two questions about student loans, one of them answered
    answered = ask(stack, "生源地助学贷款怎么办理", "第一次申请助学贷款，要准备什么材料？", "study")
    unanswered = ask(stack, "助学贷款什么时候还", "毕业后助学贷款怎么还款？", "study")
    answer(stack, answered, "带上录取通知书和户口本，到县资助中心办理。\n每年9月前办完。")
    stack.pump.drain()
    # When a young person types a title like theirs
    reply = anonymous(stack).get(
        "/questions/similar?" + urlencode({"title": "助学贷款要什么材料", "topic": "study"})
    )
    # Then the answered one is shown with its answer's first lines, the unanswered one is not
    assert reply.status == 200, reply.body
    found = {item["id"]: item for item in reply.body["items"]}
    assert answered["id"] in found
    assert unanswered["id"] not in found
    assert found[answered["id"]]["answer"].startswith("带上录取通知书")


def test_a_draft_being_typed_finds_its_answered_twin(stack: Stack) -> None:
    # Given an answered question about a rental deposit
    first = ask(stack, "房东不退押金怎么办", "租房合同到期了，房东找理由扣押金。", "rights")
    answer(stack, first, "先协商，保留合同和转账记录，可以向街道调解或起诉。")
    stack.pump.drain()
    # When another young person drafts nearly the same (asking no longer lists similar questions:
    # the front end shows these while the draft is typed)
    draft = {"title": "租房押金房东不退", "body": "合同到期，押金一直不给。", "topic": "rights"}
    reply = anonymous(stack).get("/questions/similar?" + urlencode(draft))
    # Then the first question is the one similar question
    assert reply.status == 200, reply.body
    assert [item["id"] for item in reply.body["items"]] == [first["id"]]


def test_held_and_removed_questions_leave_the_index(stack: Stack) -> None:
    # Given a question that three people flag, and one held by the word screen
    flagged = ask(stack, "兼职刷单靠谱吗", "网上看到兼职刷单日结，是不是骗局？", "rights")
    held = ask(stack, "兼职刷单被骗了", "加了对方的ＱＱ号，被骗了押金。", "rights", tags=["ＱＱ号"])
    assert held["visibility"] == "held"
    stack.pump.drain()
    everyone = anonymous(stack)
    assert flagged["id"] in ids(everyone, "/search", q="兼职刷单")
    assert held["id"] not in ids(everyone, "/search", q="兼职刷单")
    # When the first is flagged into review and then removed
    for n in range(3):
        reporter = as_user(stack, f"youth-reporter-search-{n}", Role.YOUTH)
        assert reporter.post(f"/questions/{flagged['id']}/flags", {"reason": "广告"}).status == 201
    stack.pump.drain()
    assert flagged["id"] not in ids(everyone, "/search", q="兼职刷单")
    staff = as_user(stack, "staff-search", Role.STAFF, "sx-04")
    assert staff.post(f"/moderation/{flagged['id']}", {"action": "remove"}).status == 200
    # And the held one is approved
    assert staff.post(f"/moderation/{held['id']}", {"action": "approve"}).status == 200
    stack.pump.drain()
    # Then the removed one stays gone and the approved one is found
    found = ids(everyone, "/search", q="兼职刷单")
    assert flagged["id"] not in found
    assert held["id"] in found


def test_search_pages_through_the_ranking_with_its_cursor(stack: Stack) -> None:
    # Given three questions that all mention 实习
    asked = {
        ask(stack, f"实习证明怎么开{n}", "学校要求交实习证明。", "employment")["id"]
        for n in range(3)
    }
    stack.pump.drain()
    everyone = anonymous(stack)
    # When they are read two at a time
    first = everyone.get("/search?" + urlencode({"q": "实习证明", "limit": "2"})).body
    cursor = first["next_cursor"]
    second = everyone.get("/search?" + urlencode({"q": "实习证明", "limit": "2", "cursor": cursor}))
    # Then the pages hold all three, once each; a cursor of another query is refused
    seen = [item["id"] for item in first["items"] + second.body["items"]]
    assert sorted(seen) == sorted(asked)
    other = everyone.get("/search?" + urlencode({"q": "证明", "limit": "2", "cursor": cursor}))
    assert other.status == 400


def test_search_refuses_an_empty_or_overlong_query(stack: Stack) -> None:
    everyone = anonymous(stack)
    assert everyone.get("/search?q=").status == 400
    assert everyone.get("/search?" + urlencode({"q": "字" * 101})).status == 400
    assert everyone.get("/search").status == 400
    assert everyone.get("/questions/similar").status == 400


def test_reindex_rebuilds_lost_entries_and_counts(stack: Stack) -> None:
    # Given an indexed question whose entries were lost and whose term counts drifted
    kept = ask(stack, "党员发展流程是什么", "入党申请书交了之后还要多久？", "league-affairs")
    stack.pump.drain()
    index = search_service._index()
    document = index.documents([kept["id"]])[kept["id"]]
    index.rewrite(dict.fromkeys(document.postings()))
    counters = search_service._counters()
    counters.set_metric(*projection_keys.term("入党"), "questions", 7)
    everyone = anonymous(stack)
    assert kept["id"] not in ids(everyone, "/search", q="入党申请书")
    # When the index is rebuilt while the stream is caught up
    report = search_service.reindex("sx-04")
    # Then the entries are back and the counts are the recount's
    assert report.entries_written >= len(document.terms) + 1
    assert kept["id"] in ids(everyone, "/search", q="入党申请书")
    assert index.statistics(["入党"]).frequencies["入党"] == 1


def test_a_record_too_large_for_one_transaction_is_applied_once_in_parts(stack: Stack) -> None:
    # Given one record whose effects touch 250 rows
    record = RecordEffects(
        "large-record",
        Effects(
            Counter(
                {CounterKey(*projection_keys.term(f"t{n}"), "questions"): 1 for n in range(250)}
            )
        ),
    )
    projections = ProjectionWriter(3600, system_clock(), 4)
    # When it is applied, and delivered again
    first = projections.apply([record])
    again = projections.apply([record])
    # Then it counts once as applied, the second delivery changes nothing
    assert (first, again) == (1, 0)
    counts = CounterRepository().counts([projection_keys.term(f"t{n}") for n in (0, 249)])
    assert all(found["questions"] == 1 for found in counts.values())


def test_an_edited_answer_is_searched_and_shown_in_its_new_words(stack: Stack) -> None:
    # Given an answered question, projected
    asked = ask(stack, "医保卡丢了怎么补办", "在外地上大学，医保卡找不到了。", "daily-life")
    expert, given = answer(stack, asked, "去户籍所在地的社保中心补办。")
    stack.pump.drain()
    assert shown_answer(stack, asked, "医保卡补办") == "去户籍所在地的社保中心补办。"
    # When its expert edits the answer
    edited = expert.patch(f"/answers/{given['id']}", {"body": "在支付宝搜电子医保凭证，先用着。"})
    assert edited.status == 200, edited.body
    stack.pump.drain()
    # Then the new text is shown under the question and found by search
    assert shown_answer(stack, asked, "医保卡补办") == "在支付宝搜电子医保凭证，先用着。"
    assert asked["id"] in ids(anonymous(stack), "/search", q="电子医保凭证")


def test_an_approved_held_answer_is_searched_and_shown(stack: Stack) -> None:
    # Given a question whose answer the word screen holds
    asked = ask(stack, "助学金评定不公平", "班里评助学金全看关系，我该找谁反映？", "rights")
    _, held = answer(stack, asked, "可以向学院资助办反映，详细情况请 加 微 信 聊")
    assert held["visibility"] == "held"
    stack.pump.drain()
    assert asked["id"] not in ids(anonymous(stack), "/search", q="资助办")
    # When staff approve it
    staff = as_user(stack, "staff-search-answers", Role.STAFF, "sx-04")
    assert staff.post(f"/moderation/{held['id']}", {"action": "approve"}).status == 200
    stack.pump.drain()
    # Then the question is found by the answer's words and shows it
    assert asked["id"] in ids(anonymous(stack), "/search", q="资助办")
    assert (shown_answer(stack, asked, "助学金评定") or "").startswith("可以向学院资助办反映")
