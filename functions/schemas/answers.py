"""Answers and likes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field

from functions.deferred import Deferred
from functions.schemas.common import AuthorOut, Body, Id, Schema, StrictBody, Timestamp
from youthvoice.domain.identity import Viewer
from youthvoice.domain.questions import Answer, Visibility

if TYPE_CHECKING:
    from youthvoice.services import people
else:
    people = Deferred("youthvoice.services.people")


class AnswerIn(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"body": "先想清楚想做什么工作，再看是否需要读研。"}]}
    )

    body: Body


class AcceptIn(StrictBody):
    answer_id: Id


class AnswerOut(Schema):
    id: str
    question_id: str
    author: AuthorOut
    official: bool
    accepted: bool
    body: str
    created_at: Timestamp
    likes: int
    visibility: Visibility
    round: int
    edited_at: Timestamp | None
    held_reason: str | None = Field(
        description="while held by the word screen, the category that held it (never the word); "
        "only the author and reviewers see a held answer"
    )

    @classmethod
    def of(
        cls,
        answer: Answer,
        accepted_id: str | None,
        viewer: Viewer,
        lineage: Sequence[str],
        names: Mapping[str, str] | None = None,
    ) -> AnswerOut:
        """`lineage` is the question's: staff of a platform on it may see the user id; `names`
        the young writers' nicknames read for the response."""
        return cls(
            id=answer.id,
            question_id=answer.question_id,
            author=AuthorOut.of(people.answerer(viewer, answer, lineage, names or {})),
            official=answer.official,
            accepted=answer.id == accepted_id,
            body=answer.body,
            created_at=answer.created_at,
            likes=answer.likes,
            visibility=answer.visibility,
            round=answer.round,
            edited_at=answer.edited_at,
            held_reason=answer.held_reason if answer.visibility is Visibility.HELD else None,
        )


class LikeOut(Schema):
    answer_id: Id
    liked: bool
