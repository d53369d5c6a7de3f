"""The local stack's faster TransactWriteItems must still be all-or-nothing, stream included."""

from __future__ import annotations

import dataclasses

import pytest

from tests.integration.conftest import Stack
from tests.integration.test_projector import COUNTY, expert, unread_records
from youthvoice.data.experts import ExpertRepository
from youthvoice.domain.errors import Conflict


def test_a_cancelled_transaction_leaves_no_item_and_no_stream_record(stack: Stack) -> None:
    # Given an expert registered for a user
    repository = ExpertRepository()
    first = expert(20, COUNTY[0], COUNTY)
    repository.register(first)
    records_before = len(unread_records(stack.dynamodb))
    # When a second profile for the same user is registered (its user mapping put fails)
    second = dataclasses.replace(first, id="ex-t21")
    with pytest.raises(Conflict):
        repository.register(second)
    # Then the profile written before the failing action is gone, and the stream never saw it
    assert repository.get("ex-t21") is None
    assert repository.get(first.id) == first
    assert len(unread_records(stack.dynamodb)) == records_before
