"""The unit of work for a question's case: read it whole, let the use case record its changes,
commit them in one transaction on the question's version, and retry only lost races.

A `with` block cannot run its body again, so the use case is a function of the case: it may run
more than once, each time on a fresh read, and must not have other side effects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol, TypeVar

from youthvoice.bootstrap import dependencies, now
from youthvoice.domain.cases import Case
from youthvoice.domain.errors import NotFound
from youthvoice.domain.questions import QuestionView
from youthvoice.domain.timestamps import iso
from youthvoice.services.retries import retry_on_race

T = TypeVar("T")


class CaseStore(Protocol):
    """What the unit of work needs from storage."""

    def view(self, question_id: str) -> QuestionView | None: ...

    def commit(self, case: Case) -> None:
        """All of the case's changes or none; a lost race raises ConcurrentChange, a refused
        condition the domain error it means."""


def store() -> CaseStore:
    return dependencies().stores.cases


def read(question_id: str) -> QuestionView:
    view = store().view(question_id)
    if view is None:
        raise NotFound(f"question {question_id} does not exist")
    return view


def change(question_id: str, apply: Callable[[Case], T], at: dt.datetime | None = None) -> T:
    """Apply a use case to the case as it is now; `at` (default: the clock) stamps the change."""

    def attempt() -> T:
        case = Case(read(question_id), iso(at or now()))
        result = apply(case)
        if case.changed:
            store().commit(case)
        return result

    return retry_on_race(attempt)


def open_new(case: Case) -> None:
    """A new question (version 0) commits once: its id is fresh, so there is no race to retry."""
    store().commit(case)
