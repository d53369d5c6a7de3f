"""What a cancelled transaction means: each refused condition its own error, a transaction
conflict a race to retry, and an invalid request a bug that is never dressed up as a 409."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import pytest
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from tests.integration.conftest import Stack
from youthvoice.data import keys, transactions
from youthvoice.data.models import TopicItem
from youthvoice.data.transactions import Transaction
from youthvoice.domain.errors import ConcurrentChange, Conflict, NotFound


def cancelled(*codes: str | None) -> TransactWriteError:
    reasons = [CancellationReason(code) if code else None for code in codes]
    cause = VerboseClientError(
        {"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}},
        "TransactWriteItems",
        cancellation_reasons=reasons,
    )
    return TransactWriteError("cancelled", cause=cause)


class Refusing:
    """Stands in for PynamoDB's TransactWrite: accepts the actions, then fails as told."""

    error: TransactWriteError

    def __init__(self, **_: Any) -> None: ...

    def __enter__(self) -> Refusing:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        raise self.error

    def save(self, *_: Any, **__: Any) -> None: ...

    def update(self, *_: Any, **__: Any) -> None: ...

    def delete(self, *_: Any, **__: Any) -> None: ...


def three_refusable_actions() -> Transaction:
    """Added update, save, delete: PynamoDB sends them as delete, save, update."""
    transaction = Transaction()
    transaction.update(TopicItem("a", "b"), [TopicItem.zh.set("甲")], refused=NotFound("update"))
    transaction.save(TopicItem("c", "d"), refused=Conflict("save"))
    transaction.delete(TopicItem("e", "f"), refused=Conflict("delete"))
    return transaction


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (("ConditionalCheckFailed", None, None), Conflict("delete")),
        ((None, "ConditionalCheckFailed", None), Conflict("save")),
        ((None, None, "ConditionalCheckFailed"), NotFound("update")),
        (("ConditionalCheckFailed", None, "TransactionConflict"), ConcurrentChange("race")),
    ],
)
def test_a_cancellation_raises_the_error_its_reason_means(
    monkeypatch: pytest.MonkeyPatch, codes: tuple[str | None, ...], expected: Exception
) -> None:
    # Given a transaction DynamoDB will cancel with these reasons
    monkeypatch.setattr(Refusing, "error", cancelled(*codes), raising=False)
    monkeypatch.setattr(transactions, "TransactWrite", Refusing)
    # When it commits, Then the error is the one that reason's action stands for
    with pytest.raises(type(expected)) as raised:
        three_refusable_actions().commit()
    assert type(raised.value) is type(expected)
    if not isinstance(expected, ConcurrentChange):
        assert str(raised.value) == str(expected)


def test_a_request_dynamodb_finds_invalid_is_not_a_conflict(bare_stack: Stack) -> None:
    # Given a transaction that touches one item twice (DynamoDB refuses that as invalid)
    transaction = Transaction()
    item = TopicItem(keys.META, "twice", topic_id="twice", zh="两次", en="twice")
    transaction.save(item, refused=Conflict("never this"))
    transaction.save(item, refused=Conflict("nor this"))
    # When it commits, Then the store's own error propagates: a bug, never a 409
    with pytest.raises(TransactWriteError):
        transaction.commit()


def test_a_refused_condition_on_the_real_store_raises_its_error(bare_stack: Stack) -> None:
    # Given an item that exists
    TopicItem("T#once", keys.META, topic_id="once", zh="一次", en="once").save()
    transaction = Transaction()
    transaction.save(
        TopicItem("T#once", keys.META, topic_id="once", zh="一次", en="once"),
        condition=TopicItem.pk.does_not_exist(),
        refused=Conflict("topic once exists already"),
    )
    # When a transaction insists that it does not, Then that action's error is raised
    with pytest.raises(Conflict, match="topic once exists already"):
        transaction.commit()
