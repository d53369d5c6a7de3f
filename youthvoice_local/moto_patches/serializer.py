"""Attribute values already in their wire form go out as they are.

Replaces `moto.core.serialize.BaseJSONSerializer._serialize_type_structure` for the shape
`AttributeValue`. moto writes every attribute value of a response out through the service model,
member by member: 90% of a Query of one question's partition (60 items) went there, 110 ms of it.
Under the isolation lock, twenty experts answering one question at once read and wrote so slowly
that every round of their race lasted longer than their backoff, and some lost all eight attempts,
which on DynamoDB they would not. A value that is a string, number, boolean, null, set of those,
or a map or list of such values is written as it is; binary values still go through moto.
"""

from __future__ import annotations

from typing import Any

from moto.core import serialize
from moto.core.serialize import BaseJSONSerializer

from youthvoice_local.moto_patches.replaced import Replacements

_SCALARS: dict[str, type] = {"S": str, "N": str, "BOOL": bool, "NULL": bool}


def in_wire_form(value: Any) -> bool:
    """Whether moto would write `value` out unchanged: no binary anywhere in it."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((kind, inner),) = value.items()
    if kind in _SCALARS:
        return isinstance(inner, _SCALARS[kind])
    if kind in ("SS", "NS"):
        return isinstance(inner, list) and all(isinstance(member, str) for member in inner)
    if kind == "M" and isinstance(inner, dict):
        return all(in_wire_form(member) for member in inner.values())
    if kind == "L" and isinstance(inner, list):
        return all(in_wire_form(member) for member in inner)
    return False


def install(replacements: Replacements) -> None:
    structure = BaseJSONSerializer._serialize_type_structure

    def serialize_structure(
        self: BaseJSONSerializer,
        serialized: serialize.Serialized,
        value: Any,
        shape: Any,
        key: str,
    ) -> None:
        if shape.name == "AttributeValue" and in_wire_form(value):
            self._default_serialize(serialized, value, shape, key)
            return
        structure(self, serialized, value, shape, key)

    replacements.replace(BaseJSONSerializer, "_serialize_type_structure", serialize_structure)
