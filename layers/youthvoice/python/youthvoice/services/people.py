"""People as a viewer may see them: the domain's rule, with the platforms' names at hand."""

from __future__ import annotations

from collections.abc import Sequence

from youthvoice.domain import people
from youthvoice.domain.identity import Viewer
from youthvoice.domain.people import Author, AuthorKind, Writer
from youthvoice.domain.questions import Answer, Question
from youthvoice.services.runtime import reference


def _platform_name(platform_id: str) -> str:
    platform = reference().find(platform_id)
    return platform.name if platform is not None else platform_id


def shown(
    viewer: Viewer, writer: Writer, lineage: Sequence[str], anonymous: bool = False
) -> Author:
    return people.author(viewer, writer, lineage, _platform_name, anonymous)


def asker(viewer: Viewer, question: Question) -> Author:
    writer = Writer(question.asker, AuthorKind.YOUNG_PERSON)
    return shown(viewer, writer, question.lineage, anonymous=question.anonymous)


def answerer(viewer: Viewer, answer: Answer, lineage: Sequence[str]) -> Author:
    return shown(viewer, answer.writer(), lineage)
