"""The one error hierarchy. Services raise these; the HTTP edge maps each kind to a status once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

Found = TypeVar("Found")
# A limit's value: a length or count, a bound, a field it is compared with, or the values allowed.
Limit = int | float | str | tuple[str | int, ...]


class ProblemCode(StrEnum):
    """What is wrong with one field: stable, so a client words it (with the limits) itself."""

    REQUIRED = "required"
    UNKNOWN_FIELD = "unknown_field"
    WRONG_TYPE = "wrong_type"  # limits: expected (string, integer, boolean, array, object ...)
    TOO_SHORT = "too_short"  # text: min characters
    TOO_LONG = "too_long"  # text: max characters
    TOO_FEW = "too_few"  # a list: min items
    TOO_MANY = "too_many"  # a list: max items
    TOO_DEEP = "too_deep"  # a body nested more than max levels
    OUT_OF_RANGE = "out_of_range"  # min, max, above, below; min_year, max_year for moments
    NOT_ALLOWED = "not_allowed"  # not one of allowed
    INVALID_FORMAT = "invalid_format"  # pattern, when there is one
    INVALID_CHARACTER = "invalid_character"  # character, as U+XXXX
    DUPLICATE = "duplicate"
    NOT_AFTER = "not_after"  # must come after the field (or `now`) named by after
    TOO_EARLY = "too_early"  # must come no earlier than the field named by earliest
    TOO_LATE = "too_late"  # must come no later than the field named by latest
    SPAN_TOO_LONG = "span_too_long"  # max_days
    UNKNOWN_REFERENCE = "unknown_reference"  # an id that names nothing
    SCREENED = "screened"  # text the word screen holds or refuses
    INVALID = "invalid"  # anything else: the detail says what


@dataclass(frozen=True)
class FieldProblem:
    """One field a request got wrong: a client shows each next to its own input.

    `code` is stable and `limits` (`min`, `max`, `allowed`, `after` ...) carry the bounds it
    broke, so a client words it in its own language; `message` is the service's English."""

    field: str
    message: str
    code: ProblemCode = ProblemCode.INVALID
    limits: Mapping[str, Limit] = dataclasses.field(default_factory=dict)


class DomainError(Exception):
    """Base of every error a client may see. `code` is stable; `message` is for people (in
    English: the edge shows it as the detail of a message in the client's language). `fields`
    name the inputs it concerns, when it can tell."""

    code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, fields: tuple[FieldProblem, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
        if code is not None:
            self.code = code


class ValidationFailed(DomainError):
    """`fields` lists every failing field (the first one is also the message's), so a client
    can mark them all at once."""

    code = "validation_error"

    def __init__(self, message: str, *, fields: tuple[FieldProblem, ...] = ()) -> None:
        super().__init__(message, fields=fields)

    @classmethod
    def of(cls, name: str, code: ProblemCode, message: str, **limits: Limit) -> ValidationFailed:
        """One field's problem: `ValidationFailed.of("title", "too_long", "...", max=80)`."""
        return cls(f"{name}: {message}", fields=(FieldProblem(name, message, code, limits),))


def indexed(name: str, values: Sequence[Found]) -> dict[str, Found]:
    """A list's items named as a client names them: `tags.0`, `tags.1` ..."""
    return {f"{name}.{index}": value for index, value in enumerate(values)}


class Problems:
    """Every failing field of one request, gathered before anything is refused: a check that
    stops at the first problem makes a client fix its form one field per round trip."""

    def __init__(self) -> None:
        self.found: list[FieldProblem] = []

    def add(self, name: str, code: ProblemCode, message: str, **limits: Limit) -> None:
        self.found.append(FieldProblem(name, message, code, limits))

    def check(self, call: Callable[[], Found]) -> Found | None:
        """The call's result, or None once its ValidationFailed is noted for later."""
        try:
            return call()
        except ValidationFailed as error:
            self.found.extend(error.fields or (FieldProblem("body", error.message),))
            return None

    def raise_any(self) -> None:
        if self.found:
            first = self.found[0]
            raise ValidationFailed(f"{first.field}: {first.message}", fields=tuple(self.found))


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class NotAcceptable(DomainError):
    """None of the media types a route answers in is one the client's Accept takes."""

    code = "not_acceptable"


class Conflict(DomainError):
    code = "conflict"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class Unprocessable(DomainError):
    code = "unprocessable"


class TooManyRequests(DomainError):
    """A quota is spent: `retry_after` is how many seconds until its window ends."""

    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConcurrentChange(Conflict):
    """Another writer changed the same thing first. Reading again and re-applying the change
    usually succeeds, so services retry this one (and only this one) before answering 409."""


class IdempotencyKeyUsed(Conflict):
    """The client's Idempotency-Key already produced a result: the service answers with that."""


class NoPlaceLeft(Conflict):
    """The activity's places are taken (or others are already waiting): a signup joins the
    waitlist instead, and a promotion stops at the head of the waitlist."""
