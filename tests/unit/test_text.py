"""What text the platform accepts, and how it is trimmed before it is measured."""

from __future__ import annotations

import pytest

from youthvoice.domain.text import refused_character, trimmed


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nul\x00", "U+0000"),
        ("escape\x1b[31m", "U+001B"),
        ("delete\x7f", "U+007F"),
        ("next line\x85", "U+0085"),
        ("\u202egnp.exe", "U+202E"),
        ("isolate\u2067", "U+2067"),
        ("surrogate\ud800", "U+D800"),
    ],
)
def test_control_bidi_and_surrogate_characters_are_refused_anywhere(text: str, code: str) -> None:
    # Given text with a character that hides or reorders what is shown
    # When it is checked as a line and as multi-line text
    # Then both name the character
    assert refused_character(text, multiline=True) == code
    assert refused_character(text, multiline=False) == code


def test_line_breaks_are_text_but_not_a_line() -> None:
    # Given text across lines, with a tab
    text = "第一行\n第二行\r\n\t缩进"
    # When it is checked
    # Then a body may hold it, a title may not
    assert refused_character(text, multiline=True) is None
    assert refused_character(text, multiline=False) == "U+000A"


def test_ordinary_text_in_any_script_is_accepted() -> None:
    # Given Chinese, emoji joined by a zero-width joiner, and Arabic
    # When it is checked
    # Then nothing is refused
    assert refused_character("毕业后怎么找工作 👩\u200d🎓 مرحبا", multiline=False) is None


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("\u200b\ufeff\u2060", ""),
        (" \u200b \u3000 标题 \u200d ", "标题"),
        ("a\u200bb", "a\u200bb"),
    ],
)
def test_spaces_and_invisible_characters_are_trimmed_at_the_ends_only(
    text: str, stored: str
) -> None:
    # Given text with spaces and zero-width characters around (and inside) it
    # When it is trimmed
    # Then only the ends lose them
    assert trimmed(text) == stored
