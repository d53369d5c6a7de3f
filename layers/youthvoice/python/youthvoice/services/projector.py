"""Turn a batch of Content stream records into projection updates, exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from youthvoice.data.projections import ProjectionWriter, RecordEffects, decode_image
from youthvoice.domain.projection import Change, deltas


@dataclass(frozen=True)
class StreamRecord:
    """The parts of a Lambda DynamoDB stream record the projector reads."""

    event_id: str
    sequence_number: str
    old_image: dict[str, Any] | None
    new_image: dict[str, Any] | None


@dataclass
class BatchOutcome:
    applied: int = 0
    already_applied: int = 0
    failed_sequence_numbers: list[str] = field(default_factory=list)


def project(records: Sequence[StreamRecord], writer: ProjectionWriter) -> BatchOutcome:
    """Records that cannot be decoded are reported, never allowed to block the others.

    Records that change no projection get no marker: re-applying nothing is already idempotent.
    """
    outcome = BatchOutcome()
    effects = []
    for record in records:
        try:
            change = Change(
                record.event_id,
                record.sequence_number,
                decode_image(record.old_image),
                decode_image(record.new_image),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            outcome.failed_sequence_numbers.append(record.sequence_number)
            continue
        change_deltas = deltas(change)
        if change_deltas:
            effects.append(RecordEffects(change.event_id, change_deltas))
    outcome.applied = writer.apply(effects)
    outcome.already_applied = len(effects) - outcome.applied
    return outcome
