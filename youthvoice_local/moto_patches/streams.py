"""Streams keep 24 hours of records and iterators live 15 minutes, as DynamoDB's do.

Replaces the list behind `moto.dynamodb.models.table.StreamShard.items` and the dict behind
`moto.dynamodbstreams.models.DynamoDBStreamsBackend.shard_iterators`. moto keeps every stream
record, each with its item's old and new image, and every shard iterator it ever handed out
(two for each of the pump's polls, five polls a second): in the local stack both grew for as long
as it ran, about 50 KiB of records per asked question and 18 KiB of iterators a second.

A shard's records are still numbered from the first one ever written, and read by those numbers;
a record is dropped once a GetRecords has returned it and it is older than the retention, read on
the stream's clock (the local stack's own: on a simulated clock a day passes in seconds). A read
from before the oldest record kept starts at the oldest, as TRIM_HORIZON does. An iterator used
after its 15 minutes gets DynamoDB's ExpiredIteratorException.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.dynamodb.models.table import StreamRecord, StreamShard
from moto.dynamodbstreams.models import DynamoDBStreamsBackend

from youthvoice_local.moto_patches.replaced import Replacements

RETENTION = dt.timedelta(hours=24)
ITERATOR_LIFETIME_SECONDS = 15 * 60


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_clock: list[Callable[[], dt.datetime]] = [system_clock]


def use_clock(clock: Callable[[], dt.datetime]) -> None:
    """The clock a record's age is read on from now on."""
    _clock[0] = clock


class RetainedRecords:
    """A shard's records by position, as moto's list of them was; the oldest ones may be gone.

    `len` counts every record ever added, and a slice is taken by those positions."""

    def __init__(self) -> None:
        self._records: deque[tuple[dt.datetime, StreamRecord]] = deque()
        self._dropped = 0
        self._read = 0

    def __len__(self) -> int:
        return self._dropped + len(self._records)

    def __iter__(self) -> Iterator[StreamRecord]:
        return (record for _, record in self._records)

    def append(self, record: StreamRecord) -> None:
        self._records.append((_clock[0](), record))

    def __getitem__(self, positions: slice) -> list[StreamRecord]:
        start, stop, _ = positions.indices(len(self))
        first, last = max(start - self._dropped, 0), max(stop - self._dropped, 0)
        return [record for _, record in itertools.islice(self._records, first, last)]

    def __delitem__(self, positions: slice) -> None:
        """Only `del records[n:]`: what a cancelled transaction wrote to the stream."""
        start, _, _ = positions.indices(len(self))
        while len(self) > start and self._records:
            self._records.pop()

    def read_up_to(self, position: int) -> None:
        """A GetRecords returned every record before `position`: drop those past retention."""
        self._read = max(self._read, position)
        horizon = _clock[0]() - RETENTION
        while self._records and self._dropped < self._read and self._records[0][0] <= horizon:
            self._records.popleft()
            self._dropped += 1


class ExpiringIterators(dict[str, Any]):
    """Shard iterators by ARN, each forgotten ITERATOR_LIFETIME_SECONDS after it was made."""

    def __init__(self, seconds: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._seconds = seconds
        self._made: deque[tuple[float, str]] = deque()

    def __setitem__(self, arn: str, iterator: Any) -> None:
        now = self._seconds()
        while self._made and self._made[0][0] <= now - ITERATOR_LIFETIME_SECONDS:
            self.pop(self._made.popleft()[1], None)
        super().__setitem__(arn, iterator)
        self._made.append((now, arn))

    def __missing__(self, arn: str) -> Any:
        raise JsonRESTError(
            "ExpiredIteratorException", "Iterator expired: it is more than 15 minutes old"
        )


def install(replacements: Replacements) -> None:
    def shard_init(self: StreamShard, *args: Any, **kwargs: Any) -> None:
        original_shard_init(self, *args, **kwargs)
        self.items = RetainedRecords()  # type: ignore[assignment]

    def get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = original_get(self, start, quantity)
        if records and isinstance(self.items, RetainedRecords):
            last = int(records[-1]["dynamodb"]["SequenceNumber"])
            self.items.read_up_to(last + 1 - self.starting_sequence_number)
        return records

    def backend_init(self: DynamoDBStreamsBackend, *args: Any, **kwargs: Any) -> None:
        original_backend_init(self, *args, **kwargs)
        self.shard_iterators = ExpiringIterators()

    original_shard_init = replacements.replace(StreamShard, "__init__", shard_init)
    original_get = replacements.replace(StreamShard, "get", get)
    original_backend_init = replacements.replace(DynamoDBStreamsBackend, "__init__", backend_init)
