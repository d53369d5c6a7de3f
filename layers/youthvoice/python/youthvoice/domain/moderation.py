"""Sensitive-word screening of normalised text, so that a disguised word is screened as the word.

Each text is normalised once (Unicode NFKC, case folding, invisible characters dropped, the gaps
put between characters closed, traditional characters made simplified) and matched against every
listed word by one Aho-Corasick automaton; the hard words are matched once more by sound (toneless
pinyin), which catches homophones and pinyin spellings. An ordinary phrase on the "allow" list
that overlaps a match (面包过期 over 包过) excuses it: that is how false alarms are kept rare.

OpenCC, pypinyin and the automatons (pyahocorasick) load on the first check (`WordList.build`),
not at import: ~0.12 s of CPU that every cold start paid, although only posts are screened; and
the functions that never screen (the authorizer, the schedules) ship without those libraries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from youthvoice.domain.errors import FieldProblem, ProblemCode, ValidationFailed

if TYPE_CHECKING:
    import ahocorasick
    from opencc_purepy import OpenCC


class Severity(StrEnum):
    HARD = "hard"
    SOFT = "soft"


@dataclass(frozen=True)
class Verdict:
    """`category` names the rule that matched; the matched words themselves are never disclosed."""

    severity: Severity | None
    category: str | None

    @property
    def blocked(self) -> bool:
        return self.severity is Severity.HARD

    @property
    def held(self) -> bool:
        return self.severity is Severity.SOFT


CLEAN = Verdict(None, None)

# Format, combining and control characters: zero-width spaces and joiners, soft hyphens, BOMs.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc"})
# Punctuation that ends a clause in ordinary writing: a gap of these closes only around a single
# character standing alone (六，合，彩), never between two words (取代，考研).
CLAUSE_PUNCTUATION = frozenset("，。！？；：、…,!?;:")
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_IS_CJK = re.compile(f"[{CJK}]")
_RUNS = re.compile(r"[^\W_]+|[\W_]+")


@cache
def _simplified() -> OpenCC:
    """OpenCC's phrase-aware traditional → simplified converter, built once per container."""
    from opencc_purepy import OpenCC  # noqa: PLC0415

    return OpenCC("t2s")


def _toneless(text: str) -> list[str]:
    """pypinyin's toneless reading of each word of `text`."""
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415

    return lazy_pinyin(text, style=Style.NORMAL)


@cache
def _spelling(character: str) -> str:
    """A Chinese character's toneless pinyin (its most common reading), a Latin letter itself,
    anything else ""."""
    spelled = _toneless(character)[0] if _IS_CJK.match(character) else character
    return spelled if spelled.isascii() and spelled.isalpha() else ""


def _close_gaps(text: str) -> str:
    """Drop the spaces and punctuation around a character standing alone (六 . 合 . 彩, Q Q 号),
    and the spacing beside a Chinese character; clause punctuation between words stays."""
    runs = _RUNS.findall(text)
    kept: list[str] = []
    for index, run in enumerate(runs):
        is_gap = run[0] == "_" or not run[0].isalnum()
        if is_gap and 0 < index < len(runs) - 1:
            before, after = runs[index - 1], runs[index + 1]
            alone = len(before) == 1 or len(after) == 1
            beside_chinese = _IS_CJK.match(before[-1]) or _IS_CJK.match(after[0])
            if alone or (beside_chinese and not CLAUSE_PUNCTUATION.intersection(run)):
                continue
        kept.append(run)
    return "".join(kept)


def folded(text: str) -> str:
    """NFKC, case folded, without invisible characters: full-width letters become ASCII."""
    nfkc = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in nfkc if unicodedata.category(c) not in INVISIBLE_CATEGORIES)


def simplified(text: str) -> str:
    """Traditional characters made simplified, phrase by phrase."""
    return _simplified().convert(text)


def normalise(text: str) -> str:
    """The form every text and every listed word is matched in."""
    return simplified(_close_gaps(folded(text)))


@dataclass(frozen=True)
class Sounds:
    """A text spelled in toneless pinyin letters, with where each letter came from."""

    letters: str
    source: tuple[int, ...]  # for each letter, the index of the character it spells
    edges: frozenset[int]  # letter offsets where a syllable starts or ends

    @classmethod
    def of(cls, text: str) -> Sounds:
        letters: list[str] = []
        source: list[int] = []
        edges: set[int] = set()
        for index, character in enumerate(text):
            spelled = _spelling(character)
            if not spelled:
                continue
            edges.add(len(letters))
            if len(spelled) == 1:  # a letter the writer typed: a syllable may start anywhere
                edges.add(len(letters) + 1)
            letters.extend(spelled)
            source.extend([index] * len(spelled))
            edges.add(len(letters))
        return cls("".join(letters), tuple(source), frozenset(edges))


def readings(word: str) -> set[str]:
    """How a listed word sounds: its phrase reading and its characters' most common readings."""
    phrase = "".join(_toneless(word))
    return {reading for reading in (phrase, Sounds.of(word).letters) if reading.isalpha()}


@dataclass(frozen=True)
class Rule:
    severity: Severity
    category: str


@dataclass(frozen=True)
class Match:
    rule: Rule | None  # None: an allowed phrase
    first: int  # character offsets in the normalised text, inclusive
    last: int


class WordList:
    @classmethod
    def from_data(cls, data: Any) -> WordList:
        """A word list file, its shape checked before any post is screened with it."""
        if not isinstance(data, Mapping):
            raise ValidationFailed('word list: expected {"hard": {...}, "soft": {...}}')
        for severity in Severity:
            categories = data.get(severity.value, {})
            if not isinstance(categories, Mapping) or not all(
                isinstance(words, list) and all(isinstance(word, str) for word in words)
                for words in categories.values()
            ):
                raise ValidationFailed(f'word list: "{severity}" must map categories to [words]')
        allowed = data.get("allow", [])
        if not isinstance(allowed, list) or not all(isinstance(p, str) for p in allowed):
            raise ValidationFailed('word list: "allow" must be a list of phrases')
        return cls(data, allowed)

    def __init__(
        self, rules: Mapping[str, Mapping[str, Sequence[str]]], allowed: Sequence[str] = ()
    ) -> None:
        """`rules` is {"hard": {category: [words]}, "soft": {category: [words]}}; `allowed` lists
        ordinary phrases that overlap a listed word. Kept as given until `build`."""
        self._rules = rules
        self._allowed = tuple(allowed)
        self._automatons: Automatons | None = None

    def build(self) -> Automatons:
        """The words normalised and their automatons, built once, on the first check; refuses an
        allowed phrase that is part of a word (it would excuse every occurrence of the word)."""
        if self._automatons is None:
            self._automatons = Automatons.of(self._rules, self._allowed)
        return self._automatons

    def check(self, *texts: str) -> Verdict:
        """The worst match wins: one hard word blocks, otherwise one soft word holds."""
        verdict = CLEAN
        for text in texts:
            for rule in self._rules_in(normalise(text)):
                if rule.severity is Severity.HARD:
                    return Verdict(rule.severity, rule.category)
                verdict = Verdict(rule.severity, rule.category)
        return verdict

    def refused_fields(
        self, texts: Mapping[str, str], refused: Callable[[Verdict], bool]
    ) -> tuple[FieldProblem, ...]:
        """The fields whose own text the screen refuses, so a client marks each of them."""
        return tuple(
            FieldProblem(name, "holds a word the screen refuses", ProblemCode.SCREENED)
            for name, text in texts.items()
            if refused(self.check(text))
        )

    def _rules_in(self, text: str) -> Iterator[Rule]:
        automatons = self.build()
        written = list(_matches(automatons.written, text))
        excused = [(m.first, m.last) for m in written if m.rule is None]
        for match in (*written, *_spoken_matches(automatons.spoken, text)):
            if match.rule is not None and not any(
                first <= match.last and match.first <= last for first, last in excused
            ):
                yield match.rule


@dataclass(frozen=True)
class Automatons:
    """Every listed word and allowed phrase as written, and the hard words as they sound."""

    written: ahocorasick.Automaton | None
    spoken: ahocorasick.Automaton | None

    @classmethod
    def of(
        cls, rules: Mapping[str, Mapping[str, Sequence[str]]], allowed: Sequence[str]
    ) -> Automatons:
        words: dict[str, Rule] = {}
        for severity in Severity:
            for category, listed in rules.get(severity.value, {}).items():
                for word in filter(None, map(normalise, map(str.strip, listed))):
                    if word not in words or words[word].severity is Severity.SOFT:
                        words[word] = Rule(severity, category)
        phrases = {normalise(p.strip()) for p in allowed} - {""}
        for phrase in phrases:
            if any(phrase in word for word in words):
                raise ValidationFailed(f"word list: allowed phrase {phrase!r} is part of a word")
        return cls(
            written=_automaton({**{p: None for p in phrases}, **words}),
            spoken=_automaton(
                {
                    reading: rule
                    for word, rule in words.items()
                    if rule.severity is Severity.HARD
                    for reading in readings(word)
                }
            ),
        )


def _spoken_matches(spoken: ahocorasick.Automaton | None, text: str) -> Iterator[Match]:
    if spoken is None:
        return
    sounds = Sounds.of(text)
    for match in _matches(spoken, sounds.letters):
        if match.first in sounds.edges and match.last + 1 in sounds.edges:
            yield Match(match.rule, sounds.source[match.first], sounds.source[match.last])


def _automaton(entries: Mapping[str, Rule | None]) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    import ahocorasick  # noqa: PLC0415 - as OpenCC and pypinyin: the first check loads it

    automaton = ahocorasick.Automaton()
    for key, rule in entries.items():
        automaton.add_word(key, (len(key), rule))
    automaton.make_automaton()
    return automaton


def _matches(automaton: ahocorasick.Automaton | None, text: str) -> Iterator[Match]:
    if automaton is None:
        return
    for last, (length, rule) in automaton.iter(text):
        yield Match(rule, last - length + 1, last)
