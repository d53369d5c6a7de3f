"""Search: ranked visible questions, and the answered twins of a draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints

from functions.schemas.common import (
    LINE,
    TEXT,
    AuthorOut,
    Id,
    PageOut,
    PageQuery,
    Schema,
    StrictQuery,
    Timestamp,
)
from youthvoice.domain.questions import TITLE_MAX, Status
from youthvoice.domain.search import Q_MAX, Q_MIN, SIMILAR_BODY_MAX
from youthvoice.domain.text import utf16_length

if TYPE_CHECKING:
    from youthvoice.services.people import ListedNames
    from youthvoice.services.search import Result

SearchText = Annotated[str, LINE, StringConstraints(min_length=Q_MIN, max_length=Q_MAX)]
DraftTitle = Annotated[str, LINE, StringConstraints(min_length=1, max_length=TITLE_MAX)]
DraftBody = Annotated[str, TEXT, StringConstraints(max_length=SIMILAR_BODY_MAX)]
ANSWER_LINES = 3


class HighlightOut(Schema):
    """A matched stretch of text, [start, end) in UTF-16 code units: what JavaScript's
    `slice` counts, so a character outside the BMP (𠮷, an emoji) is two."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


def highlights(text: str, spans: Sequence[tuple[int, int]]) -> list[HighlightOut]:
    return [
        HighlightOut(start=utf16_length(text[:start]), end=utf16_length(text[:end]))
        for start, end in spans
    ]


Highlights = list[HighlightOut]


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
    title_highlights: Highlights = Field(description="the matches in title")
    snippet: str = Field(description="the part of the body around the first match")
    snippet_highlights: Highlights = Field(description="the matches in snippet")
    answer: str = Field(description="the first lines of the accepted (or first official) answer")
    topic: str
    topic_name: str = Field(description="the topic's Chinese name")
    platform_id: str
    platform_name: str
    status: Status
    created_at: Timestamp
    score: float
    answers: int = Field(description="official and peer answers shown")
    asker: AuthorOut = Field(description="匿名 when asked anonymously; never a user id")

    @classmethod
    def of(cls, result: Result, names: ListedNames) -> SearchHitOut:
        document = result.document
        return cls(
            id=document.question_id,
            title=document.title,
            title_highlights=highlights(document.title, result.title_highlights),
            snippet=result.snippet.text,
            snippet_highlights=highlights(result.snippet.text, result.snippet.highlights),
            answer="\n".join(document.answer.splitlines()[:ANSWER_LINES]),
            topic=document.topic,
            topic_name=names.topics.get(document.topic, document.topic),
            platform_id=document.platform_id,
            platform_name=names.platforms.get(document.platform_id, document.platform_id),
            status=Status(document.status),
            created_at=document.created_at,
            score=round(result.score, 4),
            answers=document.answers,
            asker=AuthorOut.of(names.asker(document.asker)),
        )


class SearchPageOut(PageOut[SearchHitOut]):
    """One page of results, the most relevant first."""


class SimilarOut(Schema):
    items: list[SearchHitOut] = Field(description="at most 5 answered questions, most alike first")
