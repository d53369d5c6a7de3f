"""The local stack's memory per asked question: its RSS before and after 1,000 asks over HTTP.

Usage: .venv/bin/python -m bench.stack_memory [--asks 1000]

The stack runs as `youthvoice simulate` runs it (`youthvoice serve --clock simulated`, its own
process and moto's, whose RSS counts too), with the simulation's experts and questions at the
share of the reference year that --asks makes: 1,000 questions are a month at scale 0.1, asked on
the simulation's 12-hour steps of simulated time. Warm-up questions come first, so that what
loads on first use is in the RSS before. The RSS after is read once the projector has caught up.
The goal is at most 150 KiB per asked question.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from youthvoice.domain.worktime import SHANGHAI
from youthvoice_local.simulate import (
    ADMIN,
    ROOT,
    STEP,
    YEAR,
    Driver,
    Plan,
    Tally,
    counties,
    local_stack,
    plans,
    register_experts,
    stack_rss_kib,
)

GOAL_KIB = 150
WARM_UP = 50
START = dt.date(2016, 3, 1)
SETTLE_SECONDS = 600
# As many questions a simulated day as a scale-0.1 year has.
QUESTIONS_A_DAY = YEAR["questions"] * 0.1 / 365


def ask(driver: Driver, plan: Plan) -> None:
    body = {"title": f"关于{plan.topic}的问题", "body": "想请老师给些建议，谢谢。",
            "topic": plan.topic, "platform_id": plan.platform[-1]}  # fmt: skip
    driver.call("POST", "/questions", body, (plan.asker, "youth", None), expect=201)


def ask_in_steps(driver: Driver, planned: list[Plan], clock: dt.datetime) -> dt.datetime:
    """Each question at the end of the simulation's step holding its moment, the clock moved
    there first (which runs the sweep and the season lifecycle, as in the simulation)."""
    for plan in planned:
        step_end = clock + -((clock - plan.at) // STEP) * STEP
        if step_end > clock:
            driver.call("POST", "/admin/clock", {"now": step_end.isoformat()}, ADMIN)
            clock = step_end
        ask(driver, plan)
    return clock


def settle(driver: Driver, questions: int) -> None:
    """Wait (bounded) until the province's published count shows every question asked."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while driver.call("GET", f"/platforms/{ROOT}/stats")["questions"] != questions:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the projector did not catch up with {questions} questions")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asks", type=int, default=1000)
    asks = parser.parse_args().asks
    scale = (asks + WARM_UP) / YEAR["questions"]
    days = max(1, round((asks + WARM_UP) / QUESTIONS_A_DAY))
    start = dt.datetime.combine(START, dt.time(), tzinfo=SHANGHAI)
    rng = random.Random(2016)
    with (
        tempfile.TemporaryDirectory() as workdir,
        local_stack(start, Path(workdir)) as (
            url,
            process,
            local_dir,
        ),
    ):
        driver = Driver(url, local_dir)
        tree = counties(driver)
        register_experts(driver, rng, scale, tree, Tally())
        planned = plans(rng, scale, START, days, tree)
        assert len(planned) == asks + WARM_UP, len(planned)
        clock = ask_in_steps(driver, planned[:WARM_UP], start)
        settle(driver, WARM_UP)
        before = stack_rss_kib(process.pid)
        started = time.monotonic()
        ask_in_steps(driver, planned[WARM_UP:], clock)
        settle(driver, WARM_UP + asks)
        after = stack_rss_kib(process.pid)
        seconds = time.monotonic() - started
    per_ask = (after - before) / asks
    print(f"{asks} asks over {days} simulated days in {seconds:.0f} s ({asks / seconds:.1f}/s)")
    print(f"stack RSS before {before / 1024:.0f} MiB, after {after / 1024:.0f} MiB")
    print(
        f"stack memory: {per_ask:.0f} KiB per asked question "
        f"({per_ask / GOAL_KIB:.2f} of the {GOAL_KIB} KiB goal)"
    )


if __name__ == "__main__":
    main()
