"""No raw user id reaches a reader who is not that user, staff in scope or an admin.

Walks every GET route the app serves (read from its route table, so a new route is walked too),
with every path parameter filled from one populated platform, as a reader without a token and as
a young person who took part in nothing, and fails on any user id of the people who did: the
askers, a peer answerer, an expert, staff, an alliance member and a young person signed up."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import app as application
from tests.integration.api import Caller, anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_alliances import announce, found_alliance
from tests.integration.test_questions import ask, expert_caller, register_expert
from youthvoice.domain.identity import Role

CITY, COUNTY = "sx-05", "sx-05-03"
ASKER, SHY_ASKER, PEER = "u-walk-asker", "u-walk-shy-asker", "u-walk-peer"
STAFF, MEMBER, SIGNER = "u-walk-staff", "mentor-1", "u-walk-signer"
# Query strings that make list routes list this platform's things rather than refuse.
QUERIES = {
    "/experts": f"?platform_id={COUNTY}",
    "/leaderboards/experts": f"?platform_id={COUNTY}",
    "/questions": f"?platform_id={COUNTY}",
    "/questions/similar": "?title=毕业后去哪里找工作",
    "/search": "?q=工作",
    "/activities": f"?platform_id={CITY}",
}


def _populated(stack: Stack) -> tuple[dict[str, str], list[str]]:
    """A question of each kind answered by an expert and a peer, liked, extended by staff; an
    alliance whose member announced an activity a young person signed up for."""
    expert = register_expert(stack, COUNTY, ["employment"])
    asker, shy = as_user(stack, ASKER, Role.YOUTH), as_user(stack, SHY_ASKER, Role.YOUTH)
    asked = ask(asker, COUNTY).body
    shy_asked = ask(shy, COUNTY, anonymous=True).body
    path = f"/questions/{asked['id']}"
    official = expert_caller(stack, expert).post(f"{path}/answers", {"body": "去人才市场看看"})
    peer = as_user(stack, PEER, Role.YOUTH).post(f"{path}/answers", {"body": "我去年也问过"})
    assert (official.status, peer.status) == (201, 201), (official.body, peer.body)
    liked = asker.post(f"/answers/{official.body['id']}/likes")
    assert liked.status in (200, 201), liked.body
    staff = as_user(stack, STAFF, Role.STAFF, COUNTY)
    until = (dt.datetime.fromisoformat(shy_asked["due_at"]) + dt.timedelta(days=1)).isoformat()
    extended = staff.post(
        f"/questions/{shy_asked['id']}/extend", {"until": until, "reason": "专家出差，延长一天"}
    )
    assert extended.status == 200, extended.body
    alliance = found_alliance(stack)
    activity = announce(as_user(stack, MEMBER, Role.YOUTH), alliance["id"])
    signed = as_user(stack, SIGNER, Role.YOUTH).post(f"/activities/{activity['id']}/signups", {})
    assert signed.status == 201, signed.body
    stack.pump.drain()
    parameters = {
        "question_id": asked["id"],
        "answer_id": official.body["id"],
        "expert_id": expert["id"],
        "platform_id": COUNTY,
        "alliance_id": alliance["id"],
        "activity_id": activity["id"],
        "season_id": "no-season",
    }
    return parameters, [ASKER, SHY_ASKER, PEER, STAFF, MEMBER, SIGNER, expert["user_id"]]


def _get_routes(parameters: dict[str, str]) -> list[str]:
    paths = []
    for route, methods in sorted(application.app.routes.items()):
        if "GET" not in methods:
            continue
        filled = re.sub(r"\{(\w+)\}", lambda name: parameters[name.group(1)], route)
        paths.append(filled + QUERIES.get(route, ""))
    return paths


def test_no_route_shows_a_reader_someone_else_s_user_id(bare_stack: Stack) -> None:
    # Given a platform where young people asked, answered, liked and signed up, and an expert,
    # staff and an alliance member acted
    parameters, user_ids = _populated(bare_stack)
    readers: dict[str, Caller] = {
        "no token": anonymous(bare_stack),
        "a young person who took part in nothing": as_user(bare_stack, "u-walk-other", Role.YOUTH),
    }
    # When each reads every GET route
    seen: list[tuple[str, str, int, Any]] = []
    for reader, caller in readers.items():
        for path in _get_routes(parameters):
            reply = caller.get(path)
            assert reply.status < 500, (reader, path, reply.body)
            seen.append((reader, path, reply.status, reply.body))
    # Then the walk read the populated routes, and no body holds any of those user ids
    read = {path for _, path, status, _ in seen if status == 200}
    assert f"/questions/{parameters['question_id']}" in read
    assert f"/activities/{parameters['activity_id']}" in read
    assert f"/leaderboards/experts?platform_id={COUNTY}" in read
    leaks = [
        (reader, path, user_id)
        for reader, path, _, body in seen
        for user_id in user_ids
        if user_id in json.dumps(body, ensure_ascii=False)
    ]
    assert leaks == []
    # And staff in scope, reading the same question, do see its asker's and answerers' ids
    staff_view = as_user(bare_stack, "u-walk-city", Role.STAFF, CITY).get(
        f"/questions/{parameters['question_id']}"
    )
    shown = json.dumps(staff_view.body, ensure_ascii=False)
    assert all(user_id in shown for user_id in (ASKER, PEER, user_ids[-1]))
