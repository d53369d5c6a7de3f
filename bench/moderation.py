"""Catch rate and false-alarm rate of the word screen on the seeded corpus.

Usage: .venv/bin/python -m bench.moderation [--seed 11] [--show]
A disguised word is caught when the screen gives its category; an ordinary question is a false
alarm when it is held or blocked. --show lists the misses and the false alarms.
"""

from __future__ import annotations

import argparse
from collections import Counter

from bench.moderation_corpus import SEED, disguised, ordinary
from youthvoice.config import load_settings

CATCH_GOAL = 0.95
FALSE_ALARM_LIMIT = 0.005


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show", action="store_true")
    arguments = parser.parse_args()
    screen = load_settings({}).sensitive_words
    samples = disguised(arguments.seed)
    missed = [s for s in samples if screen.check(s.text).category != s.category]
    questions = ordinary(arguments.seed)
    alarms = [q for q in questions if screen.check(q).severity is not None]
    totals = Counter(s.disguise for s in samples)
    misses = Counter(s.disguise for s in missed)
    print(f"{'disguise':<32}{'variants':>9}{'caught':>8}")
    for disguise, total in totals.items():
        print(f"{disguise:<32}{total:>9}{total - misses[disguise]:>8}")
    caught = 1 - len(missed) / len(samples)
    false_alarms = len(alarms) / len(questions)
    print(f"caught      : {len(samples) - len(missed)}/{len(samples)} = {caught:.1%}")
    print(f"false alarms: {len(alarms)}/{len(questions)} = {false_alarms:.2%}")
    if arguments.show:
        for sample in missed:
            print(f"missed {sample.disguise}: {sample.text!r}")
        for question in alarms:
            print(f"false alarm ({screen.check(question).category}): {question}")
    assert caught >= CATCH_GOAL, f"catch rate {caught:.1%} under {CATCH_GOAL:.0%}"
    assert false_alarms <= FALSE_ALARM_LIMIT, f"false alarms {false_alarms:.2%}"


if __name__ == "__main__":
    main()
