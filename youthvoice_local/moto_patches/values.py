"""Items share equal attribute names and equal scalar values, as one object each.

Wraps `moto.dynamodb.models.dynamo_type.DynamoType.__init__` and `LimitedSizeDict.__setitem__`
(how an item's attributes are set, by a put or an update). moto keeps, for every attribute of
every item, the name as the request's JSON parser made it and a `DynamoType` of its own. The
project's items repeat themselves: a question's id, platform, topic, status and moments recur
across its feed entries, postings and counters (124 distinct strings among 1,037 in three
questions' items), and those copies were most of the local stack's memory per asked question.

Here a name is one string (`sys.intern`), and an attribute whose value is a string, number,
boolean or null holds the one `DynamoType` of that type and value while any item holds it.
moto never changes such a `DynamoType` in place (only sets, lists and maps are changed in
place, and they are not shared), strings cannot change, and moto compares values by value: the
sharing changes nothing else. Long strings (a body, a search document's terms) seldom repeat and
are left alone.

The same wrapper sizes the item as moto's `__setitem__` does (every name and value already in it,
plus the new pair, against the same 405,000-byte limit) but looks up the size of a name or a
shared scalar instead of measuring it again: moto measured every attribute again for each one set,
a tenth of a simulated year's time in the validator and item building. Sets, lists and maps,
which moto changes in place, are measured each time, as before.

Replaces `Item.__init__` (an item built whole, by a put or a read of a request's key) and
`DynamoType.__deepcopy__`: an item built whole is sized as it goes, one attribute added to the
running size, where setting its attributes one by one sized all of those before each (an item of
n attributes measured n²/2 times), with the same limit checked at the same attribute. A scalar
value (string, number, boolean, null), which moto never changes in place, is its own deep copy:
moto copies an item before every update (for the request's old values and the stream's old
image) and every item a Query returns, and those copies were a tenth of moto's time.
"""

from __future__ import annotations

import functools
import sys
import weakref
from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

from youthvoice_local.moto_patches.replaced import Replacements

SHARED_UP_TO = 64  # characters: ids, moments, keys, names, statuses
# moto's item size limit (DynamoDB's is 400 KB; moto measured it between 409 and 410 KB).
ITEM_LIMIT = 405_000
_SCALARS = frozenset({"S", "N", "BOOL", "NULL"})
# One per scalar type and value, while an item holds it.
_shared: dict[str, weakref.WeakValueDictionary[Any, DynamoType]] = {
    kind: weakref.WeakValueDictionary() for kind in _SCALARS
}


def _short(value: Any) -> bool:
    return type(value) is not str or len(value) <= SHARED_UP_TO


@functools.lru_cache(maxsize=65_536)
def _name_size(name: str) -> int:
    return bytesize(name)


@functools.lru_cache(maxsize=65_536)
def _scalar_size(kind: str, value: Any) -> int:
    return DynamoType({kind: value}).size()


def _size(value: Any) -> int:
    if type(value) is not DynamoType:
        return bytesize(str(value))
    if value.type in _SCALARS and _short(value.value):
        return _scalar_size(value.type, value.value)
    return value.size()


def _one_of_its_kind(value: Any) -> Any:
    """The shared `DynamoType` equal to a short scalar `value`, `value` itself otherwise."""
    if type(value) is DynamoType and value.type in _SCALARS and _short(value.value):
        return _shared[value.type].setdefault(value.value, value)
    return value


def install(replacements: Replacements) -> None:
    def dynamo_type_init(self: DynamoType, type_as_dict: Any) -> None:
        original_init(self, type_as_dict)
        self.type = sys.intern(self.type)
        value = self.value
        if type(value) is str and len(value) <= SHARED_UP_TO:
            self.value = sys.intern(value)

    def set_attribute(self: LimitedSizeDict, key: str, value: Any) -> None:
        value = _one_of_its_kind(value)
        current = sum(_name_size(name) + _size(held) for name, held in self.items())
        if current + _name_size(key) + _size(value) > ITEM_LIMIT:
            raise ItemSizeTooLarge
        dict.__setitem__(self, sys.intern(key), value)

    def item_init(
        self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]
    ) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        self.attrs = LimitedSizeDict()
        size = 0
        for key, raw in attrs.items():
            value = _one_of_its_kind(DynamoType(raw))
            size += _name_size(key) + _size(value)
            if size > ITEM_LIMIT:
                raise ItemSizeTooLarge
            dict.__setitem__(self.attrs, sys.intern(key), value)

    def dynamo_type_deepcopy(self: DynamoType, memo: dict[int, Any]) -> DynamoType:
        if self.type in _SCALARS:
            return self
        copied: DynamoType = original_deepcopy(self, memo)
        return copied

    original_init = replacements.replace(DynamoType, "__init__", dynamo_type_init)
    replacements.replace(LimitedSizeDict, "__setitem__", set_attribute)
    replacements.replace(Item, "__init__", item_init)
    original_deepcopy = replacements.replace(DynamoType, "__deepcopy__", dynamo_type_deepcopy)
