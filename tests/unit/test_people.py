"""Who sees a user id, and the name everyone else sees."""

from __future__ import annotations

from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.people import (
    ANONYMOUS_NAME,
    Author,
    AuthorKind,
    Writer,
    author,
    nickname_problem,
    tag,
    writer_of,
    young_person_name,
)

LINEAGE = ("sx", "sx-04", "sx-04-02")
NAMES = {"sx-04-02": "沁县"}.__getitem__
YOUNG = Writer("u-young-1", AuthorKind.YOUNG_PERSON)
EXPERT = Writer("u-expert-1", AuthorKind.EXPERT, "王老师", expert_id="e-1")
STAFF = Writer("u-staff-1", AuthorKind.STAFF, platform_id="sx-04-02")


def test_a_young_person_is_a_generated_name_to_readers_and_themself_to_themself() -> None:
    # Given a reader without a token, another young person, the writer, staff in and out of scope
    reader, other = None, Principal("u-other", Role.YOUTH)
    themself = Principal("u-young-1", Role.YOUTH)
    in_scope = Principal("u-staff-2", Role.STAFF, "sx-04")
    out_of_scope = Principal("u-staff-3", Role.STAFF, "sx-05")
    # When each sees the writer
    seen = {
        name: author(viewer, YOUNG, LINEAGE, NAMES)
        for name, viewer in (("reader", reader), ("other", other), ("themself", themself),
                             ("in", in_scope), ("out", out_of_scope))
    }  # fmt: skip
    # Then only the writer and staff in scope get the user id; every one gets the same name
    assert {name: a.user_id for name, a in seen.items()} == {
        "reader": None, "other": None, "themself": "u-young-1", "in": "u-young-1", "out": None
    }  # fmt: skip
    assert {a.name for a in seen.values()} == {young_person_name("u-young-1")}
    assert young_person_name("u-young-1").startswith("青年·")
    assert young_person_name("u-young-1") != young_person_name("u-young-2")


def test_an_anonymous_asker_is_anonymous_to_all_but_themself_staff_in_scope_and_admins() -> None:
    # Given an anonymous writer
    # When a reader, the asker and an admin see them
    reader = author(None, YOUNG, LINEAGE, NAMES, anonymous=True)
    asker = author(Principal("u-young-1", Role.YOUTH), YOUNG, LINEAGE, NAMES, anonymous=True)
    admin = author(Principal("u-admin", Role.ADMIN), YOUNG, LINEAGE, NAMES, anonymous=True)
    # Then the reader sees 匿名 and nothing else; the others see who it is
    assert reader == Author(AuthorKind.ANONYMOUS, ANONYMOUS_NAME)
    assert asker.user_id == admin.user_id == "u-young-1"


def test_experts_show_their_profile_and_staff_their_desk() -> None:
    # Given an expert's and a county desk's writers
    # When a reader sees them
    expert, desk = author(None, EXPERT, LINEAGE, NAMES), author(None, STAFF, LINEAGE, NAMES)
    # Then the expert is named with their public expert id, the desk after its platform
    assert expert == Author(AuthorKind.EXPERT, "王老师", expert_id="e-1")
    assert desk == Author(AuthorKind.STAFF, "沁县团委", platform_id="sx-04-02")


def test_a_writer_is_recorded_as_the_principal_acts() -> None:
    # Given an expert, a staff member, an admin and a young person
    # When each writes
    expert = writer_of(Principal("u-e", Role.EXPERT), "e-9", "李医生")
    staff = writer_of(Principal("u-s", Role.STAFF, "sx-04"), None, None)
    admin = writer_of(Principal("u-a", Role.ADMIN), None, None)
    young = writer_of(Principal("u-y", Role.YOUTH), None, None)
    # Then each is recorded with the handle others will see them by
    assert (expert.kind, expert.name, expert.expert_id) == (AuthorKind.EXPERT, "李医生", "e-9")
    assert (staff.kind, staff.platform_id) == (AuthorKind.STAFF, "sx-04")
    assert admin.kind is AuthorKind.ADMIN
    assert young.kind is AuthorKind.YOUNG_PERSON


def test_a_nickname_is_shown_with_the_tag_and_an_anonymous_asker_stays_anonymous() -> None:
    # Given a young writer who chose the nickname 小明, and another who chose the same
    other = Writer("u-young-2", AuthorKind.YOUNG_PERSON)
    # When a reader sees them, and sees the first as an anonymous asker
    shown = author(None, YOUNG, LINEAGE, NAMES, nickname="小明")
    twin = author(None, other, LINEAGE, NAMES, nickname="小明")
    hidden = author(None, YOUNG, LINEAGE, NAMES, anonymous=True, nickname="小明")
    # Then the nickname carries the writer's own tag, so the two still differ on one page
    assert shown == Author(AuthorKind.YOUNG_PERSON, f"小明·{tag('u-young-1')}")
    assert twin.name == f"小明·{tag('u-young-2')}" != shown.name
    # And the anonymous asker is 匿名 whatever their nickname
    assert hidden == Author(AuthorKind.ANONYMOUS, ANONYMOUS_NAME)


def test_a_nickname_may_not_fake_a_tag_or_hide_characters() -> None:
    # Given nicknames with a middle dot, a look-alike dot and a zero-width joiner inside
    # When each is checked
    # Then each is refused with the reason, and an ordinary one passes
    assert nickname_problem("小明·7F3A") is not None
    assert nickname_problem("小明・7F3A") is not None
    assert nickname_problem("小\u200d明") is not None
    assert nickname_problem("小明 Tom") is None
