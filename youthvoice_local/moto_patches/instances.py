"""moto keeps every model object it ever made; DynamoDB's are left to the garbage collector here.

Replaces `moto.core.common_models.BaseModel.__new__` for the DynamoDB and DynamoDB Streams models
(`Item`, `StreamRecord`, `ShardIterator`, ...). moto appends each new instance to its class's
`instances_tracked` list, for its server's dashboard (`/moto-api/data.json`), and empties the lists
only when a `mock_aws` ends. A Query deep-copies the items it returns and a write keeps the item it
replaced, so in the long-running local stack every version of every item ever read or written
stayed in memory: about 0.6 MiB per asked question, most of the stack's growth. The dashboard no
longer lists these models; nothing else reads the lists.
"""

from __future__ import annotations

from typing import Any

import moto.dynamodb.models
import moto.dynamodbstreams.models  # noqa: F401  (defines the Streams models)
from moto.core.model_instances import model_data

from youthvoice_local.moto_patches.replaced import Replacements

SERVICES = ("dynamodb", "dynamodbstreams")


def _untracked(cls: type, *args: Any, **kwargs: Any) -> Any:
    return object.__new__(cls)


def install(replacements: Replacements) -> None:
    for service in SERVICES:
        for model in model_data[service].values():
            replacements.replace(model, "__new__", staticmethod(_untracked))
