"""Run every benchmark under bench/ and rewrite the table of their closing lines in
docs/performance.md (between the `bench:begin` and `bench:end` markers).

Usage: .venv/bin/python -m bench.all   (or `make bench`)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def benchmarks() -> list[str]:
    """Modules of bench/ that run as programs (helpers and corpora do not)."""
    return sorted(
        path.stem
        for path in (ROOT / "bench").glob("*.py")
        if path.stem != "all" and 'if __name__ == "__main__":' in path.read_text("utf-8")
    )


def run(name: str) -> tuple[int, float, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    closing = lines[-1] if lines else (done.stderr.strip().splitlines() or [""])[-1]
    return done.returncode, time.monotonic() - started, closing.replace("|", "\\|")


def table(results: list[tuple[str, int, float, str]]) -> str:
    rows = [
        f"| `python -m bench.{name}` | {'ok' if code == 0 else f'exit {code}'} | {seconds:.0f} "
        f"| {closing} |"
        for name, code, seconds, closing in results
    ]
    return "\n".join(
        [
            BEGIN,
            f"`make bench`, {dt.date.today().isoformat()}: each benchmark's closing line.",
            "",
            "| benchmark | status | seconds | closing line |",
            "|---|---|---|---|",
            *rows,
            END,
        ]
    )


def rewrite(document: str, block: str) -> str:
    if BEGIN in document:
        head, rest = document.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n## Every benchmark (`make bench`)\n\n" + block + "\n"


def main() -> int:
    results = []
    for name in benchmarks():
        print(f"bench.{name} …", flush=True)
        results.append((name, *run(name)))
        print(f"  {results[-1][3]}", flush=True)
    DOC.write_text(rewrite(DOC.read_text("utf-8"), table(results)), encoding="utf-8")
    return max(code for _, code, _, _ in results)


if __name__ == "__main__":
    raise SystemExit(main())
