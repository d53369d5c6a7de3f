"""The one error hierarchy. Services raise these; the HTTP edge maps each kind to a status once."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every error a client may see. `code` is stable; `message` is for people."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


@dataclass(frozen=True)
class FieldProblem:
    """One field a request got wrong: a client shows each next to its own input."""

    field: str
    message: str


class ValidationFailed(DomainError):
    """`fields` lists every failing field when a model checked the request (the first one is
    also the message's), so a client can mark them all at once."""

    code = "validation_error"

    def __init__(self, message: str, *, fields: tuple[FieldProblem, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields


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
