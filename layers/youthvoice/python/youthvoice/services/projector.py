"""Turn a batch of Content stream records into projection updates, exactly once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from youthvoice.bootstrap import dependencies, system_clock
from youthvoice.domain.projection import Change, Entity, RecordEffects, Weights, effects


class StreamImages(Protocol):
    """Stream images are in the storage format: only the adapter knows what they hold."""

    def __call__(self, image: dict[str, Any] | None) -> tuple[Entity, tuple[str, ...]]: ...


class Projections(Protocol):
    def apply(self, records: Iterable[RecordEffects]) -> int:
        """Apply every record not applied before; returns how many were new."""


def _images() -> StreamImages:
    return dependencies().stores.stream_images


def _projections() -> Projections:
    """Per batch, on the system's clock: the dedup markers expire, in DynamoDB's time, a fixed
    time after the batch is written."""
    return dependencies().stores.projections(system_clock())


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


def project(records: Sequence[StreamRecord], weights: Weights) -> BatchOutcome:
    """Records that cannot be decoded are reported, never allowed to block the others.

    Records that change no projection get no marker: re-applying nothing is already idempotent.
    """
    outcome = BatchOutcome()
    pending = []
    decode = _images()
    for record in records:
        try:
            before, old_lineage = decode(record.old_image)
            after, new_lineage = decode(record.new_image)
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
    outcome.applied = _projections().apply(pending)
    outcome.already_applied = len(pending) - outcome.applied
    return outcome
