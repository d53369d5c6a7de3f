"""The search rules: terms, impacts, what is indexed, ranking and snippets (no AWS)."""

from __future__ import annotations

import dataclasses

from tests.unit.test_projection import QUESTION
from youthvoice.domain import projection_keys as keys
from youthvoice.domain import search
from youthvoice.domain.projection import Change, effects
from youthvoice.domain.questions import Status, Visibility
from youthvoice.domain.search import Analyzer, Posting, Scope, Statistics

LOAN = dataclasses.replace(QUESTION, title="大学生创业贷款怎么申请", body="想开一家奶茶店。")


def test_traditional_full_width_and_simplified_text_give_the_same_terms() -> None:
    # Given one phrase written three ways
    written = ["創業貸款 ＧＰＡ", "创业贷款 GPA", "创业贷款 gpa"]
    # When each is analyzed
    analyzed = [search.terms(text) for text in written]
    # Then the terms are the same, and the stop words are gone
    assert analyzed[0] == analyzed[1] == analyzed[2]
    assert "gpa" in analyzed[0]
    assert "怎么" not in search.terms("怎么申请创业贷款")


def test_each_analyzer_cuts_chinese_its_own_way() -> None:
    assert "考研" in search.terms("我想考研", Analyzer.WORDS)
    assert "想考" not in search.terms("我想考研", Analyzer.WORDS)
    assert "想考" in search.terms("我想考研", Analyzer.BIGRAMS)
    assert {"考研", "想考"} <= set(search.terms("我想考研", Analyzer.BOTH))


def test_title_terms_weigh_more_and_a_question_keeps_its_strongest_terms() -> None:
    # Given a question whose body is long
    long = dataclasses.replace(LOAN, body="奶茶店" + "、".join(f"材料{n}号" for n in range(200)))
    # When its impacts are computed
    impacts = search.question_impacts(long)
    # Then it keeps a bounded number of terms, the title's among them, each below the scale
    assert len(impacts) <= search.TERMS_PER_QUESTION
    assert "创业" in impacts
    assert all(0 < impact < search.IMPACT_SCALE for impact in impacts.values())


def test_postings_sort_the_highest_impact_first() -> None:
    orders = sorted(search.posting_order(impact, "q") for impact in (5, 900, 120))
    assert [search.impact_of(order) for order in orders] == [900, 120, 5]


def test_a_held_or_removed_question_takes_its_entries_and_counts_back() -> None:
    # Given an indexed question
    inserted = effects(Change("e1", "1", None, LOAN))
    postings = {k for k in inserted.documents if k.kind == keys.ListKind.POSTINGS}
    assert postings and inserted.counters[keys.CounterKey(*keys.indexed(), "questions")] == 1
    for hidden in (Visibility.HELD, Visibility.REMOVED):
        # When it is hidden
        change = effects(Change("e2", "2", LOAN, dataclasses.replace(LOAN, visibility=hidden)))
        # Then each posting is deleted and each count taken back
        assert all(change.documents[key] is None for key in postings)
        assert change.counters[keys.CounterKey(*keys.indexed(), "questions")] == -1


def test_a_status_change_rewrites_the_entries_without_touching_the_counts() -> None:
    answered = dataclasses.replace(LOAN, status=Status.ANSWERED, official_answers=1)
    change = effects(Change("e1", "1", LOAN, answered))
    assert all(
        fields is not None and fields["status"] == "answered"
        for key, fields in change.documents.items()
        if key.kind == keys.ListKind.POSTINGS
    )
    assert not any(key.scope == keys.ScopeKind.TERM for key in change.counters)


def posting(question_id: str, impact: int, status: str = "open", topic: str = "study") -> Posting:
    return Posting(question_id, impact, topic, status, ("sx-04-11", "sx-04", "sx"))


def test_ranking_adds_rare_terms_up_breaks_ties_by_answered_and_drops_weak_matches() -> None:
    # Given two terms, one rare, and questions holding them
    statistics = Statistics(100, {"助学金": 2, "申请": 60})
    weights = {"助学金": 1, "申请": 1}
    postings = {
        "助学金": [posting("q1", 800), posting("q2", 800, status="answered")],
        "申请": [posting("q1", 500), posting("q2", 500, status="answered"), posting("q3", 900)],
    }
    # When they are ranked
    ranked = search.rank(weights, statistics, postings, Scope(), search.SEARCH_MIN_SIMILARITY)
    # Then the equal scores put the answered one first, and the common term alone is too weak
    assert [found.question_id for found in ranked] == ["q2", "q1"]
    scoped = search.rank(weights, statistics, postings, Scope(topic="health"), 0.0)
    assert scoped == []


def test_a_snippet_marks_every_match_in_its_window() -> None:
    found = search.snippet("太原有哪些适合應屆生的招聘会", ["应届", "招聘"])
    marked = [found.text[start:end] for start, end in found.highlights]
    assert marked == ["應屆", "招聘"]


def test_a_search_reads_a_fixed_budget_of_postings_shared_among_its_terms() -> None:
    # Given a rare term, a common one and a very common one
    statistics = Statistics(20_000, {"贴息": 3, "创业": 900, "贷款": 5_000})
    # When the budget is shared
    limits = search.posting_limits(["贴息", "创业", "贷款"], statistics)
    # Then the rare term reads all it has and the others share the rest, the budget exactly
    assert limits["贴息"] == 3
    assert sum(limits.values()) == search.POSTINGS_PER_SEARCH
    assert abs(limits["创业"] - limits["贷款"]) <= 1


def test_a_search_whose_terms_hold_less_than_the_budget_reads_them_all() -> None:
    statistics = Statistics(40, {"贴息": 3, "创业": 7})
    assert search.posting_limits(["贴息", "创业"], statistics) == {"贴息": 3, "创业": 7}
