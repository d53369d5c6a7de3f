"""Pydantic's error types as the domain's problem codes, with the limits each broke: the one
place a model's validation errors become FieldProblems."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from youthvoice.domain.errors import FieldProblem, Limit, ProblemCode, ValidationFailed
from youthvoice.domain.timestamps import EARLIEST_YEAR, LATEST_YEAR

_WRONG_TYPE = {
    "string_type": "string",
    "string_unicode": "string",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "array",
    "tuple_type": "array",
    "set_type": "array",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "date_type": "date",
    "datetime_type": "date-time",
}
PYDANTIC_CODES: dict[str, ProblemCode] = {
    "missing": ProblemCode.REQUIRED,
    "extra_forbidden": ProblemCode.UNKNOWN_FIELD,
    "string_too_short": ProblemCode.TOO_SHORT,
    "string_too_long": ProblemCode.TOO_LONG,
    "too_short": ProblemCode.TOO_FEW,
    "too_long": ProblemCode.TOO_MANY,
    "greater_than": ProblemCode.OUT_OF_RANGE,
    "greater_than_equal": ProblemCode.OUT_OF_RANGE,
    "less_than": ProblemCode.OUT_OF_RANGE,
    "less_than_equal": ProblemCode.OUT_OF_RANGE,
    "moment_range": ProblemCode.OUT_OF_RANGE,
    "enum": ProblemCode.NOT_ALLOWED,
    "literal_error": ProblemCode.NOT_ALLOWED,
    "string_pattern_mismatch": ProblemCode.INVALID_FORMAT,
    "moment": ProblemCode.INVALID_FORMAT,
    "date_parsing": ProblemCode.INVALID_FORMAT,
    "date_from_datetime_parsing": ProblemCode.INVALID_FORMAT,
    "date_from_datetime_inexact": ProblemCode.INVALID_FORMAT,
    "datetime_parsing": ProblemCode.INVALID_FORMAT,
    "datetime_from_date_parsing": ProblemCode.INVALID_FORMAT,
    "refused_character": ProblemCode.INVALID_CHARACTER,
    **dict.fromkeys(_WRONG_TYPE, ProblemCode.WRONG_TYPE),
}
# Pydantic's context keys, by the names the error shape publishes.
_LIMIT_NAMES = {
    "min_length": "min",
    "max_length": "max",
    "ge": "min",
    "le": "max",
    "gt": "above",
    "lt": "below",
    "pattern": "pattern",
    "code": "character",
}
# A text whose constraint runs after a validator (trimming) fails as a generic length, worded
# "Value should have at least 5 items": by its input, it is a text's length, not a list's.
_TEXT_LENGTHS = {"too_short": ProblemCode.TOO_SHORT, "too_long": ProblemCode.TOO_LONG}
_TEXT_LENGTH_WORDS = {
    "too_short": "String should have at least {min_length} characters",
    "too_long": "String should have at most {max_length} characters",
}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def allowed_values(expected: str) -> tuple[str | int, ...]:
    """An enum's or literal's `expected` ("'open', 'answered' or 'closed'", "1, 2 or 3") as
    the values themselves."""
    quoted = _QUOTED.findall(expected)
    if quoted:
        return tuple(quoted)
    return tuple(int(v) if v.isdigit() else v for v in re.split(r", | or ", expected) if v)


def limits_of(failed: ErrorDetails) -> dict[str, Limit]:
    context: Mapping[str, Any] = failed.get("ctx") or {}
    kind = failed["type"]
    if kind in ("enum", "literal_error"):
        return {"allowed": allowed_values(str(context.get("expected", "")))}
    if kind in _WRONG_TYPE:
        return {"expected": _WRONG_TYPE[kind]}
    if kind == "moment_range":
        return {"min_year": EARLIEST_YEAR, "max_year": LATEST_YEAR}
    return {
        _LIMIT_NAMES[key]: value if isinstance(value, int | float) else str(value)
        for key, value in context.items()
        if key in _LIMIT_NAMES
    }


def code_of(failed: ErrorDetails) -> ProblemCode:
    kind = failed["type"]
    if kind in _TEXT_LENGTHS and isinstance(failed.get("input"), str):
        return _TEXT_LENGTHS[kind]
    return PYDANTIC_CODES.get(kind, ProblemCode.INVALID)


def problem_of(failed: ErrorDetails, within: tuple[str, ...] = ()) -> FieldProblem:
    code = code_of(failed)
    if failed["type"] == "extra_forbidden":
        message = "unknown field"
    elif failed["type"] in _TEXT_LENGTHS and code in _TEXT_LENGTHS.values():
        message = _TEXT_LENGTH_WORDS[failed["type"]].format(**failed.get("ctx", {}))
    else:
        message = failed["msg"]
    return FieldProblem(
        field=".".join((*within, *(str(part) for part in failed["loc"]))) or "body",
        message=message.removeprefix("Value error, "),
        code=code,
        limits=limits_of(failed),
    )


def validation_failed(error: ValidationError, within: tuple[str, ...] = ()) -> ValidationFailed:
    """Every failing field, in the model's order; the message names the first. `within` names
    what was validated when the error's own paths do not (a path parameter)."""
    problems = tuple(problem_of(failed, within) for failed in error.errors())
    first = problems[0]
    return ValidationFailed(f"{first.field}: {first.message}", fields=problems)
