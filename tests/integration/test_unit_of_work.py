"""The unit of work for a question's case: one commit, retries only for lost races, and each
refused condition answered with its own error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.data import keys
from youthvoice.data.cases import CaseRepository
from youthvoice.data.experts import ExpertRepository
from youthvoice.data.models import RouteItem
from youthvoice.domain.cases import Case
from youthvoice.domain.identity import Role
from youthvoice.domain.questions import AssignmentState
from youthvoice.services import cases, retries

COUNTY, NEIGHBOUR, CITY = "sx-04-11", "sx-04-02", "sx-04"


def counting_commits(monkeypatch: pytest.MonkeyPatch) -> list[Case]:
    """Every case the store is asked to commit, whether it succeeds or not."""
    committed: list[Case] = []
    real: Callable[[CaseRepository, Case], None] = CaseRepository.commit

    def commit(self: CaseRepository, case: Case) -> None:
        committed.append(case)
        real(self, case)

    monkeypatch.setattr(CaseRepository, "commit", commit)
    return committed


def load_of(platform_id: str, expert: dict[str, Any]) -> int:
    candidates = ExpertRepository().active_candidates(platform_id, "employment")
    return next(c.open_assignments for c in candidates if c.expert_id == expert["id"])


def test_reassigning_to_an_invited_expert_keeps_that_invitation(bare_stack: Stack) -> None:
    # Given a question that invited the county's expert, and a neighbouring county's expert
    invited = register_expert(bare_stack, COUNTY, ["employment"])
    chosen = register_expert(bare_stack, NEIGHBOUR, ["employment"])
    asked = ask(as_user(bare_stack, "uow-youth", Role.YOUTH), COUNTY)
    assert asked.body["assignees"] == [invited["id"]]
    before = cases.read(asked.body["id"]).assignments
    # When the city's staff reassign it to both (the invited one among them)
    city = as_user(bare_stack, f"staff-{CITY}", Role.STAFF, CITY)
    moved = city.post(
        f"/questions/{asked.body['id']}/reassign", {"expert_ids": [invited["id"], chosen["id"]]}
    )
    # Then it succeeds, the first invitation is the same one, and each load counts once
    assert moved.status == 200, moved.body
    assert moved.body["assignees"] == [invited["id"], chosen["id"]]
    after = {a.expert_id: a for a in cases.read(asked.body["id"]).assignments}
    assert after[invited["id"]] == before[0]
    assert after[chosen["id"]].state is AssignmentState.INVITED
    assert (load_of(COUNTY, invited), load_of(NEIGHBOUR, chosen)) == (1, 1)


def test_a_missing_routing_entry_is_a_conflict_that_names_it_without_retrying(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an invited expert whose routing entry for the topic has gone
    expert = register_expert(bare_stack, COUNTY, ["employment"])
    asked = ask(as_user(bare_stack, "uow-youth-2", Role.YOUTH), COUNTY)
    RouteItem(keys.expert_pk(expert["id"]), keys.route_sk("employment")).delete()
    committed = counting_commits(monkeypatch)
    # When the expert declines (which releases their load on that entry)
    reply = expert_caller(bare_stack, expert).post(
        f"/assignments/{asked.body['id']}/decline", {"reason": "出差"}
    )
    # Then the answer is a 409 that says which entry, after a single attempt
    assert reply.status == 409, reply.body
    assert reply.body["error"]["detail"] == (
        f"expert {expert['id']} is not registered for topic employment"
    )
    assert len(committed) == 1
    assert cases.read(asked.body["id"]).assignments[0].is_open


def test_a_lost_race_is_read_again_and_retried(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a question, and a rival that changes it between our read and our commit, twice
    expert = register_expert(bare_stack, COUNTY, ["employment"])
    asked = ask(as_user(bare_stack, "uow-youth-3", Role.YOUTH), COUNTY)
    question_id = asked.body["id"]
    pauses: list[float] = []
    monkeypatch.setattr(retries, "pause", pauses.append)
    rivals = iter([True, True])
    real_view = CaseRepository.view

    def view_then_rival_flag(self: CaseRepository, wanted: str) -> Any:
        seen = real_view(self, wanted)
        if wanted == question_id and next(rivals, False):
            rival = as_user(bare_stack, f"rival-{len(pauses)}", Role.YOUTH)
            monkeypatch.setattr(CaseRepository, "view", real_view)
            assert rival.post(f"/questions/{question_id}/flags", {"reason": "spam"}).status == 201
            monkeypatch.setattr(CaseRepository, "view", view_then_rival_flag)
        return seen

    monkeypatch.setattr(CaseRepository, "view", view_then_rival_flag)
    committed = counting_commits(monkeypatch)
    # When the expert answers
    reply = expert_caller(bare_stack, expert).post(
        f"/questions/{question_id}/answers", {"body": "可以先去人社局咨询。"}
    )
    # Then the answer lands on the third attempt, after two growing, jittered pauses
    assert reply.status == 201, reply.body
    assert len([case for case in committed if case.new_answer is not None]) == 3
    assert len(pauses) == 2
    assert all(0 <= pause <= retries.FIRST_BACKOFF_SECONDS * 2**n for n, pause in enumerate(pauses))
    view = cases.read(question_id)
    assert (view.question.flag_count, len(view.answers)) == (2, 1)


def test_nothing_is_written_when_the_use_case_changes_nothing(
    bare_stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a question
    register_expert(bare_stack, COUNTY, ["employment"])
    asked = ask(as_user(bare_stack, "uow-youth-4", Role.YOUTH), COUNTY)
    committed = counting_commits(monkeypatch)
    # When a use case looks at the case and records no change
    seen = cases.change(
        asked.body["id"], lambda case: case.question.version, at=dt.datetime.now(dt.UTC)
    )
    # Then it returned its answer and nothing was committed
    assert seen == 1
    assert committed == []
