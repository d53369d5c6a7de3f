"""Filler questions for the search benchmarks: the evaluation set's titles and bodies recombined,
indexed directly (the projector's own path would take ~45 minutes for 19,000 on moto)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ulid import ULID

from youthvoice.data.projections import CounterRepository, SearchRepository
from youthvoice.domain import search
from youthvoice.domain.questions import Question, Status

LINEAGE = ("sx-04-11", "sx-04", "sx")


@dataclass(frozen=True)
class Made:
    subject: str  # the evaluation subject whose title it has: "s{number}"
    question: Question


def made_questions(data: dict[str, Any], count: int, rng: random.Random) -> list[Made]:
    """Titles and bodies of the evaluation set's subjects, recombined; most answered."""
    subjects = data["subjects"]
    made = []
    for number in range(count):
        chosen = rng.randrange(len(subjects))
        subject = subjects[chosen]
        other = rng.choice(subjects)
        question = Question(
            id=str(ULID()),
            asker=f"bench-youth-{number}",
            anonymous=False,
            title=rng.choice(subject["titles"]) + rng.choice(data["title_suffixes"]),
            body=rng.choice(data["openers"])
            + rng.choice(subject["bodies"])
            + rng.choice(other["bodies"])
            + rng.choice(data["closers"]),
            topic=subject["topic"],
            platform_id=LINEAGE[0],
            lineage=LINEAGE,
            tags=(),
            status=Status.ANSWERED if number % 4 else Status.OPEN,
            created_at="2026-11-29T00:00:00Z",
            due_at="2026-12-02T00:00:00Z",
            assignees=(),
            official_answers=int(number % 4 != 0),
        )
        made.append(Made(f"s{chosen}", question))
    return made


def bulk_index(questions: list[Question]) -> None:
    """The entries of `questions` written directly, and their term counts added to the stored
    ones."""
    entries: dict[Any, Any] = {}
    added: Counter[Any] = Counter()
    for question in questions:
        entries.update(search.index_documents(question))
        added.update(search.index_counters(question))
    SearchRepository().rewrite(entries)
    counters = CounterRepository()
    scopes = sorted({(key.scope, key.scope_id) for key in added})
    stored = {}
    for start in range(0, len(scopes), 100):
        stored.update(counters.counts(scopes[start : start + 100]))
    for key, count in added.items():
        current = stored[(key.scope, key.scope_id)].get(key.metric, 0)
        counters.set_metric(key.scope, key.scope_id, key.metric, current + count)
