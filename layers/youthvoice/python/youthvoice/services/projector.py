"""Turn a batch of Content stream records into projection updates, exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from youthvoice.data.projections import ProjectionWriter, decode_image
from youthvoice.domain.projection import Change, RecordEffects, Weights, effects


@dataclass(frozen=True)
class StreamRecord:
    """The parts of a Lambda DynamoDB stream record the projector reads."""

    event_id: str
    sequence_number: str
    old_image: dict[str, Any] | None
    new_image: dict[str, Any] | None
    at: str = ""


@dataclass
class BatchOutcome:
    applied: int = 0
    already_applied: int = 0
    failed_sequence_numbers: list[str] = field(default_factory=list)


def project(
    records: Sequence[StreamRecord], writer: ProjectionWriter, weights: Weights
) -> BatchOutcome:
    """Records that cannot be decoded are reported, never allowed to block the others.

    Records that change no projection get no marker: re-applying nothing is already idempotent.
    """
    outcome = BatchOutcome()
    pending = []
    for record in records:
        try:
            before, old_lineage = decode_image(record.old_image)
            after, new_lineage = decode_image(record.new_image)
        except (ValueError, KeyError, TypeError, AttributeError):
            outcome.failed_sequence_numbers.append(record.sequence_number)
            continue
        change = Change(
            record.event_id,
            record.sequence_number,
            before,
            after,
            new_lineage or old_lineage,
            record.at,
        )
        change_effects = effects(change, weights)
        if change_effects:
            pending.append(RecordEffects(change.event_id, change_effects))
    outcome.applied = writer.apply(pending)
    outcome.already_applied = len(pending) - outcome.applied
    return outcome
