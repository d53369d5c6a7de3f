"""One DynamoDB request at a time, as if each were isolated from the others, as DynamoDB's are.

Wraps `call_action` of moto's `DynamoHandler` and `DynamoDBStreamsHandler`, where every request
to either service is answered. This is the one patch that changes what moto does rather than how
fast: moto answers requests on as many threads as call it and guards nothing, so two transactions
at once could both pass a uniqueness condition, and a cancelled transaction puts back every table
it touched as it was when the transaction began, undoing what other requests wrote meanwhile.

Stream reads take the same lock: a transaction's stream records are appended before its last
condition is checked and cut off again on cancellation, and a GetRecords in between projected the
cancelled writes and then skipped as many of the next (moto numbers records by position).
"""

from __future__ import annotations

import threading
from typing import Any

from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

from youthvoice_local.moto_patches.replaced import Replacements

ONE_REQUEST_AT_A_TIME = threading.RLock()


def install(replacements: Replacements) -> None:
    for handler in (DynamoHandler, DynamoDBStreamsHandler):
        answer = handler.call_action

        def call_action(self: Any, answer: Any = answer) -> Any:
            with ONE_REQUEST_AT_A_TIME:
                return answer(self)

        replacements.replace(handler, "call_action", call_action)
