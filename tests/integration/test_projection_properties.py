"""Property: whatever people do, every projected counter and score equals a recount from Content.

Also after the same stream records arrive again (whole and in halves) and after a poison record
in the middle of a batch. Runs the real HTTP handlers and the real stream handler on moto.

Two recounts: the production one (the projector's own rules over Content: exactly-once delivery)
and one written here from the figures' definitions in the README (the counting rules themselves).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from tests.integration.api import Caller, as_user
from tests.integration.conftest import Stack, _started_stack
from tests.integration.test_projector import deliver, unread_records
from youthvoice.bootstrap import clock_set_to
from youthvoice.config import get_settings
from youthvoice.data import keys
from youthvoice.data.cases import CaseRepository
from youthvoice.data.models import ContentItem, RatingItem, ScoreItem
from youthvoice.data.platforms import PlatformRepository
from youthvoice.data.projections import CounterRepository
from youthvoice.domain.identity import Role
from youthvoice.domain.projection import Change, effects
from youthvoice.domain.projection_keys import CounterKey, ScoreKey
from youthvoice.domain.questions import Status, Visibility
from youthvoice.services.reconcile import recount

LINEAGES = {
    "sx-04-11": ("sx-04-11", "sx-04", "sx"),
    "sx-04-01": ("sx-04-01", "sx-04", "sx"),
    "sx-01-01": ("sx-01-01", "sx-01", "sx"),
}
PLATFORMS = tuple(LINEAGES)
TOPICS = ("employment", "health")
YOUTH = ("y1", "y2", "y3")
EXPERTS = (("e1", "sx-04"), ("e2", "sx-01"))
EXPERT_LINEAGES = {"sx-04": ("sx-04", "sx"), "sx-01": ("sx-01", "sx")}
RECOUNTED = ("sx", "sx-01", "sx-04", *PLATFORMS)
SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)  # a Tuesday, 09:00 in Shanghai
# An employment season on 长治市 (sx-04) from the second day to the sixth, in UTC
SEASON = ("employment", "sx-04", "2026-12-02", "2026-12-06")

ask = st.tuples(st.just("ask"), st.sampled_from(YOUTH), st.sampled_from(PLATFORMS),
                st.sampled_from(TOPICS))  # fmt: skip
answer = st.tuples(st.just("answer"), st.integers(0, 5), st.sampled_from(("e1", "e2", "y2")))
accept = st.tuples(st.just("accept"), st.integers(0, 5), st.integers(0, 3))
rate = st.tuples(st.just("rate"), st.integers(0, 5), st.integers(1, 5))
like = st.tuples(st.just("like"), st.integers(0, 8), st.sampled_from(YOUTH))
unlike = st.tuples(st.just("unlike"), st.integers(0, 8), st.sampled_from(YOUTH))
remove = st.tuples(st.just("remove"), st.integers(0, 5), st.just(""))
later = st.tuples(st.just("later"), st.integers(1, 4), st.just(""))  # days: past deadlines too
actions = st.lists(st.one_of(ask, answer, accept, rate, like, unlike, remove, later), max_size=25)


@dataclass(frozen=True)
class Asked:
    id: str
    asker: str
    due_at: str  # the first-response deadline given when it was asked


class World:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.moment = START
        self.questions: list[Asked] = []
        self.answers: list[str] = []
        self.answered_officially: set[str] = set()
        self.resolved_before_an_official_answer: set[str] = set()
        admin = as_user(stack, "admin", Role.ADMIN)
        topic, platform_id, starts, ends = SEASON
        with clock_set_to(self.clock):
            for user, platform in EXPERTS:
                registered = admin.post(
                    "/experts",
                    {"user_id": user, "name": "专家", "topics": list(TOPICS),
                     "platform_id": platform},
                )  # fmt: skip
                assert registered.status == 201, registered.body
            season = admin.post(
                "/seasons",
                {"name": "就业季", "topics": [topic], "platform_id": platform_id,
                 "starts_at": starts, "ends_at": ends},
            )  # fmt: skip
        assert season.status == 201, season.body
        self.season_id: str = season.body["id"]

    def clock(self) -> dt.datetime:
        return self.moment

    def caller(self, user: str) -> Caller:
        experts = dict(EXPERTS)
        if user in experts:
            return as_user(self.stack, user, Role.EXPERT, experts[user])
        return as_user(self.stack, user, Role.YOUTH)

    def question(self, index: int) -> Asked | None:
        return self.questions[index % len(self.questions)] if self.questions else None

    def run(self, action: tuple[Any, ...]) -> None:
        if action[0] == "later":
            self.moment += dt.timedelta(days=action[1])
            return
        with clock_set_to(self.clock):
            self._act(action)

    def _act(self, action: tuple[Any, ...]) -> None:
        kind, first, second = action[0], action[1], action[2]
        if kind == "ask":
            body = {
                "title": "随机问题标题",
                "body": "正文",
                "topic": action[3],
                "platform_id": second,
            }
            reply = self.caller(first).post("/questions", body)
            assert reply.status == 201, reply.body
            self.questions.append(Asked(reply.body["id"], first, reply.body["due_at"]))
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
        question_id, asker = target.id, target.asker
        path = f"/questions/{question_id}"
        if kind == "answer":
            reply = self.caller(second).post(f"{path}/answers", {"body": "回答"})
            if reply.status == 201:
                self.answers.append(reply.body["id"])
                if reply.body["official"]:
                    self.answered_officially.add(question_id)
        elif kind == "accept" and self.answers:
            chosen = self.answers[second % len(self.answers)]
            reply = self.caller(asker).post(f"{path}/accept", {"answer_id": chosen})
            if reply.status == 200 and question_id not in self.answered_officially:
                self.resolved_before_an_official_answer.add(question_id)
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
    for asked in world.questions:
        view = repository.view(asked.id)
        assert view is not None
        for found in view.answers:
            change = effects(Change("recount", "0", None, found, view.question.lineage), weights)
            counters.update(change.counters)
            scores.update(change.scores)
    return +counters, +scores


def shanghai_day(moment: str) -> str:
    return dt.datetime.fromisoformat(moment).astimezone(SHANGHAI).date().isoformat()


def expected_season(world: World, platform_id: str, topic: str, created_at: str) -> str | None:
    """Asked inside the season's window, on its topic, on its platform or below."""
    season_topic, season_platform, starts, ends = SEASON
    inside = f"{starts}T00:00:00Z" <= created_at < f"{ends}T00:00:00Z"
    covered = season_platform in LINEAGES[platform_id] and topic == season_topic
    return world.season_id if inside and covered else None


def scopes_of(platform_id: str, topic: str, day: str, season: str | None) -> list[tuple[str, str]]:
    """The platform and every ancestor, the topic, per day and month; the season's scopes when
    tagged."""
    lineage = LINEAGES[platform_id]
    scopes = [("platform", p) for p in lineage] + [("topic", topic)]
    scopes += [("platform-topic-day", f"{p}#{topic}#{day}") for p in lineage]
    scopes += [("platform-day", f"{p}#{day}") for p in lineage]
    scopes += [("platform-month", f"{p}#{day[:7]}") for p in lineage]
    if season is not None:
        scopes += [("season", season), ("season-day", f"{season}#{day}")]
        scopes += [("platform-season", f"{p}#{season}") for p in lineage]
    return scopes


def counted_by_definition(world: World) -> Counter[CounterKey]:
    """The published counters, from each question with its answers and ratings, by the README's
    definitions, and the experts this test registered. Not the projector's rules."""
    repository = CaseRepository(get_settings().due_shards)
    total: Counter[CounterKey] = Counter()
    for _, platform_id in EXPERTS:
        for platform in EXPERT_LINEAGES[platform_id]:
            total[CounterKey("platform", platform, "experts")] += 1
        for topic in TOPICS:
            total[CounterKey("topic", topic, "experts")] += 1
    for asked in world.questions:
        view = repository.view(asked.id)
        assert view is not None
        question = view.question
        season = expected_season(world, question.platform_id, question.topic, question.created_at)
        assert question.season_id == season, question
        if question.visibility is Visibility.REMOVED:
            continue
        shown = [a for a in view.answers if a.visibility is Visibility.VISIBLE]
        official = sorted((a for a in shown if a.official), key=lambda a: a.created_at)
        scores = [
            int(rating.score)
            for rating in RatingItem.query(
                keys.question_pk(asked.id), ContentItem.sk.startswith("RATING#")
            )
        ][-1:]
        first_in_time = bool(official) and official[0].created_at <= asked.due_at
        metrics = {
            "questions": 1,
            "answers": len(official),
            "peer_answers": len(shown) - len(official),
            "answered": int(bool(official)),
            "resolved": int(question.status is Status.RESOLVED),
            "on_time": int(
                first_in_time and asked.id not in world.resolved_before_an_official_answer
            ),
            "ratings": len(scores),
            "rating_sum": sum(scores),  # the latest rating only: rounds sort by their number
        }
        day = shanghai_day(question.created_at)
        for scope in scopes_of(question.platform_id, question.topic, day, season):
            for metric, value in metrics.items():
                total[CounterKey(*scope, metric)] += value
    return +total


def by_scope(counters: Counter[CounterKey]) -> dict[tuple[str, str], dict[str, int]]:
    found: dict[tuple[str, str], dict[str, int]] = {}
    for key, value in counters.items():
        found.setdefault((key.scope, key.scope_id), {})[key.metric] = value
    return found


def assert_counters_match_the_definitions(world: World) -> None:
    """The projected counters and the production recount (the platforms this test writes to,
    and above) both equal the count by definition."""
    expected = by_scope(counted_by_definition(world))
    platforms = [p for p in map(PlatformRepository().get, RECOUNTED) if p is not None]
    assert by_scope(recount(platforms)) == expected
    scopes = sorted(set(expected) | {("platform", p) for p in RECOUNTED})
    projected = CounterRepository().counts(scopes)
    for scope in scopes:
        assert {m: v for m, v in projected[scope].items() if v} == expected.get(scope, {}), scope


def assert_projections_exact(world: World) -> None:
    assert_counters_match_the_definitions(world)
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


# Every rule at least once, whatever the random examples reach: in and out of the season, an
# answer past the deadline, a peer answer accepted before any official one, a reopening low
# rating, a like, a removed question.
EVERY_RULE = [
    ("ask", "y1", "sx-04-11", "employment"),
    ("answer", 0, "e1"),
    ("rate", 0, 5),
    ("later", 1, ""),
    ("ask", "y2", "sx-04-01", "employment"),
    ("ask", "y3", "sx-01-01", "employment"),
    ("answer", 2, "y2"),
    ("accept", 2, 1),
    ("answer", 2, "e1"),
    ("later", 4, ""),
    ("answer", 1, "e2"),
    ("rate", 1, 1),
    ("answer", 1, "e1"),
    ("like", 0, "y2"),
    ("ask", "y1", "sx-04-11", "health"),
    ("remove", 3, ""),
]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions)
@example(EVERY_RULE)
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
