"""The audit trail: the domain's window and reader rule, and acts recorded through the fakes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.unit.fakes import FakeClock, FakeStores
from tests.unit.scenario import ADMIN, asked, expert_on, staff, youth
from youthvoice.domain.audit import AUDIT_RETENTION_DAYS, AuditEntry, AuditWindow, require_reader
from youthvoice.domain.errors import Forbidden, ValidationFailed
from youthvoice.domain.escalation import CloseReason
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.pagination import PageRequest
from youthvoice.services import audit, moderation, supervision

COUNTY, CITY = "sx-04-11", "sx-04"
LINEAGE = (COUNTY, CITY, "sx")


def test_an_entry_expires_400_days_after_the_act_well_beyond_six_months() -> None:
    # Given an entry of an act at noon on 1 March 2026
    entry = AuditEntry(
        "01J",
        "2026-03-01T12:00:00Z",
        "u",
        Role.STAFF,
        LINEAGE,
        "question.close",
        "question",
        "q1",
        "req-1",
    )
    # Then it expires 400 days later, more than the six months the law asks for
    assert entry.expires_at == dt.datetime(2027, 4, 5, 12, tzinfo=dt.UTC)
    assert AUDIT_RETENTION_DAYS > 183
    assert entry.platform_id == COUNTY


def test_a_window_is_shanghai_dates_as_utc_moments_and_names_its_months_newest_first() -> None:
    # When a window runs from 1 January to 1 March 2026 (Shanghai dates)
    window = AuditWindow.of(dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    # Then it starts at Shanghai's midnight, ends before the next, and touches four UTC months
    assert (window.first, window.end) == ("2025-12-31T16:00:00Z", "2026-03-01T16:00:00Z")
    assert window.months() == ["2026-03", "2026-02", "2026-01", "2025-12"]
    # And a reversed, too long or out-of-range window is refused, never an overflow
    for first, last in (
        (dt.date(2026, 3, 2), dt.date(2026, 3, 1)),
        (dt.date(2025, 1, 1), dt.date(2026, 3, 1)),
        (dt.date(9999, 12, 31), dt.date(9999, 12, 31)),
    ):
        with pytest.raises(ValidationFailed):
            AuditWindow.of(first, last)


def test_admins_and_staff_over_the_platform_read_it_nobody_else() -> None:
    # Then admins and the city's staff may read the county's entries
    require_reader(ADMIN, LINEAGE)
    require_reader(staff(CITY), LINEAGE)
    # And staff of another city, young people and experts may not
    for outsider in (staff("sx-01"), youth("y"), Principal("e", Role.EXPERT, COUNTY)):
        with pytest.raises(Forbidden):
            require_reader(outsider, LINEAGE)


@pytest.mark.usefixtures("deps")
def test_each_act_records_one_entry_read_by_subtree_actor_and_dates(
    stores: FakeStores, clock: FakeClock
) -> None:
    # Given an expert registered by an admin (recorded too), a question on the county, and the
    # city's staff acting in request req-7
    expert_on(COUNTY, "employment")
    assert [e.action for e in stores.audit.entries] == ["expert.register"]
    stores.audit.entries.clear()
    question = asked(youth("audit-youth"), COUNTY)
    city = dataclasses.replace(staff(CITY), request_id="req-7")
    # When they remove it by moderation and an admin closes another one a day later
    moderation.decide(city, question.id, moderation.Action.REMOVE)
    other = asked(youth("audit-youth-2"), COUNTY)
    clock.moment += dt.timedelta(days=1)
    supervision.close(ADMIN, other.id, CloseReason.SPAM, None)
    # Then each act left exactly one entry, with who, role, platform, what, which and when
    removal, closing = stores.audit.entries
    assert (removal.actor, removal.role, removal.platform_id, removal.request_id) == (
        city.sub,
        Role.STAFF,
        COUNTY,
        "req-7",
    )
    assert (removal.action, removal.item_kind, removal.item_id) == (
        "question.remove",
        "question",
        question.id,
    )
    assert (closing.action, closing.actor, closing.item_id) == (
        "question.close",
        ADMIN.sub,
        other.id,
    )
    # And the city's staff read both, newest first, one per page
    first = audit.entries(city, None, None, None, PageRequest(limit=1))
    rest = audit.entries(city, None, None, None, PageRequest(limit=1, cursor=first.next_cursor))
    assert [e.id for e in first.items + rest.items] == [closing.id, removal.id]
    # And by actor, or by the first day only, one each
    by_admin = audit.entries(city, None, ADMIN.sub, None, PageRequest())
    first_day = clock.moment.date() - dt.timedelta(days=1)
    on_first_day = audit.entries(city, COUNTY, None, (first_day, first_day), PageRequest())
    assert [e.id for e in by_admin.items] == [closing.id]
    assert [e.id for e in on_first_day.items] == [removal.id]
    # And staff of another city are refused
    with pytest.raises(Forbidden):
        audit.entries(staff("sx-01"), COUNTY, None, None, PageRequest())


@pytest.mark.usefixtures("deps")
def test_a_refused_act_records_nothing(stores: FakeStores) -> None:
    # Given a question on the county
    question = asked(youth("audit-youth-3"), COUNTY)
    # When staff of another city try to close it
    with pytest.raises(Forbidden):
        supervision.close(staff("sx-01"), question.id, CloseReason.SPAM, None)
    # Then the trail is empty
    assert stores.audit.entries == []
