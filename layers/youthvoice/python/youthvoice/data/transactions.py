"""TransactWriteItems with a meaning for every condition: when DynamoDB cancels a transaction,
the action whose condition failed says which domain error that is."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import IntEnum

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from youthvoice.data.connection import shared_connection
from youthvoice.data.models import ContentItem
from youthvoice.domain.errors import ConcurrentChange, DomainError

TRANSACTION_LIMIT = 100
CONDITION_FAILED = "ConditionalCheckFailed"
TRANSACTION_CONFLICT = "TransactionConflict"


class Kind(IntEnum):
    """PynamoDB sends condition checks, then deletes, then puts, then updates, whatever order
    they were added in; the cancellation reasons come back in that order."""

    CHECK = 0
    DELETE = 1
    SAVE = 2
    UPDATE = 3


@dataclass(frozen=True)
class Step:
    kind: Kind
    add: Callable[[TransactWrite], None]
    refused: DomainError | None


@dataclass
class Rider:
    """Items that must commit with the next transaction of this context (an audit entry with
    the act it records), each only where none has its key yet."""

    items: Sequence[ContentItem]
    refused: DomainError
    committed: bool = False


_rider: ContextVar[Rider | None] = ContextVar("rider", default=None)


@contextmanager
def riding(rider: Rider) -> Iterator[Rider]:
    """Inside the block, the first transaction that commits carries the rider's items."""
    token = _rider.set(rider)
    try:
        yield rider
    finally:
        _rider.reset(token)


@dataclass
class Transaction:
    """Collects the actions of one transaction, each with the error its failed condition means."""

    _steps: list[Step] = field(default_factory=list)

    def check(
        self,
        model: type[Model],
        hash_key: str,
        range_key: str,
        condition: Condition,
        refused: DomainError,
    ) -> None:
        """Write nothing to an item, but commit only while its condition holds."""
        self._steps.append(
            Step(
                Kind.CHECK,
                lambda t: t.condition_check(model, hash_key, range_key, condition=condition),
                refused,
            )
        )

    def save(
        self,
        item: Model,
        condition: Condition | None = None,
        refused: DomainError | None = None,
    ) -> None:
        self._steps.append(Step(Kind.SAVE, lambda t: t.save(item, condition=condition), refused))

    def insert(self, item: ContentItem, refused: DomainError) -> None:
        """Save only where no item has that key yet: a uniqueness marker, or a new entity."""
        self.save(item, condition=ContentItem.pk.does_not_exist(), refused=refused)

    def update(
        self,
        item: Model,
        actions: Sequence[Action],
        condition: Condition | None = None,
        refused: DomainError | None = None,
    ) -> None:
        self._steps.append(
            Step(
                Kind.UPDATE,
                lambda t: t.update(item, actions=list(actions), condition=condition),
                refused,
            )
        )

    def delete(
        self, item: Model, condition: Condition | None = None, refused: DomainError | None = None
    ) -> None:
        self._steps.append(
            Step(Kind.DELETE, lambda t: t.delete(item, condition=condition), refused)
        )

    def commit(self) -> None:
        """All or nothing. A transaction conflict is a ConcurrentChange; a failed condition raises
        the error given with its action; anything else (a request DynamoDB finds invalid) is a
        bug and propagates as it is."""
        if not self._steps:
            return
        rider = _rider.get()
        if rider is not None and not rider.committed:
            for item in rider.items:
                self.insert(item, rider.refused)
        if len(self._steps) > TRANSACTION_LIMIT:
            raise ValueError(f"{len(self._steps)} actions: a transaction takes {TRANSACTION_LIMIT}")
        try:
            with TransactWrite(connection=shared_connection()) as transaction:
                for step in self._steps:
                    step.add(transaction)
        except TransactWriteError as error:
            raise self._meaning(error) from None
        if rider is not None:
            rider.committed = True

    def _meaning(self, error: TransactWriteError) -> Exception:
        codes = [reason.code if reason else None for reason in error.cancellation_reasons]
        if TRANSACTION_CONFLICT in codes:
            return ConcurrentChange("a concurrent change won the race; try again")
        as_sent = sorted(self._steps, key=lambda step: step.kind)
        for code, step in zip(codes, as_sent, strict=False):
            if code == CONDITION_FAILED and step.refused is not None:
                return step.refused
        return error
