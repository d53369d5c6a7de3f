"""What `youthvoice simulate` leaves behind: PNG charts and a Markdown summary in build/report/.

Charts are drawn from what the stack publishes (series, children, supervision, boards), so they
show the platform's own reports, not the simulator's tally.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from youthvoice_local.simulate import Driver

Row = tuple[str, str, Any, Any, bool]
ADMIN = ("sim-admin", "admin", None)


def figures_table(rows: list[Row]) -> Table:
    table = Table(title="Published figures beside what the simulation drove")
    for column in ("platform", "figure", "published", "drove", "agrees"):
        table.add_column(column)
    for platform, name, shown, drove, ok in rows:
        table.add_row(platform, name, str(shown), str(drove), "✓" if ok else "✗")
    return table


def _supervision_levels(driver: Driver) -> Counter[tuple[str, int]]:
    """(month opened, level) of every supervision record on the province, open and closed."""
    found: Counter[tuple[str, int]] = Counter()
    for status in ("open", "closed"):
        cursor = ""
        while True:
            page = driver.call(
                "GET",
                f"/supervision?platform_id=sx&status={status}&limit=100"
                + (f"&cursor={cursor}" if cursor else ""),
                as_=ADMIN,
            )
            for item in page["items"]:
                found[(item["opened_at"][:7], int(item["level"]))] += 1
            cursor = page.get("next_cursor") or ""
            if not cursor:
                break
    return found


def charts(driver: Driver, first: str, last: str, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written = []
    weeks = driver.call("GET", f"/platforms/sx/stats/series?from={first}&to={last}&interval=week")[
        "items"
    ]
    figure, axes = plt.subplots(figsize=(11, 4))
    starts = [w["from_date"][5:] for w in weeks]
    axes.plot(starts, [w["questions"] for w in weeks], label="questions")
    axes.plot(starts, [w["answered"] for w in weeks], label="answered")
    axes.set_title("Questions and answered questions per week (asked that week)")
    axes.legend()
    written.append(_save(figure, out / "questions-per-week.png"))

    cities = driver.call("GET", "/platforms/sx/stats/children")["items"]
    cities = [c for c in cities if c["questions"]]
    figure, axes = plt.subplots(figsize=(11, 4))
    positions = range(len(cities))
    axes.bar([p - 0.2 for p in positions], [c["answer_rate"] for c in cities], 0.4, label="answer")
    axes.bar(
        [p + 0.2 for p in positions], [c["on_time_rate"] for c in cities], 0.4, label="on time"
    )
    axes.set_xticks(list(positions), [c["platform_id"] for c in cities])
    axes.set_title("Answer and on-time rate by city")
    axes.legend()
    written.append(_save(figure, out / "rates-by-city.png"))

    levels = _supervision_levels(driver)
    months = sorted({month for month, _ in levels})
    figure, axes = plt.subplots(figsize=(11, 4))
    bottom = [0] * len(months)
    for level in (1, 2, 3):
        heights = [levels[(m, level)] for m in months]
        axes.bar(months, heights, bottom=bottom, label=f"level {level}")
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_title("Escalations (supervision records) by level per month")
    axes.legend()
    written.append(_save(figure, out / "escalations-by-level.png"))

    top = driver.call("GET", "/leaderboards/experts?limit=20")["items"]
    figure, axes = plt.subplots(figsize=(11, 5))
    labels = [t["author"].get("expert_id") or t["author"]["name"] for t in reversed(top)]
    axes.barh(labels, [t["points"] for t in reversed(top)])
    axes.set_title("Top 20 experts by points")
    written.append(_save(figure, out / "top-experts.png"))
    return written


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return path


def write_report(driver: Driver, rows: list[Row], out: Path, run: dict[str, Any]) -> str:
    """Charts and summary.md; returns the summary's path and headline, for the console."""
    from youthvoice_local.simulate import ROOT, VISITS_PER_QUESTION, YEAR

    first = run["from"]
    last = (dt.date.fromisoformat(first) + dt.timedelta(days=run["days"] - 1)).isoformat()
    drawn = charts(driver, first, last, out)
    scale = run["scale"]
    province = {name: (shown, drove, ok) for p, name, shown, drove, ok in rows if p == ROOT}
    seed = {
        "questions": round(YEAR["questions"] * scale),
        "answered": round(YEAR["answered"] * scale),
        "answer_rate": round(YEAR["answered"] / YEAR["questions"], 4),
        "experts": round(YEAR["experts"] * scale),
        "visits": round(YEAR["visits"] * scale),
    }
    lines = [
        f"# A simulated provincial year (scale {scale}, seed {run['seed']})",
        "",
        f"`youthvoice simulate --scale {scale} --seed {run['seed']} --from {first} "
        f"--days {run['days']}`",
        "",
        "| run | value |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in run.items()],
        "",
        "## The province: published, driven, and the reference year scaled",
        "",
        "| figure | published | drove | reference × scale | agrees |",
        "|---|---|---|---|---|",
        *[
            f"| {name} | {shown} | {drove} | {seed.get(name, '')} | {'✓' if ok else '✗'} |"
            for name, (shown, drove, ok) in province.items()
        ],
        "",
        f"Visits: the simulation reads each question {VISITS_PER_QUESTION} times; the reference "
        "year's visits (~482 a question) are not driven.",
        "",
        "## Every platform compared",
        "",
        "| platform | figure | published | drove | agrees |",
        "|---|---|---|---|---|",
        *[f"| {p} | {n} | {s} | {d} | {'✓' if ok else '✗'} |" for p, n, s, d, ok in rows],
        "",
        "## Charts",
        "",
        *[f"![{path.stem}]({path.name})" for path in drawn],
        "",
    ]
    summary = out / "summary.md"
    summary.write_text("\n".join(lines), encoding="utf-8")
    agreeing = sum(row[4] for row in rows)
    return f"{summary}: {agreeing}/{len(rows)} figures agree; charts: " + ", ".join(map(str, drawn))
