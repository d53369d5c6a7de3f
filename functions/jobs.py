"""Scheduled jobs."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit
from chalice.app import CloudWatchEvent

from functions.observability import logger, metrics
from youthvoice.services.reconcile import reconcile_counters

ROOT_PLATFORM = "sx"


def reconcile(event: CloudWatchEvent) -> dict[str, int]:
    """Daily: report counters that differ from a recount of Content; repair is for operators."""
    drifts = reconcile_counters(ROOT_PLATFORM, repair=False)
    metrics.add_metric("CounterDrift", MetricUnit.Count, len(drifts))
    for drift in drifts:
        logger.warning("counter drift", extra=drift.__dict__)
    return {"drifts": len(drifts)}
