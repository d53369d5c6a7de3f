"""What every route shares: strict queries and bodies, pages, the error shape."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Generic, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from youthvoice.domain.errors import ProblemCode
from youthvoice.domain.pagination import CURSOR_MAX, DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest
from youthvoice.domain.people import Author, AuthorKind
from youthvoice.domain.questions import BODY_MAX, REASON_MAX
from youthvoice.domain.text import ID_MAX, ID_PATTERN, refused_character, trimmed
from youthvoice.domain.timestamps import (
    MOMENT_MAX,
    MONTH_PATTERN,
    YEARS,
    outside_years,
    parse_iso,
)
from youthvoice.domain.worktime import in_shanghai_if_naive


class Schema(BaseModel):
    """Every request and response model. Each builds its validator on first use, not at import:
    building all of them cost every cold start ~40 ms of CPU, for routes a container may never
    serve. A response always carries every field, defaults included, so the contract marks
    every response field required; a request field with a default stays optional."""

    model_config = ConfigDict(defer_build=True, json_schema_serialization_defaults_required=True)


# The parameter a browser client adds to defeat caches (`?_=1700000000000`): it means nothing here.
CACHE_BUSTER = "_"


class StrictQuery(Schema):
    """Unknown query parameters are a 400, not silently ignored; the cache-buster is dropped."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _without_cache_buster(cls, given: Any) -> Any:
        if isinstance(given, Mapping) and CACHE_BUSTER in given:
            return {name: value for name, value in given.items() if name != CACHE_BUSTER}
        return given


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="how many items at most")]
# Every id a client names (in a path, a query or a body) becomes part of a key: bounded and
# spelled so that no key can be empty, too long for DynamoDB, or split by its `#`.
Id = Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX, pattern=ID_PATTERN)]


class PageQuery(StrictQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = Field(
        default=None, max_length=CURSOR_MAX, description="next_cursor of the previous page"
    )

    @property
    def page(self) -> PageRequest:
        return PageRequest(self.limit, self.cursor)


ItemT = TypeVar("ItemT")
Found = TypeVar("Found")


class PageOut(Schema, Generic[ItemT]):
    """Every list: one page of items and the opaque cursor of the next (null on the last)."""

    items: list[ItemT]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Found], item: Callable[[Found], ItemT]) -> Self:
        return cls(items=[item(found) for found in page.items], next_cursor=page.next_cursor)


class AuthorOut(Schema):
    """A person as the caller may see them: a display name always, a user id rarely."""

    kind: AuthorKind
    name: str = Field(description="匿名, an expert's or desk's name, or a generated 青年·7F3A")
    expert_id: str | None = Field(default=None, description="set for experts")
    platform_id: str | None = Field(default=None, description="set for staff desks")
    user_id: str | None = Field(
        default=None,
        description="only for that user themself, staff of the platform or above, and admins",
    )

    @classmethod
    def of(cls, author: Author) -> AuthorOut:
        return cls(**dataclasses.asdict(author))


# The error shape is written field by field (functions/http.py), which leaves out what does not
# apply: unlike the other responses, its fields with defaults are not always there.
SPARSE = ConfigDict(json_schema_serialization_defaults_required=False)


class FieldLimitsOut(Schema):
    """The bounds a field problem broke; which are set follows from its code."""

    model_config = SPARSE

    min: int | float | None = Field(default=None, description="least length, count or value")
    max: int | float | None = Field(default=None, description="most length, count or value")
    above: int | float | None = Field(default=None, description="the value must exceed this")
    below: int | float | None = Field(default=None, description="the value must stay under this")
    min_year: int | None = None
    max_year: int | None = None
    max_days: int | None = Field(default=None, description="the longest span, in days")
    allowed: list[str | int] | None = Field(default=None, description="the values allowed")
    expected: str | None = Field(
        default=None, description="the JSON type wanted: string, integer, array, object ..."
    )
    pattern: str | None = Field(default=None, description="the regular expression to match")
    character: str | None = Field(default=None, description="the refused character, U+XXXX")
    after: str | None = Field(default=None, description="the field (or `now`) to come after")
    earliest: str | None = Field(default=None, description="the field to come no earlier than")
    latest: str | None = Field(default=None, description="the field to come no later than")


class FieldProblemOut(Schema):
    field: str = Field(description="dotted path of the field, e.g. `title` or `slots.0.from`")
    code: ProblemCode = Field(description="what is wrong, stable: word it from this and limits")
    limits: FieldLimitsOut = Field(description="only the limits that apply are present")
    message: str = Field(description="in the language Accept-Language chose (zh-CN or en)")
    detail: str = Field(description="the service's own words, in English")


# A moment the service wrote (ISO 8601 in UTC with `Z`), published so clients parse it as one.
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class ErrorDetail(Schema):
    model_config = SPARSE

    code: str = Field(description="stable: validation_error, not_found, content_blocked ...")
    message: str = Field(
        description="for people, in zh-CN unless Accept-Language prefers en; on a validation "
        "error it is the first field's"
    )
    detail: str | None = Field(
        default=None,
        description="the service's own words, in English; absent on API Gateway's and the "
        "authorizer's own answers",
    )
    fields: list[FieldProblemOut] = Field(
        default_factory=list,
        description="every failing field of the request, when the error concerns fields",
    )


class ErrorOut(Schema):
    error: ErrorDetail


class StrictBody(Schema):
    """Request bodies: unknown fields and wrong types are 400s naming the field."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _printable(multiline: bool) -> Callable[[Any], Any]:
    """Refuse control, bidi and lone surrogate characters; trim what shows nothing at the ends.

    Runs before the length check, so text is measured as it is stored: blank is empty."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        refused = refused_character(value, multiline=multiline)
        if refused is not None:
            raise PydanticCustomError(
                "refused_character", "must not contain the character {code}", {"code": refused}
            )
        return trimmed(value)

    return check


# Free text (line breaks allowed) and single lines (titles, names), each stored and measured
# trimmed: `Annotated[str, TEXT, StringConstraints(min_length=..., max_length=...)]`.
TEXT = BeforeValidator(_printable(multiline=True))
LINE = BeforeValidator(_printable(multiline=False))
Body = Annotated[str, TEXT, StringConstraints(min_length=1, max_length=BODY_MAX)]
Reason = Annotated[str, TEXT, StringConstraints(min_length=1, max_length=REASON_MAX)]


Day = TypeVar("Day", bound=dt.date)


def _within_years(moment: Day) -> Day:
    if outside_years(moment):
        raise PydanticCustomError("moment_range", YEARS)
    return moment


def _month_within_years(month: str) -> str:
    _within_years(dt.date(int(month[:4]), 1, 1))
    return month


def _given_moment(value: str) -> str:
    """A moment kept as given (the service reads its zone), once it is one in range."""
    try:
        _within_years(parse_iso(value))
    except ValueError:
        raise PydanticCustomError("moment", "not an ISO 8601 date or time") from None
    return value


# Moments a client gives, in the years the service can count working time in: as a datetime,
# or as the ISO 8601 text a season keeps (without a zone it is Asia/Shanghai time).
Moment = Annotated[dt.datetime, Field(strict=False), AfterValidator(_within_years)]
MomentText = Annotated[str, StringConstraints(max_length=MOMENT_MAX), AfterValidator(_given_moment)]
# A Shanghai date or a calendar month a report or board covers: the same years, so no date a
# report steps through or moves to a time zone overflows the calendar.
Date = Annotated[dt.date, AfterValidator(_within_years)]
Month = Annotated[
    str, StringConstraints(pattern=MONTH_PATTERN), AfterValidator(_month_within_years)
]
# The time of something held in the province (an activity): without a zone, Asia/Shanghai time.
LocalMoment = Annotated[
    dt.datetime,
    Field(strict=False, description="ISO 8601; without a zone, Asia/Shanghai"),
    AfterValidator(in_shanghai_if_naive),
    AfterValidator(_within_years),
]
