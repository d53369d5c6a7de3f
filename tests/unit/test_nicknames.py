"""Setting a nickname: young people only, screened, limited per day, read back in one read."""

from __future__ import annotations

import dataclasses

import pytest

from tests.unit.fakes import FakeClock, FakeStores
from youthvoice.bootstrap import Dependencies, bootstrap, installed
from youthvoice.config import get_settings, load_settings
from youthvoice.domain.errors import Forbidden, TooManyRequests, Unprocessable, ValidationFailed
from youthvoice.domain.identity import Principal, Role
from youthvoice.services import people

pytestmark = pytest.mark.usefixtures("deps")
YOUNG = Principal("u-nick", Role.YOUTH)


def test_a_young_person_sets_a_nickname_and_it_is_read_back(stores: FakeStores) -> None:
    # Given a young person
    # When they choose a nickname
    people.set_nickname(YOUNG, "小明")
    # Then it is theirs, and a page's writers are read in one read
    assert people.nickname(YOUNG) == "小明"
    reads = stores.profiles.reads
    assert people.nicknames(["u-nick", "u-other"]) == {"u-nick": "小明"}
    assert stores.profiles.reads == reads + 1
    # And an expert's own replies read no nickname: only young people have one
    assert people.callers_nicknames(Principal("u-expert", Role.EXPERT)) == {}
    assert stores.profiles.reads == reads + 1


def test_a_screened_word_is_422_naming_the_category_never_the_word(deps: Dependencies) -> None:
    # Given a nickname holding a word that blocks, and one holding a word that holds for review
    for chosen, category in (("赌博网站站长", "gambling"), ("加微信的我", "advertising")):
        # When a young person sets it
        with pytest.raises(Unprocessable) as refused:
            people.set_nickname(YOUNG, chosen)
        # Then it is refused with the category, and the word is not repeated
        assert refused.value.code == "content_blocked"
        assert category in refused.value.message
        assert chosen not in refused.value.message
    assert people.nickname(YOUNG) is None


def test_only_young_people_choose_a_nickname_and_lookalike_dots_are_refused() -> None:
    # Given an expert, and a young person faking a tag
    # When each sets a nickname
    # Then the expert is refused and so is the fake tag
    with pytest.raises(Forbidden):
        people.set_nickname(Principal("u-expert", Role.EXPERT), "王老师")
    with pytest.raises(ValidationFailed):
        people.set_nickname(YOUNG, "青年·7F3A")


def test_a_sixth_change_in_one_day_is_429(stores: FakeStores, clock: FakeClock) -> None:
    # Given the default quotas and a young person who changed their nickname five times today
    defaults = dataclasses.replace(get_settings(), quotas=load_settings({}).quotas)
    with installed(bootstrap(defaults, clock, stores)):
        for n in range(5):
            people.set_nickname(YOUNG, f"小明{n}")
        # When they change it a sixth time
        # Then the quota refuses it and the fifth stays
        with pytest.raises(TooManyRequests):
            people.set_nickname(YOUNG, "小明5")
        assert people.nickname(YOUNG) == "小明4"
