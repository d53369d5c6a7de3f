"""Alliances and activities in process: places, the waitlist, promotion, check-in, close-out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.integration.api import Caller, anonymous, as_user
from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.bootstrap import clock_set_to
from youthvoice.data.alliances import ActivityRepository
from youthvoice.data.projections import CounterRepository
from youthvoice.domain.identity import Role
from youthvoice.domain.worktime import SHANGHAI
from youthvoice.services.reconcile import reconcile_counters

CITY, COUNTY = "sx-04", "sx-04-11"


def moment(hours: float) -> str:
    at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def found_alliance(stack: Stack, **changes: Any) -> dict[str, Any]:
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    reply = staff.post(
        "/alliances",
        {
            "name": "就业创业服务联盟",
            "platform_id": CITY,
            "topics": ["employment"],
            "members": [{"org": "长治人才中心", "contact": "0355-1234567"}],
            "member_user_ids": ["mentor-1"],
            **changes,
        },
    )
    assert reply.status == 201, reply.body
    alliance: dict[str, Any] = reply.body
    return alliance


def announce(caller: Caller, alliance_id: str, **changes: Any) -> dict[str, Any]:
    reply = caller.post(
        "/activities",
        {
            "alliance_id": alliance_id,
            "title": "就业讲座",
            "location": "长治学院礼堂",
            "starts_at": moment(48),
            "ends_at": moment(50),
            "signup_opens_at": moment(-1),
            "signup_closes_at": moment(24),
            "capacity": 3,
            **changes,
        },
    )
    assert reply.status == 201, reply.body
    activity: dict[str, Any] = reply.body
    return activity


def youth(stack: Stack, number: int) -> Caller:
    return as_user(stack, f"young-{number}", Role.YOUTH)


def test_places_then_waitlist_then_promotion_in_order(stack: Stack) -> None:
    # Given an activity of 3 places announced by an alliance member, one place a signup (the
    # unit an announcement that names none gets)
    alliance = found_alliance(stack)
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    activity = announce(mentor, alliance["id"])
    assert activity["unit"] == "person"
    path = f"/activities/{activity['id']}/signups"
    # When five young people sign up
    replies = [youth(stack, n).post(path, {}) for n in range(5)]
    # Then three are confirmed with codes, two waitlisted at 1 and 2
    assert [r.status for r in replies] == [201] * 5
    assert [r.body["state"] for r in replies] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.body["position"] for r in replies[3:]] == [1, 2]
    assert all(len(r.body["code"]) == 8 for r in replies[:3])
    # And a second signup by the same user is a 409
    assert youth(stack, 0).post(path, {}).status == 409
    # And the activity shows no place left and two waiting, to anyone
    seen = anonymous(stack).get(f"/activities/{activity['id']}").body
    assert (seen["places_left"], seen["waitlist"], seen["status"]) == (0, 2, "full")
    # When a confirmed one withdraws
    assert youth(stack, 1).delete(f"{path}/me").status == 204
    # Then the head of the waitlist is promoted and the other moves up to 1
    mine = youth(stack, 3).get("/me/signups").body["items"][0]
    assert (mine["state"], len(mine["code"])) == ("confirmed", 8)
    assert youth(stack, 4).get("/me/signups").body["items"][0]["position"] == 1
    stack.pump.drain()
    inbox = youth(stack, 3).get("/me/notifications").body["items"]
    assert [(n["kind"], n["activity_id"]) for n in inbox] == [("promoted", activity["id"])]


CROWD, PLACES = 200, 20


def test_every_reply_of_a_crowd_signing_up_at_once_states_the_place_it_got(stack: Stack) -> None:
    # Given an activity of 20 places and 200 young people
    activity = announce(as_user(stack, "mentor-1", Role.YOUTH), found_alliance(stack)["id"],
                        capacity=PLACES)  # fmt: skip
    path = f"/activities/{activity['id']}/signups"
    crowd = [as_user(stack, f"crowd-{n}", Role.YOUTH) for n in range(CROWD)]
    # When they all sign up at the same moment
    with ThreadPoolExecutor(max_workers=CROWD) as pool:
        replies = list(pool.map(lambda caller: caller.post(path, {}), crowd))
    # Then every signup lands, and every reply states what is stored for it
    assert Counter(reply.status for reply in replies) == {201: CROWD}, [
        r.body for r in replies if r.status != 201
    ]
    stored = {s.user_id: s for s in ActivityRepository().all_signups(activity["id"])}
    stated = {r.body["user_id"]: (r.body["state"], r.body["position"]) for r in replies}
    line = {sequence: rank for rank, sequence in
            enumerate(ActivityRepository().waitlist(activity["id"]), 1)}  # fmt: skip
    assert stated == {
        user: (str(s.state), line.get(s.sequence) if s.sequence is not None else None)
        for user, s in stored.items()
    }
    # And the waitlist's positions are 1..180, none skipped or shared
    positions = sorted(p for state, p in stated.values() if state == "waitlisted")
    assert positions == list(range(1, CROWD - PLACES + 1))


def test_a_couple_activity_counts_two_places_and_does_not_let_a_person_overtake(
    stack: Stack,
) -> None:
    # Given a couples activity of 3 places
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(staff, alliance["id"], unit="couple", capacity=3)
    path = f"/activities/{activity['id']}/signups"
    # When two couples sign up
    first, second = youth(stack, 1).post(path, {}), youth(stack, 2).post(path, {})
    # Then one is confirmed (2 of 3 places) and the other waits: 1 place cannot seat a couple
    assert (first.body["state"], second.body["state"]) == ("confirmed", "waitlisted")
    assert youth(stack, 3).post(path, {"party_size": 1}).status == 400
    assert anonymous(stack).get(f"/activities/{activity['id']}").body["places_left"] == 1


def test_check_in_close_and_the_askers_are_told(stack: Stack) -> None:
    # Given a question, and a held activity linked to it with two confirmed signups
    asker = as_user(stack, "asker-9", Role.YOUTH)
    asked = asker.post(
        "/questions",
        {"title": "毕业后怎么找工作", "body": "想了解招聘渠道", "topic": "employment",
         "platform_id": COUNTY},
    )  # fmt: skip
    assert asked.status == 201, asked.body
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(
        staff,
        alliance["id"],
        starts_at=moment(-3),
        ends_at=moment(-2),
        signup_opens_at=moment(-5),
        signup_closes_at=moment(-2.5),
        source_question_ids=[asked.body["id"]],
    )
    assert youth(stack, 1).post(f"/activities/{activity['id']}/signups", {}).status == 409
    assert anonymous(stack).get(f"/activities/{activity['id']}").body["status"] == "held"
    # When it is closed out
    closed = staff.post(f"/activities/{activity['id']}/close", {"summary": "讲解了招聘渠道"})
    assert closed.status == 200, closed.body
    stack.pump.drain()
    # Then the asker is told with the summary, and the question's timeline records it
    inbox = asker.get("/me/notifications").body["items"]
    assert ("answered_offline", asked.body["id"]) in [(n["kind"], n["question_id"]) for n in inbox]
    timeline = staff.get(f"/questions/{asked.body['id']}").body["timeline"]
    assert (timeline[-1]["kind"], timeline[-1]["detail"]) == (
        "answered_offline",
        "就业讲座: 讲解了招聘渠道",
    )
    # And the city counts one activity held
    stats = anonymous(stack).get(f"/alliances/{alliance['id']}").body["figures"]
    assert stats == {"activities": 1, "participants": 0, "signups": 0}


def signed_up(stack: Stack, activity: dict[str, Any], people: range) -> list[dict[str, Any]]:
    path = f"/activities/{activity['id']}/signups"
    replies = [youth(stack, n).post(path, {"note": f"第{n}位"}) for n in people]
    assert [r.status for r in replies] == [201] * len(people)
    return [r.body for r in replies]


def test_check_in_takes_an_owners_code_once_and_only_from_the_alliance(stack: Stack) -> None:
    # Given an activity with two confirmed signups
    alliance = found_alliance(stack)
    mentor = as_user(stack, "mentor-1", Role.YOUTH)
    activity = announce(mentor, alliance["id"])
    first, second = signed_up(stack, activity, range(2))
    path = f"/activities/{activity['id']}/checkins"
    # When a young person who is not a member, and staff of another city, try a real code
    outsider = youth(stack, 7).post(path, {"code": first["code"]})
    elsewhere = as_user(stack, "league-1", Role.STAFF, "sx-01").post(path, {"code": first["code"]})
    # Then both are refused
    assert (outsider.status, elsewhere.status) == (403, 403)
    # When the member checks the first code in, typed in lower case
    checked = mentor.post(path, {"code": first["code"].lower()})
    # Then it is that signup, checked in, without its code
    assert checked.status == 200, checked.body
    assert (checked.body["user_id"], checked.body["code"]) == ("young-0", None)
    assert checked.body["checked_in_at"] is not None
    # And the same code again is a conflict, and a code nobody holds is not found
    assert mentor.post(path, {"code": first["code"]}).status == 409
    assert mentor.post(path, {"code": "ZZZZZZZZ"}).status == 404
    # And the activity counts one checked in; the second signup is untouched
    seen = anonymous(stack).get(f"/activities/{activity['id']}").body
    assert (seen["checked_in"], seen["participants"], seen["confirmed"]) == (1, 1, 2)
    mine = youth(stack, 1).get("/me/signups").body["items"][0]
    assert (mine["code"], mine["checked_in_at"]) == (second["code"], None)


def test_staff_read_the_signups_as_csv(stack: Stack) -> None:
    # Given an activity of 3 places with three confirmed and one waitlisted signup
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(staff, alliance["id"])
    signed_up(stack, activity, range(4))
    # When staff ask for the signups as CSV
    response = stack.http.get(
        f"/activities/{activity['id']}/signups",
        headers={**bearer("league-4", Role.STAFF, CITY), "Accept": "text/csv"},
    )
    # Then it is CSV, a header and one row per signup, with positions and no codes
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body.decode())))
    assert [(r["user_id"], r["state"], r["position"], r["note"]) for r in rows] == [
        ("young-0", "confirmed", "", "第0位"),
        ("young-1", "confirmed", "", "第1位"),
        ("young-2", "confirmed", "", "第2位"),
        ("young-3", "waitlisted", "1", "第3位"),
    ]
    assert "code" not in rows[0]
    assert all(r["places"] == "1" and r["checked_in_at"] == "" for r in rows)


def test_a_capacity_cut_keeps_everyone_confirmed_and_holds_promotion(stack: Stack) -> None:
    # Given an activity of 3 places, full, with two waiting
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(staff, alliance["id"])
    signed_up(stack, activity, range(5))
    path = f"/activities/{activity['id']}"
    # When staff cut the capacity to 2
    cut = staff.patch(path, {"capacity": 2})
    # Then nobody is un-confirmed: 3 confirmed, none left, both still waiting
    assert cut.status == 200, cut.body
    assert (cut.body["capacity"], cut.body["confirmed"], cut.body["places_left"]) == (2, 3, 0)
    assert cut.body["waitlist"] == 2
    # When one confirmed withdraws, the places only come back down to the new capacity
    assert youth(stack, 0).delete(f"{path}/signups/me").status == 204
    # Then nobody is promoted
    states = [youth(stack, n).get("/me/signups").body["items"][0]["state"] for n in (3, 4)]
    assert states == ["waitlisted", "waitlisted"]
    assert anonymous(stack).get(path).body["places_left"] == 0
    # When a second one withdraws, a place is free under the new capacity
    assert youth(stack, 1).delete(f"{path}/signups/me").status == 204
    # Then the head of the waitlist, and only it, is promoted
    mine = [youth(stack, n).get("/me/signups").body["items"][0] for n in (3, 4)]
    assert [(m["state"], m["position"]) for m in mine] == [("confirmed", None), ("waitlisted", 1)]
    seen = anonymous(stack).get(path).body
    assert (seen["confirmed"], seen["places_left"], seen["waitlist"]) == (2, 0, 1)


def test_cancelling_tells_everyone_signed_up(stack: Stack) -> None:
    # Given an activity of 3 places with three confirmed and one waitlisted signup
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(staff, alliance["id"])
    signed_up(stack, activity, range(4))
    path = f"/activities/{activity['id']}"
    # When staff cancel it
    cancelled = staff.post(f"{path}/cancel")
    assert cancelled.status == 200, cancelled.body
    stack.pump.drain()
    # Then it reads cancelled, takes no more signups, and each of the four was told once
    assert anonymous(stack).get(path).body["status"] == "cancelled"
    assert youth(stack, 9).post(f"{path}/signups", {}).status == 409
    for n in range(4):
        inbox = youth(stack, n).get("/me/notifications").body["items"]
        assert [(i["kind"], i["activity_id"]) for i in inbox] == [
            ("activity_cancelled", activity["id"])
        ]
        assert youth(stack, n).get("/me/signups").body["items"][0]["state"] == "cancelled"


def test_times_without_a_zone_are_shanghai_time_as_for_seasons(stack: Stack) -> None:
    # Given moments written on a Shanghai wall clock, without a zone
    wall = dt.datetime.now(SHANGHAI).replace(microsecond=0, tzinfo=None)

    def local(hours: float) -> str:
        return (wall + dt.timedelta(hours=hours)).isoformat()

    def utc(hours: float) -> str:
        moment = (wall + dt.timedelta(hours=hours)).replace(tzinfo=SHANGHAI)
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    # When an activity is announced with them
    activity = announce(
        staff, alliance["id"], starts_at=local(48), ends_at=local(50),
        signup_opens_at=local(-1), signup_closes_at=local(24),
    )  # fmt: skip
    # Then each is read as Asia/Shanghai time, 8 hours ahead of UTC, and signups are open now
    shown = [activity[k] for k in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")]
    assert shown == [utc(48), utc(50), utc(-1), utc(24)]
    assert activity["status"] == "open"
    # And a change of time without a zone is read the same way
    moved = staff.patch(f"/activities/{activity['id']}", {"starts_at": local(49)})
    assert moved.status == 200, moved.body
    assert moved.body["starts_at"] == utc(49)


def test_reconcile_recounts_held_activities(stack: Stack) -> None:
    # Given a held activity on 长治市 with three confirmed signups, two checked in, closed out
    alliance = found_alliance(stack)
    staff = as_user(stack, "league-4", Role.STAFF, CITY)
    activity = announce(
        staff, alliance["id"], starts_at=moment(1.5), ends_at=moment(2),
        signup_opens_at=moment(-1), signup_closes_at=moment(1),
    )  # fmt: skip
    path = f"/activities/{activity['id']}"
    for signup in signed_up(stack, activity, range(3))[:2]:
        assert staff.post(f"{path}/checkins", {"code": signup["code"]}).status == 200
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    with clock_set_to(lambda: later):
        assert staff.post(f"{path}/close", {"summary": "圆满结束"}).status == 200
    stack.pump.drain()
    # Then a recount of Content agrees with what the projector counted
    assert reconcile_counters("sx", repair=False) == []
    # When an activity counter drifts behind the projector's back
    CounterRepository().set_metric("platform", CITY, "participants", 9)
    CounterRepository().set_metric("alliance", alliance["id"], "activities", 0)
    # Then reconciliation reports the drift and repairs it
    drifts = reconcile_counters("sx", repair=True)
    assert [(d.scope, d.scope_id, d.metric, d.projected, d.recounted) for d in drifts] == [
        ("alliance", alliance["id"], "activities", 0, 1),
        ("platform", CITY, "participants", 9, 2),
    ]
    assert reconcile_counters("sx", repair=False) == []
    figures = anonymous(stack).get(f"/platforms/{CITY}/stats").body
    assert (figures["activities"], figures["participants"], figures["signups"]) == (1, 2, 3)
