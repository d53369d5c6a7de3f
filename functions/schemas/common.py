"""What every route shares: strict queries and bodies, pages, the error shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from youthvoice.domain.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest
from youthvoice.domain.questions import BODY_MAX, REASON_MAX


class StrictQuery(BaseModel):
    """Unknown query parameters are a 400, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="how many items at most")]


class PageQuery(StrictQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = Field(default=None, description="next_cursor of the previous page")

    @property
    def page(self) -> PageRequest:
        return PageRequest(self.limit, self.cursor)


ItemT = TypeVar("ItemT")
Found = TypeVar("Found")


class PageOut(BaseModel, Generic[ItemT]):
    """Every list: one page of items and the opaque cursor of the next (null on the last)."""

    items: list[ItemT]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Found], item: Callable[[Found], ItemT]) -> Self:
        return cls(items=[item(found) for found in page.items], next_cursor=page.next_cursor)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class StrictBody(BaseModel):
    """Request bodies: unknown fields and wrong types are 400s naming the field."""

    model_config = ConfigDict(extra="forbid", strict=True)


# Text that is stored trimmed is measured trimmed: blank is empty.
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BODY_MAX)]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=REASON_MAX)
]
