"""`youthvoice simulate`: a provincial year, driven over HTTP as the front ends drive it.

It starts `youthvoice serve --clock simulated` (or uses `--url`), registers experts, and over the
simulated days asks, answers, accepts, rates, likes, flags, reads, closes, extends and
reassigns; two alliances announce activities in the seasons, which take signups (some waitlisted,
some withdrawn so the head of the line is promoted), check people in and are closed out. Each
action waits for the end of its STEP of simulated time; the clock jumps from one step holding
actions to the next (each move runs the sweep and the season lifecycle) and the step's actions
run at once on WORKERS threads, their follow-ups (reads, flags, likes, accepts, ratings) in a
next round of the same step, so the stack's throughput, not one round trip per simulated hour,
sets the pace. What it drove is tallied from its own requests' answers; at the end every
published figure is read back and set beside that tally.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import requests

from youthvoice.domain.errors import DomainError
from youthvoice.domain.worktime import SHANGHAI

# The reference province's year (the issue's headline), scaled by --scale.
YEAR = {"questions": 120_523, "answered": 90_957, "experts": 14_052, "visits": 58_120_000}
ANSWER_SHARE = YEAR["answered"] / YEAR["questions"]
# Shanxi's cities by 2016 population (10,000s): questions and experts follow people.
POPULATION = {
    "sx-01": 434, "sx-02": 340, "sx-03": 140, "sx-04": 345, "sx-05": 232, "sx-06": 176,
    "sx-07": 330, "sx-08": 530, "sx-09": 317, "sx-10": 446, "sx-11": 386,
}  # fmt: skip
TOPIC_MIX = {
    "employment": 20, "study": 18, "mental-health": 12, "rights": 10, "health": 8,
    "love-marriage": 8, "daily-life": 8, "culture": 5, "charity": 4,
}  # fmt: skip
WEEKDAY_MIX = (1.0, 1.0, 1.0, 1.0, 0.9, 0.6, 0.5)
# Hours of the day people ask in (Shanghai), by weight.
HOUR_MIX = {h: (3 if 19 <= h <= 22 else 2 if 9 <= h <= 18 else 1) for h in range(7, 24)}
SEASONS = (
    ("毕业季就业问题季", ("employment", "study"), 5, 15, 6, 30),
    ("开学季心理健康问题季", ("mental-health",), 9, 1, 9, 30),
)
VISITS_PER_QUESTION = 2
WORKERS = 8
# Actions are batched by this much simulated time: the clock moves (and the sweep runs) at most
# once a STEP, an action runs at most a STEP after its planned time (never before).
STEP = dt.timedelta(hours=12)
ROOT = "sx"
DEFAULT_FROM = "2016-01-01"
# Staff hand some questions still unanswered this long after they were asked to another expert.
REASSIGN_AFTER = dt.timedelta(hours=48)
# Activities a year at scale 1, at least one a season; each season's alliance hosts them:
# (alliance, its platform, its member organisation, the activities' title). The first season's
# is the province's, the second's the most populous city's.
ACTIVITIES = 20
ALLIANCES = (
    ("青年就业创业服务联盟", ROOT, "省人才交流中心", "就业创业讲座"),
    ("青少年心理健康服务联盟", max(POPULATION, key=POPULATION.__getitem__), "市心理咨询中心",
     "心理健康沙龙"),
)  # fmt: skip
# An activity: signups open when it is announced and close CLOSING later; it starts HELD_AFTER
# the announcement and lasts LASTING.
CLOSING, HELD_AFTER, LASTING = dt.timedelta(days=5), dt.timedelta(days=6), dt.timedelta(hours=3)


class Serving(NamedTuple):
    """An expert as the simulator registered it: its user, home platform and expert id."""

    user: str
    home: str
    expert_id: str


@dataclass
class Asked:
    """One question as the simulator drove it, from its requests' answers."""

    id: str
    asker: str
    lineage: tuple[str, ...]
    topic: str
    due_at: str
    status: str = "open"
    official: int = 0
    peer: int = 0
    on_time: bool = False
    rating: int | None = None
    answers: list[tuple[str, str]] = field(default_factory=list)  # (answer id, expert user)
    assignee: Serving | None = None  # the expert staff reassigned it to


@dataclass(frozen=True)
class Plan:
    """One question's life: when it is asked and what happens to it, decided up front."""

    at: dt.datetime
    platform: tuple[str, ...]
    topic: str
    asker: str
    answer_after: dt.timedelta | None
    peer: bool
    accept: bool
    rating: int | None
    like: bool
    flag: bool
    close: bool
    extend: bool
    reassign: bool


class Driver:
    """HTTP with local tokens, counting requests; every refusal is a failure of the simulation."""

    def __init__(self, url: str, local_dir: Path) -> None:
        os.environ["YOUTHVOICE_LOCAL_DIR"] = str(local_dir)
        os.environ.setdefault("STAGE", "local")
        self.url = url.rstrip("/")
        self.requests = 0
        self._count = threading.Lock()
        self._tokens: dict[tuple[str, str, str | None], str] = {}
        self._local = threading.local()

    def token(self, sub: str, role: str, platform: str | None = None) -> str:
        from youthvoice.config import get_settings
        from youthvoice.domain.identity import Principal
        from youthvoice.services.identity import issue_local_token

        key = (sub, role, platform)
        if key not in self._tokens:
            principal = Principal.from_claims({"sub": sub, "role": role, "platform": platform})
            self._tokens[key] = issue_local_token(principal, 7 * 86400, get_settings())
        return self._tokens[key]

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        as_: tuple[str, str, str | None] | None = None,
        expect: int = 200,
    ) -> Any:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token(*as_)}"} if as_ else {}
        reply = session.request(method, self.url + path, json=body, headers=headers, timeout=120)
        with self._count:
            self.requests += 1
        if reply.status_code != expect:
            raise DomainError(f"{method} {path}: {reply.status_code} {reply.text[:300]}")
        return reply.json() if reply.content else None


ADMIN = ("sim-admin", "admin", None)
STAFF = ("sim-staff", "staff", ROOT)


def _weighted(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def counties(driver: Driver) -> dict[str, list[str]]:
    """Each city's counties, from the platform tree the stack serves."""
    found = {}
    for city in POPULATION:
        children = driver.call("GET", f"/platforms/{city}")["children"]
        found[city] = [child["id"] for child in children]
    return found


def plans(
    rng: random.Random, scale: float, start: dt.date, days: int, tree: dict[str, list[str]]
) -> list[Plan]:
    """Questions over the days by weekday and hour, over counties by people, over topics by mix."""
    count = round(YEAR["questions"] * scale)
    dates = [start + dt.timedelta(days=n) for n in range(days)]
    day_weights = [WEEKDAY_MIX[d.weekday()] for d in dates]
    planned = []
    for number in range(count):
        day = rng.choices(dates, weights=day_weights)[0]
        hour = _weighted(rng, HOUR_MIX)
        at = dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
        city = _weighted(rng, POPULATION)
        county = rng.choice(tree[city])
        answered = rng.random() < ANSWER_SHARE
        # Most answers come within hours; one in six is late enough to be reminded and climb.
        late = rng.random() < 1 / 6
        delay = dt.timedelta(hours=rng.uniform(40, 200) if late else rng.expovariate(1 / 5) + 1)
        planned.append(
            Plan(
                at=at,
                platform=(ROOT, city, county),
                topic=_weighted(rng, TOPIC_MIX),
                asker=f"sim-youth-{number // 3:06d}",
                answer_after=delay if answered else None,
                peer=rng.random() < 0.2,
                accept=answered and rng.random() < 0.4,
                rating=rng.choice([5, 5, 5, 4, 4, 3, 2, 1]) if rng.random() < 0.3 else None,
                like=rng.random() < 0.3,
                flag=rng.random() < 0.01,
                close=not answered and rng.random() < 0.1,
                extend=answered and late and rng.random() < 0.2,
                # Strictly a step before the answer, so the answer goes to the chosen expert.
                reassign=answered and delay > REASSIGN_AFTER + STEP and rng.random() < 0.3,
            )
        )
    return sorted(planned, key=lambda p: p.at)


@dataclass(frozen=True)
class Held:
    """An activity as closed out: where it counts, the people checked in, its confirmed signups."""

    lineage: tuple[str, ...]
    participants: int
    signups: int


@dataclass
class Tally:
    """What the simulator drove, per platform of each question's (or activity's) lineage."""

    asked: list[Asked] = field(default_factory=list)
    experts: Counter[str] = field(default_factory=Counter)
    visits: Counter[str] = field(default_factory=Counter)
    held: list[Held] = field(default_factory=list)
    reassigned: int = 0
    answered_offline: int = 0  # source questions of activities closed out
    lock: threading.Lock = field(default_factory=threading.Lock)

    def figures(self, platform: str) -> dict[str, float | int | None]:
        mine = [q for q in self.asked if platform in q.lineage]
        questions = len(mine)
        answered = sum(q.official > 0 for q in mine)
        on_time = sum(q.on_time for q in mine)
        resolved = sum(q.status == "resolved" for q in mine)
        rated = [q.rating for q in mine if q.rating is not None]
        held = [a for a in self.held if platform in a.lineage]

        def rate(part: int) -> float | None:
            return round(part / questions, 4) if questions else None

        return {
            "questions": questions,
            "answers": sum(q.official for q in mine),
            "peer_answers": sum(q.peer for q in mine),
            "answered": answered,
            "resolved": resolved,
            "on_time": on_time,
            "ratings": len(rated),
            "experts": self.experts[platform],
            "visits": self.visits[platform],
            "answer_rate": rate(answered),
            "on_time_rate": rate(on_time),
            "resolution_rate": rate(resolved),
            "satisfaction": round(sum(rated) / len(rated), 2) if rated else None,
            "activities": len(held),
            "participants": sum(a.participants for a in held),
            "signups": sum(a.signups for a in held),
        }


def register_experts(
    driver: Driver, rng: random.Random, scale: float, tree: dict[str, list[str]], tally: Tally
) -> dict[tuple[str, str], list[Serving]]:
    """Experts over counties by people, one to three topics each; a province expert per topic,
    so every question has someone who may answer it. Returns experts by (platform, topic)."""
    serving: dict[tuple[str, str], list[Serving]] = defaultdict(list)
    homes: list[tuple[str, tuple[str, ...], list[str]]] = [
        (ROOT, (ROOT,), [topic]) for topic in TOPIC_MIX
    ]
    for _ in range(max(0, round(YEAR["experts"] * scale) - len(homes))):
        city = _weighted(rng, POPULATION)
        county = rng.choice(tree[city])
        homes.append((county, (ROOT, city, county), rng.sample(list(TOPIC_MIX), rng.randint(1, 3))))

    def register(number: int) -> None:
        platform, lineage, topics = homes[number]
        user = f"sim-expert-{number:05d}"
        body = {"user_id": user, "name": f"专家{number}", "topics": topics, "platform_id": platform}
        made = driver.call("POST", "/experts", body, ADMIN, expect=201)
        with tally.lock:
            for level in lineage:
                tally.experts[level] += 1
            for topic in topics:
                serving[(platform, topic)].append(Serving(user, platform, made["id"]))

    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(register, range(len(homes))))
    return serving


@dataclass(frozen=True)
class Host:
    """An alliance hosting a season's activities, the member who runs them, and the season."""

    alliance_id: str
    lineage: tuple[str, ...]
    topics: tuple[str, ...]
    title: str
    mentor: tuple[str, str, str | None]
    season_id: str
    season: tuple[dt.datetime, dt.datetime]


def open_seasons(driver: Driver, year: int) -> list[Host]:
    """Two province seasons with a duty roster each (the lifecycle job opens and closes them),
    and for each an alliance, founded by staff, whose member will host the season's activities."""
    hosts = []
    for number, ((name, topics, m1, d1, m2, d2), (alliance, platform, org, title)) in enumerate(
        zip(SEASONS, ALLIANCES, strict=True)
    ):
        starts = dt.datetime(year, m1, d1, tzinfo=SHANGHAI)
        ends = dt.datetime(year, m2, d2, tzinfo=SHANGHAI)
        body = {"name": name, "topics": list(topics), "platform_id": ROOT,
                "starts_at": starts.isoformat(), "ends_at": ends.isoformat()}  # fmt: skip
        season = driver.call("POST", "/seasons", body, STAFF, expect=201)
        roster = {"slots": [{"department": "省团委权益部", "staff_ids": ["sim-staff"],
                             "from": starts.isoformat(), "to": ends.isoformat()}]}  # fmt: skip
        driver.call("PUT", f"/seasons/{season['id']}/roster", roster, STAFF)
        mentor = f"sim-mentor-{number}"
        charter = {"name": alliance, "platform_id": platform, "topics": list(topics),
                   "members": [{"org": org, "contact": "0351-1234567"}],
                   "member_user_ids": [mentor]}  # fmt: skip
        founded = driver.call("POST", "/alliances", charter, STAFF, expect=201)
        lineage = (ROOT,) if platform == ROOT else (ROOT, platform)
        hosts.append(Host(founded["id"], lineage, topics, title, (mentor, "youth", None),
                          season["id"], (starts, ends)))  # fmt: skip
    return hosts


def activity_days(
    rng: random.Random, scale: float, hosts: list[Host]
) -> list[tuple[dt.datetime, Host]]:
    """When each activity is announced (10:00, so at the noon step), its seasons in turn: a week
    into the season at the earliest, held before the season ends."""
    announced = []
    for number in range(max(len(hosts), round(ACTIVITIES * scale))):
        host = hosts[number % len(hosts)]
        first, last = host.season
        latest = (last - first - HELD_AFTER).days - 1
        day = first + dt.timedelta(days=rng.randint(7, latest), hours=10)
        announced.append((day, host))
    return announced


@dataclass
class Hosting:
    """One activity as the simulator drove it: its confirmed signups' codes, in signup order, and
    who waits, in line."""

    id: str
    host: Host
    sources: int
    crowd: list[str]
    codes: dict[str, str] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)
    checked_in: int = 0


class Simulation:
    def __init__(
        self, driver: Driver, rng: random.Random, tally: Tally, start: dt.datetime
    ) -> None:
        self.driver = driver
        self.start = start
        self.rng = rng
        self.tally = tally
        self.serving: dict[tuple[str, str], list[Serving]] = {}
        self.clock = start
        self._pending: dict[dt.datetime, list[Callable[[], None]]] = defaultdict(list)
        self._lock = threading.Lock()

    def answerer(self, plan: Plan) -> Serving:
        """An expert who serves the topic, nearest first, as routing would look."""
        for level in reversed(plan.platform):
            found = self.serving.get((level, plan.topic))
            if found:
                return self.rng.choice(found)
        raise DomainError(f"no expert serves {plan.topic}")

    def later(self, at: dt.datetime, step: Callable[[], None]) -> None:
        """Run `step` at the end of the STEP holding `at`; steps count from the first midnight."""
        steps = -((self.start - at) // STEP)
        with self._lock:
            self._pending[self.start + steps * STEP].append(step)

    def soon(self, action: Callable[[], None]) -> None:
        """Run `action` in this step's next round, beside the other actions' follow-ups rather
        than after them on one thread: a step lasts as long as its longest chain of requests."""
        self.later(self.clock, action)

    def next_step(self) -> dt.datetime | None:
        with self._lock:
            return min(self._pending, default=None)

    def due(self) -> list[Callable[[], None]]:
        """The actions of the step the clock reads, taken off the schedule."""
        with self._lock:
            return self._pending.pop(self.clock, [])

    def ask(self, plan: Plan) -> None:
        youth = (plan.asker, "youth", None)
        body = {"title": f"关于{plan.topic}的问题", "body": "想请老师给些建议，谢谢。",
                "topic": plan.topic, "platform_id": plan.platform[-1]}  # fmt: skip
        made = self.driver.call("POST", "/questions", body, youth, expect=201)
        asked = Asked(made["id"], plan.asker, plan.platform, plan.topic, made["due_at"])
        with self.tally.lock:
            self.tally.asked.append(asked)
        for reader in range(VISITS_PER_QUESTION):
            self.soon(functools.partial(self.visit, plan, asked, f"sim-reader-{reader}"))
        if plan.flag:
            self.soon(lambda: self.flag(asked))
        if plan.peer:
            self.later(plan.at + dt.timedelta(hours=2), lambda: self.peer_answer(asked))
        if plan.answer_after is not None:
            self.later(plan.at + plan.answer_after, lambda: self.answer(plan, asked))
            if plan.extend:
                self.later(plan.at + dt.timedelta(hours=30), lambda: self.extend(asked))
            if plan.reassign:
                self.later(plan.at + REASSIGN_AFTER, lambda: self.reassign(plan, asked))
        elif plan.close:
            self.later(plan.at + dt.timedelta(days=3), lambda: self.close(asked))

    def visit(self, plan: Plan, asked: Asked, reader: str) -> None:
        self.driver.call("GET", f"/questions/{asked.id}", as_=(reader, "youth", None))
        with self.tally.lock:
            for level in plan.platform:
                self.tally.visits[level] += 1

    def flag(self, asked: Asked) -> None:
        self.driver.call("POST", f"/questions/{asked.id}/flags", {"reason": "spam"},
                         ("sim-flagger", "youth", None), expect=201)  # fmt: skip

    def peer_answer(self, asked: Asked) -> None:
        peer = (f"sim-peer-{self.rng.randrange(5000)}", "youth", None)
        body = {"body": "我也遇到过，可以试试。"}
        self.driver.call("POST", f"/questions/{asked.id}/answers", body, peer, expect=201)
        asked.peer += 1

    def answer(self, plan: Plan, asked: Asked) -> None:
        expert = asked.assignee or self.answerer(plan)
        given = self.driver.call("POST", f"/questions/{asked.id}/answers",
                                 {"body": "建议先了解相关政策，再联系当地团委。"},
                                 (expert.user, "expert", expert.home), expect=201)  # fmt: skip
        first = asked.official == 0
        asked.official += 1
        asked.answers.append((given["id"], expert.user))
        if first and asked.status in ("open", "reopened") and given["created_at"] <= asked.due_at:
            asked.on_time = True
        asked.status = "answered"
        if plan.like:
            self.soon(lambda: self.like(given["id"]))
        if plan.accept or plan.rating is not None:
            self.soon(lambda: self.judge(plan, asked, given["id"]))

    def like(self, answer_id: str) -> None:
        liker = (f"sim-liker-{self.rng.randrange(500)}", "youth", None)
        self.driver.call("POST", f"/answers/{answer_id}/likes", None, liker, expect=201)

    def judge(self, plan: Plan, asked: Asked, answer_id: str) -> None:
        """The asker accepts the answer, rates it, or both, in that order."""
        youth = (plan.asker, "youth", None)
        if plan.accept:
            accepted = self.driver.call("POST", f"/questions/{asked.id}/accept",
                                        {"answer_id": answer_id}, youth)  # fmt: skip
            asked.status = accepted["status"]
        if plan.rating is not None:
            rated = self.driver.call("POST", f"/questions/{asked.id}/rating",
                                     {"score": plan.rating}, youth)  # fmt: skip
            asked.status, asked.due_at, asked.rating = rated["status"], rated["due_at"], plan.rating

    def extend(self, asked: Asked) -> None:
        """Staff extend a deadline still ahead."""
        if asked.official or dt.datetime.fromisoformat(asked.due_at) <= self.clock:
            return
        until = dt.datetime.fromisoformat(asked.due_at) + dt.timedelta(days=2)
        body = {"until": until.isoformat(), "reason": "需要协调相关部门"}
        extended = self.driver.call("POST", f"/questions/{asked.id}/extend", body, STAFF)
        asked.due_at = extended["due_at"]

    def reassign(self, plan: Plan, asked: Asked) -> None:
        """Staff hand a question still unanswered to an expert they choose, who answers it."""
        chosen = self.answerer(plan)
        body = {"expert_ids": [chosen.expert_id]}
        self.driver.call("POST", f"/questions/{asked.id}/reassign", body, STAFF)
        asked.assignee = chosen
        with self.tally.lock:
            self.tally.reassigned += 1

    def close(self, asked: Asked) -> None:
        closed = self.driver.call("POST", f"/questions/{asked.id}/close",
                                  {"reason": "out_of_scope"}, STAFF)  # fmt: skip
        asked.status = closed["status"]

    def announce(self, host: Host, number: int) -> None:
        """The alliance's member announces an activity answering up to three of its topics'
        questions asked so far on its platforms, for a few places; its crowd is their askers
        and other young people, two more than the places, so two wait in line."""
        with self.tally.lock:
            fitting = sorted(
                (q for q in self.tally.asked
                 if q.topic in host.topics and host.lineage[-1] in q.lineage),
                key=lambda q: q.id,
            )  # fmt: skip
            askers = sorted({q.asker for q in self.tally.asked})
        sources = self.rng.sample(fitting, min(3, len(fitting)))
        capacity = self.rng.randint(3, 6)
        others = self.rng.sample(askers, min(len(askers), capacity + 2))
        crowd = list(dict.fromkeys([*(q.asker for q in sources), *others]))[: capacity + 2]
        opens = self.clock
        starts = opens + HELD_AFTER
        body = {"alliance_id": host.alliance_id, "title": f"{host.title}（第{number}期）",
                "location": "青年之家", "starts_at": starts.isoformat(),
                "ends_at": (starts + LASTING).isoformat(), "signup_opens_at": opens.isoformat(),
                "signup_closes_at": (opens + CLOSING).isoformat(), "capacity": capacity,
                "unit": "person", "season_id": host.season_id,
                "source_question_ids": [q.id for q in sources]}  # fmt: skip
        made = self.driver.call("POST", "/activities", body, host.mentor, expect=201)
        hosting = Hosting(made["id"], host, len(sources), crowd)
        self.later(opens + dt.timedelta(days=1), lambda: self.sign_up(hosting))
        self.later(opens + dt.timedelta(days=2), lambda: self.withdraw(hosting))
        self.later(starts, lambda: self.check_in(hosting))
        self.later(starts + LASTING, lambda: self.close_out(hosting))

    def sign_up(self, hosting: Hosting) -> None:
        """The crowd signs up one by one: confirmed with a code while places last, then in line."""
        for user in hosting.crowd:
            signed = self.driver.call("POST", f"/activities/{hosting.id}/signups", {},
                                      (user, "youth", None), expect=201)  # fmt: skip
            if signed["state"] == "confirmed":
                hosting.codes[user] = signed["code"]
            else:
                hosting.waiting.append(user)

    def withdraw(self, hosting: Hosting) -> None:
        """The last confirmed withdraws; the head of the line is promoted and finds the code
        among their own signups."""
        if not hosting.waiting:
            return
        leaving = list(hosting.codes)[-1]
        self.driver.call("DELETE", f"/activities/{hosting.id}/signups/me",
                         as_=(leaving, "youth", None), expect=204)  # fmt: skip
        del hosting.codes[leaving]
        head = hosting.waiting.pop(0)
        mine = self.driver.call("GET", "/me/signups", as_=(head, "youth", None))["items"]
        promoted = next(s for s in mine if s["activity_id"] == hosting.id)
        if promoted["state"] != "confirmed":
            raise DomainError(f"{head} was not promoted when {leaving} withdrew: {promoted}")
        hosting.codes[head] = promoted["code"]

    def check_in(self, hosting: Hosting) -> None:
        """The member checks in everyone confirmed but one, who does not come."""
        for code in list(hosting.codes.values())[:-1]:
            self.driver.call("POST", f"/activities/{hosting.id}/checkins", {"code": code},
                             hosting.host.mentor)  # fmt: skip
            hosting.checked_in += 1

    def close_out(self, hosting: Hosting) -> None:
        """After it ends: closed with a summary; its source questions' askers are told."""
        summary = {"summary": "讲解了相关政策，现场答疑。"}
        self.driver.call("POST", f"/activities/{hosting.id}/close", summary, hosting.host.mentor)
        held = Held(hosting.host.lineage, hosting.checked_in, len(hosting.codes))
        with self.tally.lock:
            self.tally.held.append(held)
            self.tally.answered_offline += hosting.sources


def drive(
    driver: Driver, args: argparse.Namespace, progress: Callable[[dt.datetime, int], None]
) -> Tally:
    rng = random.Random(args.seed)
    tally = Tally()
    tree = counties(driver)
    start = dt.date.fromisoformat(args.start)
    midnight = dt.datetime(start.year, start.month, start.day, tzinfo=SHANGHAI)
    simulation = Simulation(driver, rng, tally, midnight)
    simulation.serving = register_experts(driver, rng, args.scale, tree, tally)
    hosts = open_seasons(driver, start.year)
    for plan in plans(rng, args.scale, start, args.days, tree):
        simulation.later(plan.at, functools.partial(simulation.ask, plan))
    end = midnight + dt.timedelta(days=args.days)
    announced = [(d, h) for d, h in activity_days(rng, args.scale, hosts) if midnight <= d < end]
    for number, (day, host) in enumerate(announced, 1):
        simulation.later(day, functools.partial(simulation.announce, host, number))
    with ThreadPoolExecutor(WORKERS) as pool:
        while (step := simulation.next_step()) is not None:
            driver.call("POST", "/admin/clock", {"now": step.isoformat()}, ADMIN)
            simulation.clock = step
            progress(step, len(tally.asked))
            # An action may plan another within the same step: run until the step is empty.
            while actions := simulation.due():
                for future in [pool.submit(action) for action in actions]:
                    future.result()
    return tally


RATES = ("answer_rate", "on_time_rate", "resolution_rate", "satisfaction")
COMPARED = ("questions", "answers", "peer_answers", "answered", "resolved", "on_time",
            "ratings", "experts", "visits", "answer_rate", "on_time_rate", "resolution_rate",
            "satisfaction", "activities", "participants", "signups")  # fmt: skip


def published(driver: Driver, platform: str) -> dict[str, Any]:
    figures: dict[str, Any] = driver.call("GET", f"/platforms/{platform}/stats")
    return figures


SETTLED = ("questions", "answers", "ratings", "visits", "activities", "participants")


def settled(driver: Driver, tally: Tally, timeout: float = 600) -> None:
    """The projector runs behind the writes: wait (bounded) until the province shows them all."""
    wanted = tally.figures(ROOT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = published(driver, ROOT)
        if all(shown[k] == wanted[k] for k in SETTLED):
            return
        time.sleep(1)


def agrees(name: str, shown: Any, drove: Any) -> bool:
    """Counts equal exactly; rates within 0.1 % (and the rounding of a published rate)."""
    if shown is None or drove is None or name not in RATES:
        return bool(shown == drove)
    return bool(abs(shown - drove) <= 0.001 * abs(drove) + 0.00005)


def compare(driver: Driver, tally: Tally) -> list[tuple[str, str, Any, Any, bool]]:
    rows = []
    for platform in (ROOT, *POPULATION):
        shown = published(driver, platform)
        drove = tally.figures(platform)
        for name in COMPARED:
            ok = agrees(name, shown[name], drove[name])
            rows.append((platform, name, shown[name], drove[name], ok))
    return rows


@contextmanager
def local_stack(
    start: dt.datetime, workdir: Path
) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    """`youthvoice serve --clock simulated` on free ports, fresh, with no demo experts."""
    import socket

    def free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
            return port

    local_dir = workdir / "local"
    port, moto_port = free_port(), free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "YOUTHVOICE_"))}
    # One shard of the `due` index: sharding spreads writes over DynamoDB partitions, which one
    # local process does not have, and each clock move's sweep Queries every shard.
    environment.update({"PORT": str(port), "MOTO_PORT": str(moto_port), "PYTHONUNBUFFERED": "1",
                        "POWERTOOLS_LOG_LEVEL": "WARNING", "DUE_SHARDS": "1"})  # fmt: skip
    log = (workdir / "stack.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "youthvoice_local.cli", "serve", "--local-dir", str(local_dir),
         "--clock", "simulated", "--clock-start", start.isoformat(), "--demo-experts", "0",
         "--snapshot-seconds", "86400"],
        stdout=subprocess.PIPE, stderr=log, text=True, env=environment,
    )  # fmt: skip
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        if line.startswith("Youth Voice ready at "):
            url = line.split(" at ", 1)[1].strip()
            break
    if not url:
        process.kill()
        raise DomainError(f"the stack did not start: see {workdir / 'stack.log'}")
    threading.Thread(target=lambda: [None for _ in process.stdout or []], daemon=True).start()
    try:
        yield url, process, local_dir
    finally:
        # Its tables die with the temporary directory: no closing snapshot to wait for (at scale
        # 0.02 that snapshot took over two minutes).
        process.kill()
        process.wait(timeout=60)


def stack_rss_kib(pid: int) -> int:
    """The stack's resident memory: its own process's and its store process's (moto's)."""
    children = [
        int(child)
        for listing in Path(f"/proc/{pid}/task").glob("*/children")
        for child in listing.read_text().split()
    ]
    return sum(_rss_kib(process) for process in (pid, *children))


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError(f"no VmRSS for process {pid}")


def run(args: argparse.Namespace) -> int:
    """Drive the year, compare, write build/report/; 0 when every figure agrees."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from youthvoice_local.simulation_report import figures_table, write_report

    console = Console()
    start = dt.datetime.fromisoformat(args.start).replace(tzinfo=SHANGHAI) - dt.timedelta(hours=1)
    with (
        tempfile.TemporaryDirectory(prefix="youthvoice-simulate-") as work,
        local_stack(start, Path(work)) as (url, process, local_dir),
    ):
        driver = Driver(url, local_dir)
        began = time.monotonic()
        columns = (TextColumn("{task.fields[date]}"), BarColumn(), TextColumn(
                "{task.fields[asked]} questions · {task.fields[rate]:.0f} requests/s"),
                TimeElapsedColumn())  # fmt: skip
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("year", total=(args.days + 10) * 24, date="", asked=0, rate=0.0)

            def progress(at: dt.datetime, asked: int) -> None:
                rate = driver.requests / max(time.monotonic() - began, 1e-9)
                hours = (at - start) / dt.timedelta(hours=1)
                bar.update(
                    task, completed=hours, date=at.date().isoformat(), asked=asked, rate=rate
                )

            tally = drive(driver, args, progress)
        driven_seconds = time.monotonic() - began
        driven_requests = driver.requests
        settled(driver, tally)
        rows = compare(driver, tally)
        memory = stack_rss_kib(process.pid) / 1024
        summary = write_report(driver, rows, Path(args.out), {
                "scale": args.scale, "seed": args.seed, "from": args.start, "days": args.days,
                "wall_seconds": round(driven_seconds, 1), "requests": driven_requests,
                "requests_per_second": round(driven_requests / driven_seconds, 1),
                "stack_rss_mib": round(memory, 1), "reassigned": tally.reassigned,
                "activities_held": len(tally.held), "answered_offline": tally.answered_offline,
            })  # fmt: skip
    console.print(figures_table(rows))
    console.print(summary)
    failed = [row for row in rows if not row[4]]
    return 1 if failed else 0
