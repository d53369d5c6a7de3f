"""DELETE /me: a young person erased from everything the service keeps, the figures unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import boto3

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import CITY, announce, found_alliance, moment
from tests.integration.test_quotas import quotas_of
from youthvoice.bootstrap import bootstrap, clock_set_to, installed
from youthvoice.config import OidcIssuer, get_settings
from youthvoice.domain.identity import Principal, Role
from youthvoice.services import privacy
from youthvoice.services.reconcile import reconcile_counters

ME, PEER, NEXT_IN_LINE = "u-erase-me", "u-erase-peer", "u-erase-next"
NICKNAME = "小红帽"
STAFF = "league-4"


def question(title: str) -> dict[str, Any]:
    return {"title": title, "body": "想听听大家的经验", "topic": "employment", "platform_id": CITY}


def traces_of_a_young_person(stack: Stack) -> dict[str, str]:
    """Three questions (one answered, liked and rated; one withdrawn), a peer answer and a flag
    on another's question, a place on an open activity with someone waiting behind, and a held
    activity they checked in to."""
    me, peer = as_user(stack, ME, Role.YOUTH), as_user(stack, PEER, Role.YOUTH)
    staff = as_user(stack, STAFF, Role.STAFF, CITY)
    assert me.patch("/me", {"nickname": NICKNAME}).status == 200
    answered = me.post("/questions", question("第一份工作怎么找"))
    waiting = me.post("/questions", question("简历怎么写"))
    withdrawn = me.post("/questions", question("要不要辞职"))
    theirs = peer.post("/questions", question("实习工资太低怎么办"))
    assert {answered.status, waiting.status, withdrawn.status, theirs.status} == {201}
    assert me.delete(f"/questions/{withdrawn.body['id']}").status == 204
    told = staff.post(f"/questions/{answered.body['id']}/answers", {"body": "多投简历"})
    mine = me.post(f"/questions/{theirs.body['id']}/answers", {"body": "先问清合同"})
    assert (told.status, mine.status) == (201, 201), (told.body, mine.body)
    assert me.post(f"/answers/{told.body['id']}/likes").status == 201
    assert me.post(f"/questions/{theirs.body['id']}/flags", {"reason": "像广告"}).status == 201
    rated = me.post(f"/questions/{answered.body['id']}/rating", {"score": 4, "comment": "谢谢"})
    assert rated.status == 200, rated.body
    alliance = found_alliance(stack, member_user_ids=["mentor-1", ME])
    open_one = announce(staff, alliance["id"], capacity=1)
    assert me.post(f"/activities/{open_one['id']}/signups", {}).status == 201
    behind = as_user(stack, NEXT_IN_LINE, Role.YOUTH)
    assert behind.post(f"/activities/{open_one['id']}/signups", {}).body["state"] == "waitlisted"
    held = announce(
        staff, alliance["id"], starts_at=moment(1.5), ends_at=moment(2),
        signup_opens_at=moment(-1), signup_closes_at=moment(1),
    )  # fmt: skip
    code = me.post(f"/activities/{held['id']}/signups", {}).body["code"]
    assert staff.post(f"/activities/{held['id']}/checkins", {"code": code}).status == 200
    with clock_set_to(lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)):
        assert staff.post(f"/activities/{held['id']}/close", {"summary": "圆满"}).status == 200
    stack.pump.drain()
    return {
        "answered": answered.body["id"],
        "waiting": waiting.body["id"],
        "withdrawn": withdrawn.body["id"],
        "theirs": theirs.body["id"],
        "open": open_one["id"],
        "held": held["id"],
        "alliance": alliance["id"],
    }


def figures(stack: Stack) -> list[Any]:
    """What the service publishes about the city and the province."""
    reads = [
        "/stats",
        f"/platforms/{CITY}/stats",
        "/leaderboards/experts",
        "/leaderboards/platforms",
    ]
    return [stack.http.get(path).json_body for path in reads]


def test_an_erased_young_person_leaves_no_trace_and_the_figures_stay(stack: Stack) -> None:
    # Given a young person's traces all over the service, and the figures they count in
    traces = traces_of_a_young_person(stack)
    before = figures(stack)
    me = as_user(stack, ME, Role.YOUTH)
    # When they erase themselves
    erased = me.delete("/me")
    stack.pump.drain()
    # Then the receipt counts what was anonymised, taken back, withdrawn and deleted
    assert erased.status == 200, erased.body
    receipt = erased.body
    counted = {k: v for k, v in receipt.items() if k not in ("id", "erased_at", "notifications")}
    assert counted == {
        "questions": 3, "answers": 1, "flags": 1, "likes": 1,
        "signups_withdrawn": 1, "signups_forgotten": 1, "alliances": 1,
        "account_closed": False,
    }  # fmt: skip
    assert receipt["notifications"] >= 1
    # And the published figures have not moved, and a recount finds no drift
    assert figures(stack) == before
    assert reconcile_counters("sx", repair=False) == []
    # And the one waiting behind them got the place they gave back
    behind = as_user(stack, NEXT_IN_LINE, Role.YOUTH)
    assert [s["state"] for s in behind.get("/me/signups").body["items"]] == ["confirmed"]
    # And not even an admin finds their id or nickname anywhere they were
    admin = as_user(stack, "admin", Role.ADMIN)
    reads = [
        *(f"/questions/{traces[q]}" for q in ("answered", "waiting", "withdrawn", "theirs")),
        *(f"/activities/{traces[a]}/signups" for a in ("open", "held")),
        f"/alliances/{traces['alliance']}",
        "/questions",
    ]
    for path in reads:
        read = admin.get(path)
        assert read.status == 200, (path, read.body)
        text = json.dumps(read.body, ensure_ascii=False)
        assert ME not in text and NICKNAME not in text, path
    # And what they wrote is still there, by no one
    shown = admin.get(f"/questions/{traces['answered']}").body
    asker = shown["asker"]
    assert (shown["title"], asker["kind"], asker["name"], asker["user_id"]) == (
        "第一份工作怎么找", "anonymous", "已注销用户", None,
    )  # fmt: skip
    peer_answers = admin.get(f"/questions/{traces['theirs']}").body["peer_answers"]
    assert [a["author"]["name"] for a in peer_answers] == ["已注销用户"]
    # And their own lists are empty: a new export holds nothing of them
    export = me.get("/me/export").body
    lists = ("questions", "answers", "likes", "flags", "signups", "notifications")
    assert {name: export[name] for name in lists} == {name: [] for name in lists}
    assert (export["me"]["nickname"], export["ratings"]) == (None, {})
    # And the audit trail records the erasure under the receipt's id, not the person's
    trail = admin.get("/audit").body["items"]
    entry = next(e for e in trail if e["action"] == "person.erased")
    assert (entry["item_id"], entry["actor"]) == (receipt["id"], f"erased:{receipt['id']}")


def test_erasing_again_finds_nothing_left(stack: Stack) -> None:
    # Given a young person who asked a question and erased themselves
    me = as_user(stack, ME, Role.YOUTH)
    assert me.post("/questions", question("考研还是工作")).status == 201
    assert me.delete("/me").body["questions"] == 1
    stack.pump.drain()
    # When they erase themselves again (a cut-short erasure is finished so)
    again = me.delete("/me")
    # Then there is nothing left to do
    assert again.status == 200, again.body
    assert {k: v for k, v in again.body.items() if k not in ("id", "erased_at")} == {
        "questions": 0, "answers": 0, "flags": 0, "likes": 0,
        "signups_withdrawn": 0, "signups_forgotten": 0, "alliances": 0,
        "notifications": 0, "account_closed": False,
    }  # fmt: skip


def test_staff_experts_and_strangers_cannot_erase_themselves_here(bare_stack: Stack) -> None:
    # Given staff, an admin, a registered expert and someone without a token
    admin = as_user(bare_stack, "admin", Role.ADMIN)
    registered = admin.post(
        "/experts",
        {"user_id": "u-erase-expert", "name": "周老师", "topics": ["employment"],
         "platform_id": CITY},
    )  # fmt: skip
    assert registered.status == 201, registered.body
    # When each asks to be erased
    staff = as_user(bare_stack, STAFF, Role.STAFF, CITY).delete("/me")
    by_admin = admin.delete("/me")
    expert = as_user(bare_stack, "u-erase-expert", Role.EXPERT, CITY).delete("/me")
    nobody = anonymous(bare_stack).delete("/me")
    # Then staff and admins are sent to the identity provider, an expert to their staff
    assert (staff.status, by_admin.status) == (403, 403), (staff.body, by_admin.body)
    assert expert.status == 409, expert.body
    assert expert.body["error"]["code"] == "expert_profile_active"
    assert nobody.status == 401, nobody.body


def test_three_erasures_a_day(bare_stack: Stack) -> None:
    # Given a young person who erased themselves three times today, under the shipped quotas
    me = as_user(bare_stack, "u-erase-thrice", Role.YOUTH)
    with quotas_of({}):
        assert [me.delete("/me").status for _ in range(3)] == [200] * 3
        # When they ask a fourth time
        fourth = me.delete("/me")
    # Then it is refused until tomorrow
    assert fourth.status == 429, fourth.body


def test_on_a_cognito_stage_the_account_is_closed_too(bare_stack: Stack) -> None:
    # Given a stage whose tokens come from a Cognito user pool holding the young person's account
    cognito = boto3.client("cognito-idp", region_name="us-east-1")
    pool = cognito.create_user_pool(PoolName="youthvoice")["UserPool"]["Id"]
    cognito.admin_create_user(UserPoolId=pool, Username="xiaoming")
    sub = next(
        a["Value"]
        for a in cognito.admin_get_user(UserPoolId=pool, Username="xiaoming")["UserAttributes"]
        if a["Name"] == "sub"
    )
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{pool}"
    stage = dataclasses.replace(get_settings(), oidc=OidcIssuer(issuer, f"{issuer}/jwks", "app"))
    # When that person erases themselves
    with installed(bootstrap(stage)):
        receipt = privacy.erase(Principal(sub, Role.YOUTH))
    # Then their account at the pool is gone too
    assert receipt.account_closed
    assert cognito.list_users(UserPoolId=pool, Filter=f'sub = "{sub}"')["Users"] == []
