"""`youthvoice simulate`: a provincial year, driven over HTTP as the front ends drive it.

It starts `youthvoice serve --clock simulated` (or uses `--url`), registers experts, and over the
simulated days asks, answers, accepts, rates, likes, flags, reads, closes and extends. Each
action waits for the end of its STEP of simulated time; the clock jumps from one step holding
actions to the next (each move runs the sweep and the season lifecycle) and the step's actions
run at once on WORKERS threads, so the stack's throughput, not one round trip per simulated
hour, sets the pace. What it drove is tallied from its own requests' answers; at the end every
published figure is read back and set beside that tally. Activities do not exist yet, so none
are simulated.
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
from typing import Any

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
            )
        )
    return sorted(planned, key=lambda p: p.at)


@dataclass
class Tally:
    """What the simulator drove, per platform of each question's lineage."""

    asked: list[Asked] = field(default_factory=list)
    experts: Counter[str] = field(default_factory=Counter)
    visits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def figures(self, platform: str) -> dict[str, float | int | None]:
        mine = [q for q in self.asked if platform in q.lineage]
        questions = len(mine)
        answered = sum(q.official > 0 for q in mine)
        on_time = sum(q.on_time for q in mine)
        resolved = sum(q.status == "resolved" for q in mine)
        rated = [q.rating for q in mine if q.rating is not None]

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
        }


def register_experts(
    driver: Driver, rng: random.Random, scale: float, tree: dict[str, list[str]], tally: Tally
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Experts over counties by people, one to three topics each; a province expert per topic,
    so every question has someone who may answer it. Returns experts by (platform, topic)."""
    serving: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
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
        driver.call("POST", "/experts", body, ADMIN, expect=201)
        with tally.lock:
            for level in lineage:
                tally.experts[level] += 1
            for topic in topics:
                serving[(platform, topic)].append((user, platform))

    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(register, range(len(homes))))
    return serving


def open_seasons(driver: Driver, year: int) -> None:
    """Two province seasons with a duty roster each; the lifecycle job opens and closes them."""
    staff = ("sim-staff", "staff", ROOT)
    for name, topics, m1, d1, m2, d2 in SEASONS:
        starts = dt.datetime(year, m1, d1, tzinfo=SHANGHAI).isoformat()
        ends = dt.datetime(year, m2, d2, tzinfo=SHANGHAI).isoformat()
        body = {"name": name, "topics": list(topics), "platform_id": ROOT,
                "starts_at": starts, "ends_at": ends}  # fmt: skip
        season = driver.call("POST", "/seasons", body, staff, expect=201)
        roster = {"slots": [{"department": "省团委权益部", "staff_ids": ["sim-staff"],
                             "from": starts, "to": ends}]}  # fmt: skip
        driver.call("PUT", f"/seasons/{season['id']}/roster", roster, staff)


class Simulation:
    def __init__(
        self, driver: Driver, rng: random.Random, tally: Tally, start: dt.datetime
    ) -> None:
        self.driver = driver
        self.start = start
        self.rng = rng
        self.tally = tally
        self.serving: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.clock = start
        self._pending: dict[dt.datetime, list[Callable[[], None]]] = defaultdict(list)
        self._lock = threading.Lock()

    def answerer(self, plan: Plan) -> tuple[str, str]:
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
            self.driver.call(
                "GET", f"/questions/{asked.id}", as_=(f"sim-reader-{reader}", "youth", None)
            )
            with self.tally.lock:
                for level in plan.platform:
                    self.tally.visits[level] += 1
        if plan.flag:
            self.driver.call("POST", f"/questions/{asked.id}/flags", {"reason": "spam"},
                             ("sim-flagger", "youth", None), expect=201)  # fmt: skip
        if plan.peer:
            self.later(plan.at + dt.timedelta(hours=2), lambda: self.peer_answer(asked))
        if plan.answer_after is not None:
            self.later(plan.at + plan.answer_after, lambda: self.answer(plan, asked))
            if plan.extend:
                self.later(plan.at + dt.timedelta(hours=30), lambda: self.extend(asked))
        elif plan.close:
            self.later(plan.at + dt.timedelta(days=3), lambda: self.close(asked))

    def peer_answer(self, asked: Asked) -> None:
        peer = (f"sim-peer-{self.rng.randrange(5000)}", "youth", None)
        body = {"body": "我也遇到过，可以试试。"}
        self.driver.call("POST", f"/questions/{asked.id}/answers", body, peer, expect=201)
        asked.peer += 1

    def answer(self, plan: Plan, asked: Asked) -> None:
        expert, home = self.answerer(plan)
        given = self.driver.call("POST", f"/questions/{asked.id}/answers",
                                 {"body": "建议先了解相关政策，再联系当地团委。"},
                                 (expert, "expert", home), expect=201)  # fmt: skip
        first = asked.official == 0
        asked.official += 1
        asked.answers.append((given["id"], expert))
        if first and asked.status in ("open", "reopened") and given["created_at"] <= asked.due_at:
            asked.on_time = True
        asked.status = "answered"
        youth = (plan.asker, "youth", None)
        if plan.like:
            self.driver.call("POST", f"/answers/{given['id']}/likes", None,
                             (f"sim-liker-{self.rng.randrange(500)}", "youth", None),
                             expect=201)  # fmt: skip
        if plan.accept:
            accepted = self.driver.call("POST", f"/questions/{asked.id}/accept",
                                        {"answer_id": given["id"]}, youth)  # fmt: skip
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
        staff = ("sim-staff", "staff", ROOT)
        extended = self.driver.call("POST", f"/questions/{asked.id}/extend", body, staff)
        asked.due_at = extended["due_at"]

    def close(self, asked: Asked) -> None:
        staff = ("sim-staff", "staff", ROOT)
        closed = self.driver.call("POST", f"/questions/{asked.id}/close",
                                  {"reason": "out_of_scope"}, staff)  # fmt: skip
        asked.status = closed["status"]


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
    open_seasons(driver, start.year)
    for plan in plans(rng, args.scale, start, args.days, tree):
        simulation.later(plan.at, functools.partial(simulation.ask, plan))
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
            "satisfaction")  # fmt: skip


def published(driver: Driver, platform: str) -> dict[str, Any]:
    figures: dict[str, Any] = driver.call("GET", f"/platforms/{platform}/stats")
    return figures


def settled(driver: Driver, tally: Tally, timeout: float = 600) -> None:
    """The projector runs behind the writes: wait (bounded) until the province shows them all."""
    wanted = tally.figures(ROOT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = published(driver, ROOT)
        if all(shown[k] == wanted[k] for k in ("questions", "answers", "ratings", "visits")):
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


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


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
        memory = rss_mib(process.pid)
        summary = write_report(driver, rows, Path(args.out), {
                "scale": args.scale, "seed": args.seed, "from": args.start, "days": args.days,
                "wall_seconds": round(driven_seconds, 1), "requests": driven_requests,
                "requests_per_second": round(driven_requests / driven_seconds, 1),
                "stack_rss_mib": round(memory, 1),
            })  # fmt: skip
    console.print(figures_table(rows))
    console.print(summary)
    failed = [row for row in rows if not row[4]]
    return 1 if failed else 0
