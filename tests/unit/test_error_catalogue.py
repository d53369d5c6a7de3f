"""Field problems: pydantic's errors as stable codes with limits, gathered all at once, and
worded from one catalogue in Chinese or English."""

from __future__ import annotations

import string
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from functions.http import STATUS_BY_ERROR
from functions.messages import (
    ERROR_MESSAGES,
    FIELD_MESSAGES,
    LANGUAGES,
    error_message,
    field_label,
    field_message,
)
from functions.negotiation import negotiate_language
from functions.problems import allowed_values, validation_failed
from functions.schemas.common import LINE, Date
from youthvoice.domain.errors import (
    DomainError,
    FieldProblem,
    ProblemCode,
    Problems,
    ValidationFailed,
)
from youthvoice.domain.questions import Status
from youthvoice.domain.timestamps import EARLIEST_YEAR, LATEST_YEAR


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, LINE, StringConstraints(min_length=5, max_length=10)]
    code: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")] = "ok"
    tags: Annotated[list[str], Field(max_length=2)] = []
    score: Annotated[int, Field(ge=1, le=5)] = 3
    status: Status = Status.OPEN
    level: Literal[1, 2, 3] = 1
    day: Date | None = None
    anonymous: bool = False


def problems_of(data: dict[str, object]) -> list[tuple[str, ProblemCode, dict[str, object]]]:
    with pytest.raises(ValidationError) as raised:
        Sample.model_validate(data)
    refused = validation_failed(raised.value)
    return [(p.field, p.code, dict(p.limits)) for p in refused.fields]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ("title", ProblemCode.REQUIRED, {})),
        ({"title": "  四个字  "}, ("title", ProblemCode.TOO_SHORT, {"min": 5})),
        ({"title": "长" * 11}, ("title", ProblemCode.TOO_LONG, {"max": 10})),
        ({"title": "title", "colour": 1}, ("colour", ProblemCode.UNKNOWN_FIELD, {})),
        ({"title": 5}, ("title", ProblemCode.WRONG_TYPE, {"expected": "string"})),
        ({"title": "title", "tags": ["a", "b", "c"]}, ("tags", ProblemCode.TOO_MANY, {"max": 2})),
        ({"title": "title", "score": 0}, ("score", ProblemCode.OUT_OF_RANGE, {"min": 1})),
        ({"title": "title", "score": 6}, ("score", ProblemCode.OUT_OF_RANGE, {"max": 5})),
        (
            {"title": "title", "code": "A1"},
            ("code", ProblemCode.INVALID_FORMAT, {"pattern": "^[a-z]+$"}),
        ),
        (
            {"title": "title", "level": 4},
            ("level", ProblemCode.NOT_ALLOWED, {"allowed": (1, 2, 3)}),
        ),
        (
            {"title": "title", "day": "1899-01-01"},
            (
                "day",
                ProblemCode.OUT_OF_RANGE,
                {"min_year": EARLIEST_YEAR, "max_year": LATEST_YEAR},
            ),
        ),
        (
            {"title": "ti\u202etle"},
            ("title", ProblemCode.INVALID_CHARACTER, {"character": "U+202E"}),
        ),
    ],
)
def test_each_pydantic_error_becomes_a_code_with_its_limits(
    data: dict[str, object], expected: tuple[str, ProblemCode, dict[str, object]]
) -> None:
    # When a model refuses the data, Then the first problem has the code and limits expected
    assert problems_of(data)[0] == expected


def test_an_enum_lists_its_allowed_values() -> None:
    # When a closed set refuses a value, Then the values it takes are the limit
    [(_, code, limits)] = problems_of({"title": "title", "status": "lost"})
    assert code is ProblemCode.NOT_ALLOWED
    assert limits == {"allowed": tuple(Status)}


def test_every_failing_field_is_kept_in_order() -> None:
    # When three fields fail at once, Then all three are problems, in the model's order
    problems = problems_of({"title": "短", "score": 9, "anonymous": "maybe"})
    assert [field for field, _, _ in problems] == ["title", "score", "anonymous"]


@pytest.mark.parametrize(
    ("expected", "values"),
    [("'open', 'answered' or 'closed'", ("open", "answered", "closed")), ("1, 2 or 3", (1, 2, 3))],
)
def test_allowed_values_are_read_from_pydantics_wording(
    expected: str, values: tuple[str | int, ...]
) -> None:
    assert allowed_values(expected) == values


def test_problems_gather_every_check_before_refusing() -> None:
    # Given two checks that fail and one that passes
    problems = Problems()

    def unknown(name: str) -> None:
        raise ValidationFailed.of(name, ProblemCode.UNKNOWN_REFERENCE, f"unknown {name}")

    problems.check(lambda: unknown("platform_id"))
    passed = problems.check(lambda: "fine")
    problems.check(lambda: unknown("topic"))
    # When they are raised
    with pytest.raises(ValidationFailed) as raised:
        problems.raise_any()
    # Then the passing check kept its result and both failures are listed, the first named
    assert passed == "fine"
    assert [p.field for p in raised.value.fields] == ["platform_id", "topic"]
    assert raised.value.message == "platform_id: unknown platform_id"


def test_no_problems_raise_nothing() -> None:
    Problems().raise_any()


@pytest.mark.parametrize("code", list(ProblemCode))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_templates_that_fill_from_their_limits(
    code: ProblemCode, language: Literal["zh-CN", "en"]
) -> None:
    # Given the catalogue's templates of a code
    templates = FIELD_MESSAGES[code]
    # Then the last asks for no limit, so every problem of the code has words
    assert templates[-1][0] == () or len(templates) == 1
    for needed, *texts in templates:
        for text in texts:
            # And each template names only the field and the limits it needs
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert names <= {"field", *needed}
        # And filled with those limits, it names the field
        limits: dict[str, int | str | tuple[str | int, ...]] = dict.fromkeys(needed, 7)
        shown = field_message(FieldProblem("score", "", code, limits), language)
        assert shown.startswith("score")


def test_a_message_renders_its_field_and_limits_in_each_language() -> None:
    problem = FieldProblem("topics.2", "", ProblemCode.TOO_LONG, {"max": 20})
    assert field_message(problem, "zh-CN") == "话题（第 3 项）：最多 20 个字"
    assert field_message(problem, "en") == "topics.2: at most 20 characters"
    allowed = FieldProblem("status", "", ProblemCode.NOT_ALLOWED, {"allowed": ("open", "closed")})
    assert field_message(allowed, "zh-CN") == "status：只能是 open、closed"
    assert field_message(allowed, "en") == "status: one of open, closed"
    ordered = FieldProblem("ends_at", "", ProblemCode.NOT_AFTER, {"after": "now"})
    assert field_message(ordered, "zh-CN") == "结束时间：应晚于现在"


def test_a_field_without_a_chinese_label_keeps_its_name() -> None:
    assert field_label("slots.1.staff_ids", "zh-CN") == "slots.1.staff_ids"
    assert field_label("title", "en") == "title"


@pytest.mark.parametrize("kind", list(STATUS_BY_ERROR))
def test_every_kind_of_error_has_a_message_in_each_language(kind: type[DomainError]) -> None:
    assert kind.code in ERROR_MESSAGES
    chinese, english = ERROR_MESSAGES[kind.code]
    assert chinese != english


def test_an_error_code_the_catalogue_lacks_falls_back_to_its_kind() -> None:
    assert (
        error_message(["some_new_conflict", "conflict"], (), "en") == ERROR_MESSAGES["conflict"][1]
    )
    assert error_message(["unheard_of"], (), "zh-CN") == ERROR_MESSAGES["error"][0]


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        (None, "zh-CN"),
        ("", "zh-CN"),
        ("en", "en"),
        ("EN-gb", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-TW", "zh-CN"),
        ("fr, de;q=0.5", "zh-CN"),
        ("fr, en;q=0.1", "en"),
        ("en;q=0.4, zh;q=0.6", "zh-CN"),
        ("en;q=0.6, zh;q=0.4", "en"),
        ("en;q=0.5, zh-CN;q=0.5", "zh-CN"),
        ("*", "zh-CN"),
        ("en;q=0, *", "zh-CN"),
        ("en;q=2", "zh-CN"),
        ("zh;q=0, en;q=0.1", "en"),
        (";;,", "zh-CN"),
    ],
)
def test_accept_language_picks_english_only_when_preferred(header: str | None, chosen: str) -> None:
    assert negotiate_language(header, LANGUAGES) == chosen
