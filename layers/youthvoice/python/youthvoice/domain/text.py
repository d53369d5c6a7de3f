"""What text and ids the platform accepts: printable, in one direction, and storable as keys."""

from __future__ import annotations

import re

ID_MAX = 128
# Ids become parts of keys joined by `#` and appear in paths: letters, digits and `._:@-` only.
ID_PATTERN = r"^[A-Za-z0-9._:@-]+$"
# A notification id is its inbox sort key's own suffix (moment `#` sequence): printable ASCII.
NOTIFICATION_ID_PATTERN = r"^[!-~]+$"

# Control characters (C0, DEL, C1), the bidi embeddings, overrides and isolates that make text
# read differently from how it is stored and screened, and lone surrogates (not Unicode at all).
_REFUSED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_REFUSED_IN_TEXT = re.compile(f"[{_REFUSED}]")
# A line (a title, a name) may not break either.
_REFUSED_IN_LINE = re.compile(f"[{_REFUSED}\t\n\r]")
# Spaces (U+3000 is the last) and characters that show nothing: a title made of them alone is as
# empty as a blank one.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_TRIMMED = "".join(chr(code) for code in range(0x3001) if chr(code).isspace()) + _INVISIBLE


def refused_character(text: str, *, multiline: bool) -> str | None:
    """The first character the text may not hold, as `U+XXXX`, or None when it has none."""
    found = (_REFUSED_IN_TEXT if multiline else _REFUSED_IN_LINE).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def trimmed(text: str) -> str:
    """Text as stored and measured: without spaces or invisible characters at either end."""
    return text.strip(_TRIMMED)


def utf16_length(text: str) -> int:
    """How many UTF-16 code units the text takes: what a browser's string length counts, so a
    character outside the Basic Multilingual Plane (𠮷, most emoji) counts two."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)
