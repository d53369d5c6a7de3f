"""The topic catalogue experts register under and questions are asked in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    id: str
    zh: str
    en: str
