"""A DynamoDB item request with no binary value and no null is read as its JSON.

Replaces `moto.core.responses.BaseResponse.parse_parameters` on `DynamoHandler`. moto reads every
request by walking its JSON along the service model, member by member, to turn each base64 blob
into bytes (and drop members sent as null): 8% of the local stack's moto time under a simulated
year, nearly all of it for bodies that have neither. For the item operations, whose only
non-JSON members are the binary values B and BS (the service model holds no timestamp or
floating-point member for them), a body in which neither key nor a null occurs parses to the same
dictionaries as JSON, and is taken as that. Anything else (a binary value anywhere, a null, a
body that is not a JSON object, any other operation) goes through moto's parser as before.
"""

from __future__ import annotations

import json
from typing import Any

from moto.dynamodb.responses import DynamoHandler

from youthvoice_local.moto_patches.replaced import Replacements

ITEM_OPERATIONS = frozenset(
    {
        "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
        "BatchWriteItem", "TransactWriteItems", "TransactGetItems",
    }
)  # fmt: skip
# What moto's parser would change: a binary value (as a key of an attribute value; inside a
# string a quote is escaped, so these cannot occur there) or a null.
NOT_PLAIN_JSON = (b'"B"', b'"BS"', b"null")


def plain_json(body: bytes) -> dict[str, Any] | None:
    """The body as JSON when moto's parser would read it as exactly that, else None."""
    if not body or any(marker in body for marker in NOT_PLAIN_JSON):
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def install(replacements: Replacements) -> None:
    parse_with_model = DynamoHandler.parse_parameters

    def parse_parameters(self: DynamoHandler, request: Any) -> None:
        if self._get_action() in ITEM_OPERATIONS:
            parsed = plain_json(request.data)
            if parsed is not None:
                self.params = parsed
                return
        parse_with_model(self, request)

    replacements.replace(DynamoHandler, "parse_parameters", parse_parameters)
