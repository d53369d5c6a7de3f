"""Which of a route's media types a client takes, by Accept's q-values (RFC 9110 §12.5.1).

werkzeug parses Accept too, but it is not in the Lambda layers, so the rule is written here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

Tag = TypeVar("Tag", bound=str)

# A qvalue: 0 to 1 with at most three decimals.
_QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True)
class MediaRange:
    kind: str
    subtype: str
    quality: float

    def matches(self, media_type: str) -> bool:
        kind, _, subtype = media_type.partition("/")
        return self.kind in ("*", kind) and self.subtype in ("*", subtype)

    @property
    def specificity(self) -> int:
        """`text/csv` outranks `text/*`, which outranks `*/*`, whatever their order."""
        return (self.kind != "*") + (self.subtype != "*")


def _quality(parameters: Sequence[str]) -> float | None:
    """A range's q (1 when absent); None when it is not a qvalue, so the range is left out."""
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            return float(value.strip()) if _QVALUE.fullmatch(value.strip()) else None
    return 1.0


def media_ranges(accept: str) -> list[MediaRange]:
    """Accept's ranges; one that is malformed (no `/`, a q that is not a qvalue) is left out.
    Parameters other than q (`charset=utf-8`) do not narrow a range here."""
    ranges = []
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not (slash and _TOKEN.fullmatch(kind) and _TOKEN.fullmatch(subtype)):
            continue
        if kind == "*" and subtype != "*":
            continue
        quality = _quality(parameters)
        if quality is not None:
            ranges.append(MediaRange(kind, subtype, quality))
    return ranges


def quality_of(media_type: str, ranges: Sequence[MediaRange]) -> float:
    """The q of the most specific range that names the type; 0 (not acceptable) when none does."""
    matching = [r for r in ranges if r.matches(media_type)]
    return max(matching, key=lambda r: r.specificity).quality if matching else 0.0


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client rates highest, ties going to the earlier offered (a route
    lists its default first); None when it accepts none. An Accept that is absent, or has no
    range this can read, accepts anything: the route's default."""
    ranges = media_ranges(accept or "")
    if not ranges:
        return offered[0]
    best = max(offered, key=lambda media_type: quality_of(media_type, ranges))
    return best if quality_of(best, ranges) > 0 else None


def language_ranges(accept_language: str) -> list[tuple[str, float]]:
    """Accept-Language's ranges (RFC 9110 §12.5.4) as (primary language, q), lower case; a
    malformed one is left out."""
    ranges = []
    for part in accept_language.split(","):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        primary = tag.lower().partition("-")[0]
        if not (primary == "*" or primary.isalpha()) or not primary:
            continue
        quality = _quality(parameters)
        if quality is not None:
            ranges.append((primary, quality))
    return ranges


def negotiate_language(accept_language: str | None, offered: Sequence[Tag]) -> Tag:
    """The offered language (a tag such as zh-CN) the client rates highest, compared by primary
    language, so en-US takes en and zh-TW takes zh-CN; ties, no match and no header give the
    first offered, the service's default."""
    ranges = language_ranges(accept_language or "")

    def quality(tag: Tag) -> float:
        primary = tag.lower().partition("-")[0]
        named = [q for language, q in ranges if language == primary]
        anything = [q for language, q in ranges if language == "*"]
        return max(named or anything or [0.0])

    best = max(offered, key=quality)
    return best if quality(best) > 0 else offered[0]
