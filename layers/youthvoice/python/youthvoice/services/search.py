"""Searching visible questions, finding answered twins of a draft, and rebuilding the index.

Every search costs the same whatever the number of questions: one BatchGet of term statistics, one
Query per chosen term (at most QUERY_TERMS_MAX, sharing POSTINGS_PER_SEARCH entries), one BatchGet
of the page's documents.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from youthvoice.bootstrap import dependencies
from youthvoice.domain import projection_keys
from youthvoice.domain import search as rules
from youthvoice.domain.pagination import Page, PageRequest, slice_page
from youthvoice.domain.projection_keys import DocumentKey
from youthvoice.domain.questions import Status
from youthvoice.domain.search import (
    Posting,
    Scope,
    Scored,
    SearchDocument,
    Snippet,
    Statistics,
)
from youthvoice.services import reconcile
from youthvoice.services.reconcile import CounterRepair, PlatformQuestions
from youthvoice.services.runtime import reference


class SearchIndex(Protocol):
    def statistics(self, terms: Sequence[str]) -> Statistics: ...
    def postings(self, term: str, limit: int) -> list[Posting]: ...
    def documents(self, question_ids: Sequence[str]) -> dict[str, SearchDocument]: ...


class IndexRepair(SearchIndex, Protocol):
    def rewrite(self, documents: Mapping[DocumentKey, Mapping[str, str] | None]) -> None: ...


def _index() -> IndexRepair:
    return dependencies().stores.search


def _counters() -> CounterRepair:
    return dependencies().stores.counters


def _questions() -> PlatformQuestions:
    return dependencies().stores.questions


@dataclass(frozen=True)
class Result:
    document: SearchDocument
    score: float
    title_highlights: tuple[tuple[int, int], ...]
    snippet: Snippet


def _ranked(
    weights: Counter[str], scope: Scope, minimum: float, boost_topic: str | None = None
) -> tuple[list[Scored], list[str]]:
    index = _index()
    statistics = index.statistics(sorted(weights))
    chosen = rules.chosen_terms(weights, statistics)
    limits = rules.posting_limits(chosen, statistics)
    postings = {term: index.postings(term, limit) for term, limit in limits.items()}
    return rules.rank(weights, statistics, postings, scope, minimum, boost_topic), chosen


def _results(ranked: Sequence[Scored], wanted: Sequence[str]) -> list[Result]:
    documents = _index().documents([found.question_id for found in ranked])
    results = []
    for found in ranked:
        document = documents.get(found.question_id)
        if document is None:  # left the index since its postings were read
            continue
        title = rules.snippet(document.title, wanted, width=len(document.title))
        body = rules.snippet(document.excerpt or document.answer, wanted)
        results.append(Result(document, found.score, title.highlights, body))
    return results


def _fingerprint(*parts: str | None) -> str:
    return hashlib.sha256("\x1f".join(part or "" for part in parts).encode()).hexdigest()[:16]


def search(
    q: str,
    platform_id: str | None,
    topic: str | None,
    status: Status | None,
    page: PageRequest,
) -> Page[Result]:
    """Visible questions by relevance; a platform means its whole subtree. The ranking is
    paged like any list held in memory, its cursor bound to this very query."""
    if platform_id is not None:
        reference().platform(platform_id)
    if topic is not None:
        reference().require_topic(topic)
    weights = rules.query_weights([(q, 1)])
    if not weights:
        return Page([], None)
    scope = Scope(platform_id, topic, frozenset({str(status)}) if status else None)
    ranked, chosen = _ranked(weights, scope, rules.SEARCH_MIN_SIMILARITY)
    window = slice_page(ranked, page, f"search:{_fingerprint(q, platform_id, topic, status)}")
    return Page(_results([found for _, found in window.items], chosen), window.next_cursor)


def similar(title: str, body: str, topic: str | None) -> list[Result]:
    """The answered questions most like a draft, for a young person about to ask it; the
    draft's topic counts a little, as askers pick topics loosely."""
    if topic is not None:
        reference().require_topic(topic)
    weights = rules.query_weights([(title, rules.TITLE_WEIGHT), (body, rules.BODY_WEIGHT)])
    if not weights:
        return []
    scope = Scope(statuses=frozenset(str(s) for s in rules.ANSWERED))
    ranked, chosen = _ranked(weights, scope, rules.SIMILAR_MIN_SIMILARITY, topic)
    return _results(ranked[: rules.SIMILAR_MAX], chosen)


@dataclass(frozen=True)
class ReindexReport:
    questions: int
    indexed: int
    entries_written: int
    entries_deleted: int
    terms: int


def reindex(root_id: str) -> ReindexReport:
    """Rebuild the index of a subtree's questions from Content: each question's entries are
    put, the entries its document says it had and no longer has are deleted, and the term counts
    are set to the recount. Run it while the stream is caught up, like a counter repair."""
    index, counters = _index(), _counters()
    frequencies: Counter[str] = Counter()
    questions = indexed = written = deleted = 0
    for platform in reconcile.subtree(root_id):
        asked = list(_questions().asked_on(platform.id))
        had = index.documents([question.id for question in asked])
        changes: dict[DocumentKey, Mapping[str, str] | None] = {}
        for question in asked:
            questions += 1
            wanted = rules.index_documents(question)
            stale: dict[DocumentKey, Mapping[str, str] | None] = {}
            if question.id in had:
                stale = dict.fromkeys(had[question.id].postings())
                stale[projection_keys.search_document(question.id)] = None
                frequencies.update(dict.fromkeys((t for t, _ in had[question.id].terms), 0))
            changes.update({k: v for k, v in stale.items() if k not in wanted})
            changes.update(wanted)
            written += len(wanted)
            deleted += len(stale.keys() - wanted.keys())
            for key in rules.index_counters(question):
                if key.scope == projection_keys.ScopeKind.TERM:
                    frequencies[key.scope_id] += 1
            indexed += rules.searchable(question)
        index.rewrite(changes)
    for term, count in frequencies.items():
        counters.set_metric(*projection_keys.term(term), "questions", count)
    counters.set_metric(*projection_keys.indexed(), "questions", indexed)
    return ReindexReport(questions, indexed, written, deleted, len(frequencies))
