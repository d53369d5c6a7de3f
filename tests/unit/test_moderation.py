"""The word screen sees through disguises of a listed word, and ordinary neighbours pass."""

from __future__ import annotations

from typing import Any

import pytest

from bench.moderation_corpus import disguised, ordinary
from youthvoice.config import load_settings
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.moderation import CLEAN, Severity, Verdict, WordList, normalise

RULES: dict[str, Any] = {
    "hard": {"gambling": ["网络赌博", "六合彩"], "fraud": ["办假证"]},
    "soft": {"contact-details": ["QQ号"], "exam-cheating": ["代考", "包过"]},
    "allow": ["面包", "取代", "家政"],
}
SCREEN = WordList.from_data(RULES)
GAMBLING = Verdict(Severity.HARD, "gambling")
FRAUD = Verdict(Severity.HARD, "fraud")
CONTACT = Verdict(Severity.SOFT, "contact-details")


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("六 合 彩", GAMBLING),
        ("六\u3000合\u3000彩", GAMBLING),
        ("六.合.彩", GAMBLING),
        ("六，合，彩", GAMBLING),
        ("六 - 合 _ 彩", GAMBLING),
        ("买六\u200b合彩", GAMBLING),
        ("六\u200c合\u200d彩", GAMBLING),
        ("六\u00ad合\u2060彩", GAMBLING),
        ("\ufeff六合\ufeff彩", GAMBLING),
        ("網絡賭博", GAMBLING),
        ("辦假證", FRAUD),
        ("辦 假 證", FRAUD),
        ("ＱＱ号", CONTACT),
        ("ＱＱ號", CONTACT),
        ("qq号", CONTACT),
        ("liuhecai", GAMBLING),
        ("LiuHeCai", GAMBLING),
        ("liu he cai", GAMBLING),
        ("ｌｉｕｈｅｃａｉ", GAMBLING),
        ("六和彩", GAMBLING),
        ("谁有六和彩的号码", GAMBLING),
        ("wang luo 赌博", GAMBLING),
    ],
)
def test_a_disguised_word_is_screened_as_the_word(text: str, verdict: Verdict) -> None:
    # Given the word list
    # When a post hides a listed word behind spacing, invisible characters, another script,
    # full-width letters, pinyin or a homophone
    # Then it gets the verdict of the plain word
    assert SCREEN.check(f"请问{text}怎么弄") == verdict


@pytest.mark.parametrize(
    "text",
    [
        "组合彩色铅笔哪里买",
        "南京六合区的大学生就业政策",
        "学生代表怎么选",
        "上课代课老师很好",
        "人工智能会取代考试吗",
        "面包过期了还能吃吗",
        "想开一家家政公司，办家政需要什么手续",
        "QQ群里有人发广告怎么办",
        "这份工作会被取代，考研还是继续找工作？",
        "合同里写的六，合同期三年",
        "liuxue he gongzuo cai shi zhongdian",
    ],
)
def test_ordinary_neighbours_of_a_word_pass(text: str) -> None:
    # Given text that contains part of a listed word, or a word that overlaps one
    # When it is screened
    # Then nothing is held or blocked
    assert SCREEN.check(text) == CLEAN


def test_the_worst_verdict_across_texts_wins() -> None:
    # Given a soft word in a title and a hard word in a tag
    # When title, body and tags are screened together
    verdict = SCREEN.check("留个QQ号", "正文", "六合彩")
    # Then the hard word blocks
    assert verdict == GAMBLING


def test_gaps_do_not_join_two_texts() -> None:
    # Given a title ending in 代 and a tag starting with 考
    # When both are screened
    # Then they are not read as one word
    assert SCREEN.check("找人代", "考试") == CLEAN


def test_normalising_folds_width_case_script_and_closes_gaps() -> None:
    assert normalise("ＡＢＣ 網 絡\u200b") == "abc网络"
    assert normalise("hello world") == "hello world"


def test_an_allowed_phrase_may_not_hide_a_listed_word() -> None:
    # Given an allowed phrase that is part of a listed word
    # When the list is built
    # Then it is refused: it would excuse every occurrence of the word
    with pytest.raises(ValidationFailed, match="allowed phrase"):
        WordList.from_data({**RULES, "allow": ["合彩"]}).build()


@pytest.mark.parametrize("allow", ["面包", ["面包", 3]])
def test_allow_must_be_a_list_of_phrases(allow: object) -> None:
    with pytest.raises(ValidationFailed, match="allow"):
        WordList.from_data({**RULES, "allow": allow})


def test_an_empty_list_passes_everything() -> None:
    assert WordList.from_data({}).check("六合彩", "liuhecai") == CLEAN


def test_the_corpus_meets_the_goals_with_the_packaged_list() -> None:
    # Given the packaged word list and the seeded corpus
    screen = load_settings({}).sensitive_words
    samples, questions = disguised(), ordinary()
    # When each text is screened
    caught = sum(screen.check(s.text).category == s.category for s in samples)
    alarms = sum(screen.check(q).severity is not None for q in questions)
    # Then at least 95 % of disguises are caught and at most 0.5 % of questions held
    assert len(samples) >= 300 and len(questions) >= 2_000
    assert caught >= 0.95 * len(samples)
    assert alarms <= 0.005 * len(questions)
