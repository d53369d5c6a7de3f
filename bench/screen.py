"""The word screen's cost per question against a plain substring scan of the same texts.

Usage: .venv/bin/python -m bench.screen [--rounds 5]
The texts are the seeded corpus (ordinary questions and disguised words). The floor is
`any(word in text for word in words)` over the listed words, in the same run; the screen is
WordList.check on each text. Prints the median per-question time of each and their ratio, and the
one-off cost of building the word list (the converter and the automatons) at settings load.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bench.moderation_corpus import disguised, listed_words, ordinary
from youthvoice.config import load_settings


def per_text_microseconds(check: Callable[[str], object], texts: list[str], rounds: int) -> float:
    runs = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            check(text)
        runs.append((time.perf_counter() - started) / len(texts) * 1e6)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    started = time.perf_counter()
    screen = load_settings({}).sensitive_words
    load_ms = (time.perf_counter() - started) * 1000
    words = [w for categories in listed_words().values() for ws in categories.values() for w in ws]
    texts = ordinary() + [sample.text for sample in disguised()]
    screened = sum(screen.check(text).severity is not None for text in texts)
    found = sum(any(word in text for word in words) for text in texts)
    assert screened > found, (screened, found)

    def scan(text: str) -> bool:
        return any(word in text for word in words)

    floor = per_text_microseconds(scan, texts, rounds)
    cost = per_text_microseconds(screen.check, texts, rounds)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"texts: {len(texts)} (mean {mean_chars:.0f} characters), {len(words)} listed words")
    print(f"flagged: screen {screened}, substring scan {found}")
    print(f"substring scan (floor): {floor:8.1f} µs per question  median of {rounds}")
    print(f"word screen           : {cost:8.1f} µs per question  ({cost / floor:.0f}x floor)")
    print(f"word list load (once) : {load_ms:8.1f} ms (settings, converter, automatons)")


if __name__ == "__main__":
    main()
