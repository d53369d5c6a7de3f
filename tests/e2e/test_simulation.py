"""`youthvoice simulate` at scale 0.0005: a year on the simulated clock, every figure as driven.

The smallest year that still does everything the simulator drives (an activity in each season,
reassignments, offline answers); the bigger years are `make simulate`'s (SCALE=0.005 and up)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SIMULATION_TIMEOUT_SECONDS = 600
# Seed 2016's 60 questions include no reassignment; 2026's include five.
SEED = "2026"


def test_a_simulated_year_publishes_exactly_what_it_drove(tmp_path: Path) -> None:
    # Given the local stack started on a simulated clock by `youthvoice simulate`
    # When it drives 0.0005 of the reference year (60 questions) over 2016
    done = subprocess.run(
        [sys.executable, "-m", "youthvoice_local.cli", "simulate", "--scale", "0.0005",
         "--seed", SEED, "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=SIMULATION_TIMEOUT_SECONDS, check=False,
    )  # fmt: skip
    # Then every published figure of the province and each city agrees with what it drove
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = (tmp_path / "summary.md").read_text("utf-8")
    assert "| questions | 60 | 60 | 60 | ✓ |" in summary
    assert "✗" not in summary
    # And it held an activity in each season, reassigned some late questions, and told the
    # askers of the activities' source questions that they were answered offline
    assert "| activities | 2 | 2 |  | ✓ |" in summary
    run = dict(re.findall(r"^\| (\w+) \| ([^|]+) \|$", summary, re.MULTILINE))
    assert int(run["reassigned"]) > 0 and int(run["answered_offline"]) > 0, run
    # And the charts are drawn
    charts = sorted(path.name for path in tmp_path.glob("*.png"))
    assert charts == [
        "escalations-by-level.png",
        "questions-per-week.png",
        "rates-by-city.png",
        "top-experts.png",
    ]
