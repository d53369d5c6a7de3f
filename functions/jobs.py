"""Scheduled jobs."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit, single_metric
from chalice.app import CloudWatchEvent

from functions.deferred import Deferred
from functions.observability import NAMESPACE, logger, metrics
from youthvoice.bootstrap import now
from youthvoice.config import get_settings

if TYPE_CHECKING:
    from youthvoice.services import reconcile as reconciliation
    from youthvoice.services import seasons, supervision
    from youthvoice.services.supervision import SweepReport
else:
    reconciliation = Deferred("youthvoice.services.reconcile")
    seasons = Deferred("youthvoice.services.seasons")
    supervision = Deferred("youthvoice.services.supervision")


def reconcile(event: CloudWatchEvent) -> dict[str, int]:
    """Daily: report counters that differ from a recount of Content; repair is for operators."""
    drifts = reconciliation.reconcile_counters(get_settings().root_platform, repair=False)
    metrics.add_metric("CounterDrift", MetricUnit.Count, len(drifts))
    for drift in drifts:
        logger.warning("counter drift", extra=drift.__dict__)
    return {"drifts": len(drifts)}


def emit_sweep_metrics(report: SweepReport) -> None:
    """OverdueQuestions per run; Escalations with a Level dimension, one figure per rung."""
    metrics.add_metric("OverdueQuestions", MetricUnit.Count, report.overdue)
    for level, count in sorted(Counter(step.level for step in report.steps).items()):
        with single_metric(
            name="Escalations",
            unit=MetricUnit.Count,
            value=count,
            namespace=NAMESPACE,
            default_dimensions=metrics.default_dimensions,
        ) as metric:
            metric.add_dimension("Level", str(level))
    logger.info(
        "sweep done",
        extra={"as_of": report.as_of, "due": report.due, "escalations": len(report.steps)},
    )


def escalation_sweep(event: CloudWatchEvent) -> dict[str, int]:
    """Every 5 minutes: climb the ladder for every question whose next rung is due."""
    report = supervision.sweep(now())
    emit_sweep_metrics(report)
    return {"due": report.due, "overdue": report.overdue, "escalations": len(report.steps)}


def season_lifecycle(event: CloudWatchEvent) -> dict[str, int]:
    """Every 5 minutes: open seasons whose start has come, close (and freeze) those that ended."""
    done = seasons.run_lifecycle()
    metrics.add_metric("SeasonsOpened", MetricUnit.Count, len(done.opened))
    metrics.add_metric("SeasonsClosed", MetricUnit.Count, len(done.closed))
    return {"opened": len(done.opened), "closed": len(done.closed)}
