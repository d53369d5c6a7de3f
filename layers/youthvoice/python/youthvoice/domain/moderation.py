"""Sensitive-word screening with an Aho-Corasick automaton built once from a data file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import ahocorasick

from youthvoice.domain.errors import ValidationFailed


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
        return cls(data)

    def __init__(self, rules: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        """`rules` is {"hard": {category: [words]}, "soft": {category: [words]}}."""
        self._automaton = ahocorasick.Automaton()
        for severity in Severity:
            for category, words in rules.get(severity.value, {}).items():
                for word in words:
                    normalised = word.strip().lower()
                    if not normalised:
                        continue
                    existing = self._automaton.get(normalised, None)
                    if existing is None or existing[0] is Severity.SOFT:
                        self._automaton.add_word(normalised, (severity, category))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def check(self, *texts: str) -> Verdict:
        """The worst match wins: one hard word blocks, otherwise one soft word holds."""
        if self._empty:
            return CLEAN
        verdict = CLEAN
        for text in texts:
            for _end, (severity, category) in self._automaton.iter(text.lower()):
                if severity is Severity.HARD:
                    return Verdict(severity, category)
                verdict = Verdict(severity, category)
        return verdict
