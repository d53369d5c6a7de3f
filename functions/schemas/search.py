"""Search: ranked visible questions, and the answered twins of a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints

from functions.schemas.common import (
    LINE,
    TEXT,
    Id,
    PageOut,
    PageQuery,
    Schema,
    StrictQuery,
    Timestamp,
)
from youthvoice.domain.questions import TITLE_MAX, Status
from youthvoice.domain.search import Q_MAX, Q_MIN, SIMILAR_BODY_MAX

if TYPE_CHECKING:
    from youthvoice.services.search import Result

SearchText = Annotated[str, LINE, StringConstraints(min_length=Q_MIN, max_length=Q_MAX)]
DraftTitle = Annotated[str, LINE, StringConstraints(min_length=1, max_length=TITLE_MAX)]
DraftBody = Annotated[str, TEXT, StringConstraints(max_length=SIMILAR_BODY_MAX)]
Highlights = list[tuple[int, int]]
ANSWER_LINES = 3


class SearchQuery(PageQuery):
    q: SearchText = Field(description="words to look for: Chinese, English or both")
    platform_id: Id | None = Field(default=None, description="the whole subtree of this platform")
    topic: Id | None = None
    status: Status | None = None


class SimilarQuery(StrictQuery):
    title: DraftTitle = Field(description="the title being typed")
    body: DraftBody = Field(default="", description="the start of the body, if any")
    topic: Id | None = Field(default=None, description="the draft's topic: counted a little")


class SearchHitOut(Schema):
    id: str
    title: str
    title_highlights: Highlights = Field(description="[start, end) character offsets in title")
    snippet: str = Field(description="the part of the body around the first match")
    snippet_highlights: Highlights = Field(description="[start, end) offsets in snippet")
    answer: str = Field(description="the first lines of the accepted (or first official) answer")
    topic: str
    platform_id: str
    status: Status
    created_at: Timestamp
    score: float

    @classmethod
    def of(cls, result: Result) -> SearchHitOut:
        document = result.document
        return cls(
            id=document.question_id,
            title=document.title,
            title_highlights=list(result.title_highlights),
            snippet=result.snippet.text,
            snippet_highlights=list(result.snippet.highlights),
            answer="\n".join(document.answer.splitlines()[:ANSWER_LINES]),
            topic=document.topic,
            platform_id=document.platform_id,
            status=Status(document.status),
            created_at=document.created_at,
            score=round(result.score, 4),
        )


class SearchPageOut(PageOut[SearchHitOut]):
    """One page of results, the most relevant first."""


class SimilarOut(Schema):
    items: list[SearchHitOut] = Field(description="at most 5 answered questions, most alike first")
