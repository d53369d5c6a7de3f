"""How a person is shown to others: a display name, never their user id.

Most askers are minors. A user id is the key to a person's account with the identity provider and
ties everything they wrote together, so it is shown only to that user, to staff whose platform is
in scope and to admins (`shows_user_id`). Everyone else sees an `Author`: what kind of person,
a display name, and the public handle of that kind (an expert's id, a staff desk's platform).
Young people are shown a generated name, 青年·7F3A, whose tag comes from their user id so that one
page can tell its writers apart without naming them; one who sets a nickname is shown as 小明·7F3A.
The tag stays on the nickname, so two people who chose the same nickname still differ on a page
and nicknames need not be unique. A nickname is looked up when a page is read: a change shows on
everything its owner wrote before.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from youthvoice.domain.identity import Principal, Role

ANONYMOUS_NAME = "匿名"
ERASED_NAME = "已注销用户"
ERASED_USER = "#erased"
"""Stands for a person who erased themselves (`DELETE /me`) wherever their user id was kept.
No user id holds `#` (the authorizer refuses such a subject), so it is nobody's."""
YOUNG_PERSON_PREFIX = "青年"
# A desk is named after its platform; the province's admins answer as the service itself.
DESK_SUFFIX = "团委"
ADMIN_NAME = "青年之声"
# An official answer kept before writers were recorded: its expert's name was not kept with it.
UNNAMED_EXPERT = "专家"
NICKNAME_MAX = 16
# The separator between a name and its tag: a nickname holding one could pass for another name's
# tag (小明·7F3A·0B21), so none of the middle dots that look like it may be in a nickname.
TAG_SEPARATOR = "·"
LOOKALIKE_SEPARATORS = frozenset("·・‧･•∙⋅")
# Hex digits of the tag: 65,536 tags, too few to find a user id from, enough on one page.
TAG_LENGTH = 4


class AuthorKind(StrEnum):
    YOUNG_PERSON = "young_person"
    EXPERT = "expert"
    STAFF = "staff"
    ADMIN = "admin"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Author:
    """A person as others see them; `user_id` is set only for a viewer allowed to see it."""

    kind: AuthorKind
    name: str
    expert_id: str | None = None
    platform_id: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class Writer:
    """Who wrote something, as recorded when it was written: the user and the public handle."""

    user_id: str
    kind: AuthorKind
    name: str = ""
    expert_id: str | None = None
    platform_id: str | None = None


def tag(user_id: str) -> str:
    return hashlib.sha256(user_id.encode()).hexdigest()[:TAG_LENGTH].upper()


def young_person_name(user_id: str, nickname: str | None = None) -> str:
    return f"{nickname or YOUNG_PERSON_PREFIX}{TAG_SEPARATOR}{tag(user_id)}"


def nickname_problem(nickname: str) -> str | None:
    """Why a nickname (already trimmed and free of control characters) cannot be shown."""
    if LOOKALIKE_SEPARATORS.intersection(nickname):
        return f"must not contain {TAG_SEPARATOR} or a dot like it: it separates the tag"
    if any(unicodedata.category(char) == "Cf" for char in nickname):
        return "must not contain characters that show nothing"
    return None


def desk_name(platform_name: str) -> str:
    return f"{platform_name}{DESK_SUFFIX}"


def writer_of(principal: Principal, expert_id: str | None, expert_name: str | None) -> Writer:
    """The writer as a principal acts: an expert under their profile, staff at their desk."""
    if expert_id is not None:
        return Writer(principal.sub, AuthorKind.EXPERT, expert_name or "", expert_id=expert_id)
    if principal.role is Role.STAFF:
        return Writer(principal.sub, AuthorKind.STAFF, platform_id=principal.platform)
    if principal.role is Role.ADMIN:
        return Writer(principal.sub, AuthorKind.ADMIN, ADMIN_NAME)
    return Writer(principal.sub, AuthorKind.YOUNG_PERSON)


def acting(principal: Principal) -> Writer:
    """Who acted on a case, as its timeline shows them: an expert by kind (their profile is not
    read for it), staff at their desk, admins as the service, a young person by their name."""
    if principal.role is Role.EXPERT:
        return Writer(principal.sub, AuthorKind.EXPERT, UNNAMED_EXPERT)
    return writer_of(principal, None, None)


def shows_user_id(viewer: Principal | None, user_id: str, lineage: Sequence[str]) -> bool:
    """The user themself, staff of a platform on `lineage` (where the thing lives), admins."""
    if viewer is None:
        return False
    if viewer.sub == user_id or viewer.role is Role.ADMIN:
        return True
    return viewer.role is Role.STAFF and viewer.platform in lineage


def author(
    viewer: Principal | None,
    writer: Writer,
    lineage: Sequence[str],
    platform_name: Callable[[str], str],
    anonymous: bool = False,
    nickname: str | None = None,
) -> Author:
    """`writer` as `viewer` may see them; an anonymous writer is 匿名 to everyone else.

    `platform_name` names a platform from the reference data every process holds; `nickname` is
    a young writer's, as read with the page."""
    if writer.user_id == ERASED_USER:
        return Author(AuthorKind.ANONYMOUS, ERASED_NAME)
    known = shows_user_id(viewer, writer.user_id, lineage)
    user_id = writer.user_id if known else None
    if anonymous and not known:
        return Author(AuthorKind.ANONYMOUS, ANONYMOUS_NAME)
    if writer.kind is AuthorKind.EXPERT:
        return Author(writer.kind, writer.name, expert_id=writer.expert_id, user_id=user_id)
    if writer.kind is AuthorKind.STAFF and writer.platform_id is not None:
        name = desk_name(platform_name(writer.platform_id))
        return Author(writer.kind, name, platform_id=writer.platform_id, user_id=user_id)
    if writer.kind is AuthorKind.ADMIN:
        return Author(writer.kind, ADMIN_NAME, user_id=user_id)
    name = young_person_name(writer.user_id, nickname)
    return Author(AuthorKind.YOUNG_PERSON, name, user_id=user_id)
