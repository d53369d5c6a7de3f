"""Content stream consumer: hands the batch to the projector, reports poison records back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit
from chalice.app import DynamoDBEvent

from functions.deferred import Deferred
from functions.observability import logger, metrics
from youthvoice.config import get_settings

if TYPE_CHECKING:
    from youthvoice.services import projector
else:
    projector = Deferred("youthvoice.services.projector")


def project_content(event: DynamoDBEvent) -> dict[str, Any]:
    records = [
        projector.StreamRecord(
            event_id=record.event_id,
            sequence_number=record.sequence_number,
            old_image=record.old_image,
            new_image=record.new_image,
            at=record.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for record in event
    ]
    outcome = projector.project(records, get_settings().points)
    metrics.add_metric("ProjectedRecords", MetricUnit.Count, outcome.applied)
    metrics.add_metric("DuplicateRecords", MetricUnit.Count, outcome.already_applied)
    metrics.add_metric("PoisonRecords", MetricUnit.Count, len(outcome.failed_sequence_numbers))
    logger.info(
        "projected batch",
        extra={
            "records": len(records),
            "applied": outcome.applied,
            "already_applied": outcome.already_applied,
            "failed": outcome.failed_sequence_numbers,
        },
    )
    return {
        "batchItemFailures": [
            {"itemIdentifier": sequence} for sequence in outcome.failed_sequence_numbers
        ]
    }
