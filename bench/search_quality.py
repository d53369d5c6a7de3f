"""Search quality on the evaluation set: recall@5 and MRR of /search and /questions/similar, and
the false-match rate on queries that have no twin, for each analyzer in one run.

Usage: .venv/bin/python -m bench.search_quality [--analyzer both] [--budget 120 ...]

Each --budget (entries a search reads in all, `search.POSTINGS_PER_SEARCH`) is measured on the
same loaded questions. --filler N then adds N questions made as bench/search_cost.py makes them
(a subject's title with its body and another's, written directly to the index) and measures again:
quality at scale. A filler question counts as its title's subject: it is as good a twin.

bench/data/search_eval.json holds subjects (two titles and two bodies each), one-off questions
and queries with no twin. Each subject becomes four twin questions (each title with each body,
dressed with the openers and closers young people write); three of the four, and every other
one-off question, are answered. They are asked and answered through the service layer (quota, word
screen, routing, the unit of work), projected by the stream, and every query goes through the
routes over the emulated gateway. A query finds its subject when one of the subject's questions
is in the top 5 (/questions/similar shows answered questions only, so only answered twins count
there); MRR is the mean of 1/rank of the first one (0 past 5). A query with no twin is a false
match when the route returns anything at all.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from moto import mock_aws
from opencc_purepy import OpenCC

import tests.conftest  # noqa: F401  (test settings: local stage, fake credentials)
from bench.search_filler import bulk_index, made_questions
from tests.integration.conftest import Stack, _started_stack
from youthvoice.domain import search as search_rules
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.questions import Question
from youthvoice.domain.search import Analyzer
from youthvoice.services import experts, questions
from youthvoice.services.questions import Draft

EVAL = Path(__file__).resolve().parent / "data" / "search_eval.json"
PLATFORMS = ("sx-01-01", "sx-04-11", "sx-02-05", "sx-03-02")
TOP = 5
ANSWERS = {
    "employment": "你好，建议先到当地人社部门或学校就业指导中心咨询，带好相关材料。",
    "health": "建议先到正规医院相关科室检查，注意休息，别自己乱用药。",
    "mental-health": "你的感受很正常，可以先找信任的人聊聊，学校心理中心也可以预约。",
    "study": "可以先咨询学院辅导员或教务处，了解学校的具体规定和时间。",
    "charity": "可以关注当地团委和志愿服务平台发布的招募信息。",
    "rights": "建议保留好证据，先协商，协商不成可以向有关部门投诉或申请调解。",
    "love-marriage": "感情里沟通最重要，先把自己的想法和对方说清楚。",
    "culture": "可以关注本地文化馆和相关公众号，活动信息会提前发布。",
    "daily-life": "可以在政务服务平台上查询办理流程，准备好身份证。",
    "innovation": "建议先找学院老师指导，多看往届的优秀作品。",
    "league-affairs": "可以联系所在团支部或上级团委，按智慧团建上的流程办理。",
}


@dataclass(frozen=True)
class Asked:
    key: str
    topic: str
    title: str
    body: str
    answered: bool


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    subject: str


def corpus(data: dict[str, Any]) -> Iterator[Asked]:
    rng = random.Random(14)

    def dressed_title(title: str) -> str:
        return (
            str(rng.choice(data["title_prefixes"]))
            + title
            + str(rng.choice(data["title_suffixes"]))
        )

    def dressed_body(body: str) -> str:
        return str(rng.choice(data["openers"])) + body + str(rng.choice(data["closers"]))

    for number, subject in enumerate(data["subjects"]):
        pairs = [(0, 0), (1, 1), (0, 1), (1, 0)]
        for twin, (title, body) in enumerate(pairs):
            yield Asked(
                f"s{number}",
                subject["topic"],
                dressed_title(subject["titles"][title]),
                dressed_body(subject["bodies"][body]),
                answered=twin != 3,
            )
    for number, single in enumerate(data["singles"]):
        yield Asked(
            f"single{number}",
            single["topic"],
            single["title"],
            dressed_body(single["body"]),
            number % 2 == 0,
        )


def queries(data: dict[str, Any]) -> list[Query]:
    to_traditional = OpenCC("s2t")
    found = []
    for number, subject in enumerate(data["subjects"]):
        text = subject["query"]
        if subject["kind"] == "traditional":
            text = to_traditional.convert(text)
        found.append(Query(text, subject["kind"], f"s{number}"))
    return found


def load(stack: Stack, asked: list[Asked]) -> tuple[dict[str, str], int]:
    """Ask every question as its own young person, answer the answered ones as the first
    invited expert; returns question id → subject, and how many the word screen held."""
    subject_of: dict[str, str] = {}
    held = 0
    for number, item in enumerate(asked):
        youth = Principal(f"eval-youth-{number}", Role.YOUTH, None)
        draft = Draft(item.title, item.body, item.topic, PLATFORMS[number % 4], False, ())
        question = questions.ask(youth, draft)
        subject_of[question.id] = item.key
        held += question.held_reason is not None
        if item.answered and question.assignees:
            answer(question, ANSWERS[item.topic])
        if number % 50 == 49:
            stack.pump.drain()
    stack.pump.drain()
    return subject_of, held


def answer(question: Question, text: str) -> None:
    expert = experts.get(question.assignees[0])
    principal = Principal(expert.user_id, Role.EXPERT, expert.platform_id)
    questions.answer(principal, question.id, text, None)


def ranked_subjects(stack: Stack, path: str, subject_of: dict[str, str]) -> list[str]:
    response = stack.http.get(path)
    assert response.status_code == 200, response.body
    return [subject_of[item["id"]] for item in response.json_body["items"]][:TOP]


@dataclass(frozen=True)
class Quality:
    recall: float
    mrr: float
    by_kind: dict[str, float]
    false_matches: float


def measure(
    stack: Stack, path: str, found: list[Query], no_twin: list[str], subject_of: dict[str, str]
) -> Quality:
    ranks: list[int | None] = []
    for query in found:
        subjects = ranked_subjects(stack, path.format(urlencode({"x": query.text})[2:]), subject_of)
        ranks.append(subjects.index(query.subject) + 1 if query.subject in subjects else None)
    kinds = sorted({q.kind for q in found})
    by_kind = {
        kind: statistics.mean(
            r is not None for r, q in zip(ranks, found, strict=True) if q.kind == kind
        )
        for kind in kinds
    }
    false = [
        bool(ranked_subjects(stack, path.format(urlencode({"x": text})[2:]), subject_of))
        for text in no_twin
    ]
    return Quality(
        recall=statistics.mean(r is not None for r in ranks),
        mrr=statistics.mean(1 / r if r else 0 for r in ranks),
        by_kind=by_kind,
        false_matches=statistics.mean(false),
    )


def evaluate(analyzer: Analyzer, budgets: list[int], filler: int, data: dict[str, Any]) -> None:
    search_rules.ANALYZER = analyzer
    asked = list(corpus(data))
    with mock_aws():
        stack = _started_stack(200)
        started = time.perf_counter()
        subject_of, held = load(stack, asked)
        loaded = time.perf_counter() - started
        found = queries(data)
        routes = {"/search": "/search?q={}", "/questions/similar": "/questions/similar?title={}"}
        print(
            f"analyzer {analyzer}: {len(asked)} questions "
            f"({sum(a.answered for a in asked)} answered, {held} held by the word screen) "
            f"loaded in {loaded:.0f} s; {len(found)} queries, {len(data['no_twin'])} without twin"
        )
        sizes = [len(asked)] + ([len(asked) + filler] if filler else [])
        for size in sizes:
            if size > len(asked):
                made = made_questions(data, filler, random.Random(30))
                bulk_index([m.question for m in made])
                subject_of.update({m.question.id: m.subject for m in made})
            for budget in budgets:
                search_rules.POSTINGS_PER_SEARCH = budget
                print(f" {size} questions, budget {budget} postings per search")
                for route, path in routes.items():
                    report(route, measure(stack, path, found, data["no_twin"], subject_of))


def report(route: str, quality: Quality) -> None:
    kinds = ", ".join(f"{kind} {share:.2f}" for kind, share in quality.by_kind.items())
    print(
        f"  {route:<19} recall@5 {quality.recall:.3f}  MRR {quality.mrr:.3f}  "
        f"false matches {quality.false_matches:.3f}"
    )
    print(f"  {'':<19} recall@5 by kind: {kinds}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--analyzer", choices=[a.value for a in Analyzer], action="append")
    parser.add_argument("--budget", type=int, action="append")
    parser.add_argument("--filler", type=int, default=0)
    arguments = parser.parse_args()
    budgets = arguments.budget or [search_rules.POSTINGS_PER_SEARCH]
    data = json.loads(EVAL.read_text("utf-8"))
    for analyzer in arguments.analyzer or [a.value for a in Analyzer]:
        evaluate(Analyzer(analyzer), budgets, arguments.filler, data)


if __name__ == "__main__":
    main()
