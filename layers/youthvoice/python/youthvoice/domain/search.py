"""Full-text search over questions: the analyzer, each term's impact, ranking and snippets.

A question is indexed as impact-ordered postings: for each of its strongest terms, one entry whose
sort key puts the highest impact first, so a search reads a fixed number of entries per term
whatever the number of questions. Scores are BM25's, split in two: the impact (term frequency,
saturated and length-normalised) is fixed when a question is indexed; the term's rarity (idf) comes
from two counters read at search time (questions per term, questions indexed).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from youthvoice.domain import projection_keys as keys
from youthvoice.domain.moderation import CJK, folded, simplified
from youthvoice.domain.projection_keys import CounterKey, DocumentKey
from youthvoice.domain.questions import ANSWER_EXCERPT, Question, Status, Visibility


class Analyzer(StrEnum):
    """How Chinese runs become terms: dictionary words (jieba's search mode), overlapping
    character pairs, or both. Latin letters and digits are words in every analyzer."""

    WORDS = "words"
    BIGRAMS = "bigrams"
    BOTH = "both"


# Chosen by bench/search_quality.py on the evaluation set (docs/search.md has the figures).
# Changing it changes every term: run `youthvoice reindex` after.
ANALYZER = Analyzer.BOTH

Q_MIN, Q_MAX = 1, 100
SIMILAR_BODY_MAX = 1_000  # a draft's body travels in a query string: its start is enough
TERM_MAX_CHARS = 20  # a key part: longer "words" (a pasted link, a run of letters) are noise
TERMS_PER_QUESTION = 32  # postings one question writes: its strongest terms
# Entries a search reads in all, shared among its terms by `posting_limits`: never more at any
# size, and exactly this many once its terms hold that many. Smaller budgets cost recall among
# many questions (docs/search.md has the measured trade-off).
POSTINGS_PER_SEARCH = 250
QUERY_TERMS_MAX = 12  # terms a search reads, the rarest first
QUERY_STATISTICS_MAX = 100  # terms whose statistics a search reads: one BatchGet
SIMILAR_MAX = 5
TITLE_WEIGHT, TAG_WEIGHT, BODY_WEIGHT, ANSWER_WEIGHT = 3, 2, 1, 1
# BM25's saturation and length normalisation; the average is a constant so that an impact never
# changes after it is written (weighted terms of a typical title and a few sentences).
K1, B, AVERAGE_LENGTH = 1.2, 0.75, 60
IMPACT_SCALE = 1000
# Below this share of the best score the query could reach, a question is not a match.
SEARCH_MIN_SIMILARITY = 0.2
SIMILAR_MIN_SIMILARITY = 0.2
BODY_EXCERPT, SNIPPET = 200, 80
SEARCHABLE_STATUSES = frozenset(Status)
ANSWERED = frozenset({Status.ANSWERED, Status.RESOLVED, Status.CLOSED})

_RUNS = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+")
_IS_CJK = re.compile(f"[{CJK}]")
# Words that carry no subject: how young people open and close a question, in both languages.
_STOPWORDS = """
的 了 吗 呢 啊 吧 呀 哦 嘛 么 我 你 他 她 它 我们 你们 他们 是 在 有 和 与 或 及 都
也 就 还 又 要 会 能 想 去 到 给 让 被 把 对 从 这 那 哪 个 一 一个 这个 那个 这样
那样 自己 现在 因为 所以 但是 但 如果 而且 然后 怎么 怎么办 怎样 怎么样 如何 什么
为什么 哪些 哪里 多少 可以 可能 应该 需要 请问 大家 有没有 是不是 能不能 求助 求 帮忙
谢谢 一下 一些 有点 非常 特别 比较 真的 觉得 知道 问题 情况 还是 或者 没有 不是 不
很 太 好 a an the to of in on for and or is are am be do does i my me you it this
that how what why can should with
"""
STOPWORDS = frozenset(_STOPWORDS.split())
_JIEBA_CUT: list[Callable[[str], list[str]]] = []


def _words(run: str) -> list[str]:
    """jieba's search-mode cut: whole words and the shorter words inside them. Loaded on the
    first search or indexing, never by routes that do neither."""
    if not _JIEBA_CUT:
        import rjieba  # noqa: PLC0415 (a cold start without a search loads no dictionary)

        _JIEBA_CUT.append(rjieba.cut_for_search)
    return [word for word in _JIEBA_CUT[0](run) if len(word) > 1]


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def normalised(text: str) -> str:
    """As the word screen reads text (NFKC, case folded, simplified), but with every character
    kept in place, so offsets found here are offsets in the text."""
    return simplified(folded(text))


def _latin(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def terms(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """The terms of a text, in order, repeated as often as they occur."""
    chosen = analyzer or ANALYZER
    found: list[str] = []
    for run in _RUNS.findall(normalised(text)):
        if not _IS_CJK.match(run):
            found.append(_latin(run))
            continue
        if chosen is not Analyzer.BIGRAMS:
            found.extend(_words(run))
        if chosen is not Analyzer.WORDS:
            found.extend(_bigrams(run))
    return [t for t in found if t not in STOPWORDS and len(t) <= TERM_MAX_CHARS]


def weighted_terms(fields: Iterable[tuple[str, int]]) -> Counter[str]:
    weighted: Counter[str] = Counter()
    for text, weight in fields:
        for term in terms(text):
            weighted[term] += weight
    return weighted


def impacts(weighted: Mapping[str, int], keep: int = TERMS_PER_QUESTION) -> dict[str, int]:
    """BM25's term-frequency part in [0, IMPACT_SCALE), for the `keep` strongest terms."""
    length = sum(weighted.values())
    norm = K1 * (1 - B + B * length / AVERAGE_LENGTH)
    scored = {t: round(IMPACT_SCALE * tf / (tf + norm)) for t, tf in weighted.items()}
    strongest = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:keep]
    return {term: impact for term, impact in strongest if impact > 0}


def searchable(question: object) -> bool:
    """Visible questions of a known status; held, removed or withdrawn ones leave the index."""
    return (
        isinstance(question, Question)
        and question.visibility is Visibility.VISIBLE
        and question.status in SEARCHABLE_STATUSES
    )


def question_impacts(question: Question) -> dict[str, int]:
    return impacts(
        weighted_terms(
            (
                (question.title, TITLE_WEIGHT),
                (" ".join(question.tags), TAG_WEIGHT),
                (question.body, BODY_WEIGHT),
                (question.answer_excerpt, ANSWER_WEIGHT),
            )
        )
    )


def posting_order(impact: int, question_id: str) -> str:
    """Ascending sort keys, highest impact first."""
    return f"{IMPACT_SCALE - impact:04d}#{question_id}"


def index_counters(question: object) -> Counter[CounterKey]:
    """Questions per term and questions indexed: the statistics a search ranks with."""
    counters: Counter[CounterKey] = Counter()
    if not searchable(question):
        return counters
    assert isinstance(question, Question)
    for term in question_impacts(question):
        counters[CounterKey(*keys.term(term), "questions")] += 1
    counters[CounterKey(*keys.indexed(), "questions")] += 1
    return counters


def listed_extras(question: Question) -> dict[str, str]:
    """What a feed entry or a search result shows besides the title, so a page renders alone:
    how many answers the question has, and who asked unless they asked anonymously."""
    extras = {"answers": str(question.official_answers + question.peer_answers)}
    if not question.anonymous:
        extras["asker"] = question.asker
    return extras


def index_documents(question: object) -> dict[DocumentKey, Mapping[str, str]]:
    """A question's postings, and the one document a result page shows it from."""
    if not searchable(question):
        return {}
    assert isinstance(question, Question)
    found = question_impacts(question)
    shared = {
        "item_id": question.id,
        "question_id": question.id,
        "topic": question.topic,
        "status": str(question.status),
        "lineage": " ".join(question.lineage),
        "created_at": question.created_at,
    }
    documents: dict[DocumentKey, Mapping[str, str]] = {
        keys.postings(term, posting_order(impact, question.id)): {**shared, "kind": "posting"}
        for term, impact in found.items()
    }
    documents[keys.search_document(question.id)] = {
        **shared,
        "kind": "search",
        "title": question.title,
        "excerpt": question.body[:BODY_EXCERPT],
        "answer": question.answer_excerpt[:ANSWER_EXCERPT],
        "platform_id": question.platform_id,
        **listed_extras(question),
        "terms": " ".join(f"{term}:{impact}" for term, impact in sorted(found.items())),
    }
    return documents


@dataclass(frozen=True)
class Posting:
    question_id: str
    impact: int
    topic: str
    status: str
    lineage: tuple[str, ...]


@dataclass(frozen=True)
class SearchDocument:
    """What a result shows of a question, and the terms it is indexed under."""

    question_id: str
    title: str
    excerpt: str
    answer: str
    topic: str
    platform_id: str
    status: str
    created_at: str
    terms: tuple[tuple[str, int], ...]  # with their impacts: the keys of its postings
    answers: int = 0
    asker: str | None = None  # as on a feed entry (projection.ListEntry)

    def postings(self) -> list[DocumentKey]:
        return [keys.postings(t, posting_order(i, self.question_id)) for t, i in self.terms]


def impact_of(order: str) -> int:
    """The impact a posting's sort key (`posting_order`) encodes."""
    return IMPACT_SCALE - int(order.split("#", 1)[0])


@dataclass(frozen=True)
class Statistics:
    indexed: int
    frequencies: Mapping[str, int]

    def idf(self, term: str) -> float:
        frequency = self.frequencies.get(term, 0)
        return math.log(1 + (self.indexed - frequency + 0.5) / (frequency + 0.5))


@dataclass(frozen=True)
class Scope:
    """What a search is limited to; None is everything."""

    platform_id: str | None = None
    topic: str | None = None
    statuses: frozenset[str] | None = None

    def admits(self, posting: Posting) -> bool:
        return (
            (self.platform_id is None or self.platform_id in posting.lineage)
            and (self.topic is None or self.topic == posting.topic)
            and (self.statuses is None or posting.status in self.statuses)
        )


@dataclass(frozen=True)
class Scored:
    question_id: str
    score: float
    similarity: float
    answered: bool


def query_weights(fields: Iterable[tuple[str, int]]) -> Counter[str]:
    """A query's most weighted terms: their statistics are read in one BatchGet."""
    weighted = weighted_terms(fields)
    strongest = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))
    return Counter(dict(strongest[:QUERY_STATISTICS_MAX]))


def chosen_terms(weights: Mapping[str, int], statistics: Statistics) -> list[str]:
    """The rarest terms that any question holds: terms no question holds cost no read."""
    held = [term for term in weights if statistics.frequencies.get(term, 0) > 0]
    held.sort(key=lambda term: (-statistics.idf(term) * weights[term], term))
    return held[:QUERY_TERMS_MAX]


def posting_limits(chosen: Iterable[str], statistics: Statistics) -> dict[str, int]:
    """Each term's share of POSTINGS_PER_SEARCH, highest impact first. The term counts say how
    many postings a term has: a term with fewer than its share reads them all and leaves the rest
    to the commoner terms, so a search reads the whole budget whenever its terms hold that many,
    however many questions are indexed."""
    by_frequency = sorted(chosen, key=lambda term: (statistics.frequencies.get(term, 0), term))
    limits: dict[str, int] = {}
    left = POSTINGS_PER_SEARCH
    for position, term in enumerate(by_frequency):
        share = max(1, left // (len(by_frequency) - position))
        limits[term] = max(1, min(statistics.frequencies.get(term, 0), share))
        left -= limits[term]
    return limits


def rank(
    weights: Mapping[str, int],
    statistics: Statistics,
    postings: Mapping[str, Iterable[Posting]],
    scope: Scope,
    minimum: float,
    boost_topic: str | None = None,
) -> list[Scored]:
    """Sum each term's idf × impact; keep questions reaching `minimum` of the best score the
    whole query could reach (terms no question holds count there: a query mostly about something
    else matches nothing); the most relevant first, answered ones first among equals, then the
    newest."""
    scores: dict[str, float] = {}
    answered: dict[str, bool] = {}
    best_possible = sum(statistics.idf(term) * weight for term, weight in weights.items())
    for term, entries in postings.items():
        weight = statistics.idf(term) * weights[term]
        for posting in entries:
            if scope.admits(posting):
                gained = weight * posting.impact / IMPACT_SCALE
                scores[posting.question_id] = scores.get(posting.question_id, 0.0) + gained
                answered[posting.question_id] = posting.status in ANSWERED
    if boost_topic is not None:
        for posting in (p for entries in postings.values() for p in entries):
            if posting.topic == boost_topic and posting.question_id in scores:
                scores[posting.question_id] *= 1.1
    found = [
        Scored(question_id, score, score / best_possible, answered[question_id])
        for question_id, score in scores.items()
        if best_possible and score / best_possible >= minimum
    ]
    found.sort(key=lambda s: (-round(s.score, 6), not s.answered, _newest_first(s.question_id)))
    return found


def _newest_first(question_id: str) -> tuple[int, ...]:
    """Question ids are ULIDs: later ids sort after earlier ones."""
    return tuple(-ord(c) for c in question_id)


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) character offsets in `text`


def snippet(text: str, wanted: Iterable[str], width: int = SNIPPET) -> Snippet:
    """The window of `text` around the first match, with every match in it marked."""
    normal = normalised(text)
    shown = text if len(normal) == len(text) else normal
    spans = sorted(
        (match.start(), match.end())
        for term in set(wanted)
        for match in re.finditer(re.escape(term), normal)
    )
    start = max(0, spans[0][0] - width // 4) if spans and len(shown) > width else 0
    end = min(len(shown), start + width)
    merged: list[tuple[int, int]] = []
    for match_start, match_end in spans:
        if match_start >= end or match_end <= start:
            continue
        first, last = max(match_start, start) - start, min(match_end, end) - start
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return Snippet(shown[start:end], tuple(merged))
