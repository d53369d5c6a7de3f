"""People as a viewer may see them: the domain's rule, with the platforms' names and the young
people's nicknames at hand."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from youthvoice.bootstrap import dependencies, now
from youthvoice.domain import people
from youthvoice.domain.errors import Forbidden, ProblemCode, Unprocessable, ValidationFailed
from youthvoice.domain.identity import Principal, Role, Viewer
from youthvoice.domain.people import Author, AuthorKind, Writer
from youthvoice.domain.questions import Answer, Question, QuestionView
from youthvoice.domain.quotas import Action
from youthvoice.domain.timestamps import iso
from youthvoice.services import quotas
from youthvoice.services.runtime import reference, word_list

NO_NICKNAMES: Mapping[str, str] = {}


class Profiles(Protocol):
    def nicknames(self, user_ids: Collection[str]) -> Mapping[str, str]: ...
    def set_nickname(self, user_id: str, nickname: str, at: str) -> None: ...
    def forget(self, user_id: str) -> None: ...


def _profiles() -> Profiles:
    return dependencies().stores.profiles


def _platform_name(platform_id: str) -> str:
    platform = reference().find(platform_id)
    return platform.name if platform is not None else platform_id


def nicknames(user_ids: Collection[str]) -> Mapping[str, str]:
    """The nicknames of a response's young writers, in one read."""
    return _profiles().nicknames(user_ids) if user_ids else NO_NICKNAMES


def nicknames_on(view: QuestionView) -> Mapping[str, str]:
    """The asker's and every young answerer's nicknames, read once for the question's page."""
    young = {a.author for a in view.answers if a.writer().kind is AuthorKind.YOUNG_PERSON}
    return nicknames({view.question.asker, *young})


def askers_nicknames(viewer: Viewer, asked: Iterable[Question]) -> Mapping[str, str]:
    """The nicknames of the askers of a response's questions whom `viewer` is shown by name (an
    anonymous asker is 匿名 to others: nothing to read), in one read for the whole page."""
    named = {
        question.asker
        for question in asked
        if not question.anonymous or people.shows_user_id(viewer, question.asker, question.lineage)
    }
    return nicknames(named)


@dataclass(frozen=True)
class ListedNames:
    """What a page of listed questions (a feed, search results) shows beside their ids, read
    once for the page: the topics' and platforms' names and the named askers' nicknames."""

    topics: Mapping[str, str]
    platforms: Mapping[str, str]
    nicknames: Mapping[str, str]

    def asker(self, asker: str | None) -> Author:
        """A listed question's asker as anyone sees them (a listing is public): 匿名 when they
        asked anonymously, whose id a listing does not keep."""
        writer = Writer(asker or "", AuthorKind.YOUNG_PERSON)
        nick = self.nicknames.get(asker) if asker else None
        return people.author(None, writer, (), _platform_name, asker is None, nick)


def listed_names(listed: Iterable[tuple[str, str | None]]) -> ListedNames:
    """The names a page of (platform id, asker or None) rows shows: topics from the reference
    cache, the platforms it lacks in one BatchGet and the nicknames in another."""
    rows = list(listed)
    return ListedNames(
        reference().topic_names(),
        reference().platform_names({platform_id for platform_id, _ in rows}),
        nicknames({asker for _, asker in rows if asker}),
    )


def signers_nicknames(user_ids: Iterable[str]) -> Mapping[str, str]:
    """The nicknames of a page of signups' young people, in one read."""
    return nicknames(set(user_ids))


def callers_nicknames(principal: Principal) -> Mapping[str, str]:
    """The caller's own nickname, read only for a young person: nobody else has one."""
    return nicknames([principal.sub]) if principal.role is Role.YOUTH else NO_NICKNAMES


def nickname(principal: Principal) -> str | None:
    return callers_nicknames(principal).get(principal.sub)


def set_nickname(principal: Principal, chosen: str) -> str:
    """A young person's nickname, screened like any text; a held word is refused as well, as
    nobody reviews a name before it is shown."""
    if principal.role is not Role.YOUTH:
        raise Forbidden("only young people choose a nickname: others show their profile or desk")
    quotas.spend(principal, Action.NICKNAME)
    problem = people.nickname_problem(chosen)
    if problem is not None:
        raise ValidationFailed.of("nickname", ProblemCode.INVALID, problem)
    verdict = word_list().check(chosen)
    if verdict.severity is not None:
        raise Unprocessable(f"nickname not allowed: {verdict.category}", code="content_blocked")
    _profiles().set_nickname(principal.sub, chosen, iso(now()))
    return chosen


def shown(
    viewer: Viewer,
    writer: Writer,
    lineage: Sequence[str],
    anonymous: bool = False,
    names: Mapping[str, str] = NO_NICKNAMES,
) -> Author:
    nick = names.get(writer.user_id) if writer.kind is AuthorKind.YOUNG_PERSON else None
    return people.author(viewer, writer, lineage, _platform_name, anonymous, nick)


def asker(viewer: Viewer, question: Question, names: Mapping[str, str] = NO_NICKNAMES) -> Author:
    writer = Writer(question.asker, AuthorKind.YOUNG_PERSON)
    return shown(viewer, writer, question.lineage, question.anonymous, names)


def answerer(
    viewer: Viewer, answer: Answer, lineage: Sequence[str], names: Mapping[str, str] = NO_NICKNAMES
) -> Author:
    return shown(viewer, answer.writer(), lineage, names=names)
