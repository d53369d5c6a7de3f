"""One DynamoDB connection per process for the transactions the repositories write.

A PynamoDB `Connection` makes its own botocore client, and making one costs about 100 ms: a
repository that made a connection per request spent more on that than on its DynamoDB calls.
"""

from __future__ import annotations

from functools import cache

from pynamodb.connection import Connection

from youthvoice.config import get_settings


@cache
def shared_connection() -> Connection:
    return Connection(region=get_settings().region)
