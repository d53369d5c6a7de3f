"""Property: whatever people do, every projected counter and score equals a recount from Content.

Also after the same stream records arrive again (whole and in halves) and after a poison record
in the middle of a batch. Runs the real HTTP handlers and the real stream handler on moto.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack, _started_stack
from tests.integration.test_projector import deliver, unread_records
from youthvoice.config import get_settings
from youthvoice.data.cases import CaseRepository
from youthvoice.data.models import ScoreItem
from youthvoice.data.platforms import PlatformRepository
from youthvoice.data.projections import CounterRepository
from youthvoice.domain.identity import Role
from youthvoice.domain.projection import Change, effects
from youthvoice.domain.projection_keys import CounterKey, ScoreKey
from youthvoice.services.reconcile import recount

PLATFORMS = ("sx-04-11", "sx-04-01", "sx-01-01")
TOPICS = ("employment", "health")
YOUTH = ("y1", "y2", "y3")
EXPERTS = (("e1", "sx-04"), ("e2", "sx-01"))
RECOUNTED = ("sx", "sx-01", "sx-04", *PLATFORMS)

ask = st.tuples(st.just("ask"), st.sampled_from(YOUTH), st.sampled_from(PLATFORMS),
                st.sampled_from(TOPICS))  # fmt: skip
answer = st.tuples(st.just("answer"), st.integers(0, 5), st.sampled_from(("e1", "e2", "y2")))
accept = st.tuples(st.just("accept"), st.integers(0, 5), st.integers(0, 3))
rate = st.tuples(st.just("rate"), st.integers(0, 5), st.integers(1, 5))
like = st.tuples(st.just("like"), st.integers(0, 8), st.sampled_from(YOUTH))
unlike = st.tuples(st.just("unlike"), st.integers(0, 8), st.sampled_from(YOUTH))
remove = st.tuples(st.just("remove"), st.integers(0, 5), st.just(""))
actions = st.lists(st.one_of(ask, answer, accept, rate, like, unlike, remove), max_size=25)


class World:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.questions: list[tuple[str, str]] = []  # (id, asker)
        self.answers: list[str] = []
        admin = as_user(stack, "admin", Role.ADMIN)
        for user, platform in EXPERTS:
            admin.post(
                "/experts",
                {"user_id": user, "name": "专家", "topics": list(TOPICS), "platform_id": platform},
            )

    def caller(self, user: str) -> Caller:
        experts = dict(EXPERTS)
        if user in experts:
            return as_user(self.stack, user, Role.EXPERT, experts[user])
        return as_user(self.stack, user, Role.YOUTH)

    def question(self, index: int) -> tuple[str, str] | None:
        return self.questions[index % len(self.questions)] if self.questions else None

    def run(self, action: tuple[Any, ...]) -> None:
        kind, first, second = action[0], action[1], action[2]
        if kind == "ask":
            body = {
                "title": "随机问题标题",
                "body": "正文",
                "topic": action[3],
                "platform_id": second,
            }
            reply = self.caller(first).post("/questions", body)
            self.questions.append((reply.body["id"], first))
            return
        if kind in ("like", "unlike"):
            if self.answers:
                path = f"/answers/{self.answers[first % len(self.answers)]}/likes"
                caller = self.caller(second)
                caller.post(path) if kind == "like" else caller.delete(path)
            return
        target = self.question(first)
        if target is None:
            return
        question_id, asker = target
        path = f"/questions/{question_id}"
        if kind == "answer":
            reply = self.caller(second).post(f"{path}/answers", {"body": "回答"})
            if reply.status == 201:
                self.answers.append(reply.body["id"])
        elif kind == "accept" and self.answers:
            chosen = self.answers[second % len(self.answers)]
            self.caller(asker).post(f"{path}/accept", {"answer_id": chosen})
        elif kind == "rate":
            self.caller(asker).post(f"{path}/rating", {"score": second})
        elif kind == "remove":
            staff = as_user(self.stack, "staff", Role.STAFF, "sx")
            staff.post(f"/moderation/{question_id}", {"action": "remove"})


def expected_expert_figures(world: World) -> tuple[Counter[CounterKey], Counter[ScoreKey]]:
    """Recount from Content: every answer of every question, by Query on its partition."""
    repository = CaseRepository(get_settings().due_shards)
    weights = get_settings().points
    counters: Counter[CounterKey] = Counter()
    scores: Counter[ScoreKey] = Counter()
    for question_id, _ in world.questions:
        view = repository.view(question_id)
        assert view is not None
        for found in view.answers:
            change = effects(Change("recount", "0", None, found, view.question.lineage), weights)
            counters.update(change.counters)
            scores.update(change.scores)
    return +counters, +scores


def assert_counters_equal_a_recount() -> None:
    """The production recount, limited to the platforms this test writes to (and above)."""
    platforms = [p for p in map(PlatformRepository().get, RECOUNTED) if p is not None]
    expected = recount(platforms)
    scopes = sorted(
        {(k.scope, k.scope_id) for k in expected} | {("platform", p) for p in RECOUNTED}
    )
    projected = CounterRepository().counts(scopes)
    for scope in scopes:
        want = {k.metric: v for k, v in expected.items() if (k.scope, k.scope_id) == scope}
        assert {m: v for m, v in projected[scope].items() if v} == want, scope


def assert_projections_exact(world: World) -> None:
    assert_counters_equal_a_recount()
    counters, scores = expected_expert_figures(world)
    scopes = sorted({("expert", user) for user, _ in EXPERTS})
    projected = CounterRepository().counts(scopes)
    for scope in scopes:
        want = {k.metric: v for k, v in counters.items() if (k.scope, k.scope_id) == scope}
        assert {m: v for m, v in projected[scope].items() if v} == want, scope
    stored = Counter(
        {
            ScoreKey(item.pk.removeprefix("LB#"), item.sk): int(item.score or 0)
            for board in {key.board for key in scores}
            for item in ScoreItem.query(f"LB#{board}")
        }
    )
    assert +stored == scores


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions)
def test_projections_equal_a_recount_whatever_happens(steps: list[tuple[Any, ...]]) -> None:
    with mock_aws():
        stack = _started_stack(0)
        world = World(stack)
        for step in steps:
            world.run(step)
        stack.pump.drain()
        assert_projections_exact(world)
        # The same records again, whole and in halves (as bisection redelivers them)
        records = unread_records(stack.dynamodb)
        deliver(records)
        deliver(records[: len(records) // 2])
        deliver(records[len(records) // 2 :])
        # A poison record in the middle of a batch is reported alone; the rest still apply once
        tail = records[-6:]
        poison = {
            **tail[0],
            "dynamodb": {**tail[0]["dynamodb"], "NewImage": {"entity": {"N": "1"}}},
        }
        result = deliver([*tail[:3], poison, *tail[3:]])
        assert result["batchItemFailures"] == [
            {"itemIdentifier": poison["dynamodb"]["SequenceNumber"]}
        ]
        assert_projections_exact(world)
