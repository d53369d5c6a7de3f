"""Dates and moments outside the years the service supports are a 400 on every route, never a 500.

A report steps through its dates a day at a time and moves them to a time zone: at the edge of
the calendar (9999-12-31, 0001-01-01) either overflows. The edge refuses such a date first.
Moments in bodies are walked with every body route in test_hostile_input.py; this walks every
query parameter that names a date, a month or a moment.
"""

from __future__ import annotations

import pytest

from functions.http import ROUTES
from tests.integration.api import as_user
from tests.integration.conftest import Stack
from tests.integration.test_hostile_input import refused
from youthvoice.domain.identity import Role

# The names a query gives a date or a time, as the query spells them.
DATE_PARAMETERS = {"from", "to", "at", "since", "until", "day", "month", "starts_at", "ends_at"}
FAR_DATES = ["9999-12-31", "0001-01-01", "2101-01-01", "1999-12-31"]
MALFORMED_DATES = ["2026-02-30", "2026-13-01", "26-11-01", "tomorrow", "2026-11-01T25:00"]
FAR_MONTHS = ["9999-12", "0001-01", "0000-01", "2101-01"]
MALFORMED_MONTHS = ["2026-13", "2026-1", "11-2026"]
IN_RANGE = {"from": "2026-11-01", "to": "2026-11-30", "month": "2026-11"}
# Some routes need another parameter besides the dates.
REQUIRED = {"/experts": "platform_id=sx-04&", "/search": "q=考研&"}


def _spelled(route_query: type) -> set[str]:
    fields = route_query.model_fields  # type: ignore[attr-defined]
    return {field.alias or name for name, field in fields.items()}


DATED = sorted(
    pytest.param(route.path, name, id=f"{route.path}?{name}")
    for route in ROUTES
    if route.method == "GET" and route.query is not None
    for name in _spelled(route.query) & DATE_PARAMETERS
)


def test_the_walk_finds_every_report_route() -> None:
    # Given the routes' query models
    # When the dated parameters are listed
    paths = {param.values[0] for param in DATED}
    # Then every report over dates and the month board is among them
    assert {
        "/stats",
        "/platforms/{platform_id}/stats",
        "/platforms/{platform_id}/stats/series",
        "/platforms/{platform_id}/stats/children",
        "/leaderboards/experts",
    } <= paths


@pytest.mark.parametrize(("template", "name"), DATED)
def test_a_date_outside_the_supported_years_or_malformed_is_400_naming_it(
    bare_stack: Stack, template: str, name: str
) -> None:
    # Given a reader who may call the route (an admin sees every platform)
    caller = as_user(bare_stack, "dates-admin", Role.ADMIN)
    path = template.format(platform_id="sx-04")
    month = name == "month"
    values = FAR_MONTHS + MALFORMED_MONTHS if month else FAR_DATES + MALFORMED_DATES
    for value in values:
        # When the parameter is far in the future or past, or no date at all; any other
        # date parameter of the route in range, or equally far (from and to go together)
        others = {other: IN_RANGE[other] for other in _partners(name)}
        for query in (
            {**others, name: value},
            {**{other: value for other in others}, name: value},
        ):
            spelled = "&".join(f"{key}={val}" for key, val in query.items())
            reply = caller.get(f"{path}?{REQUIRED.get(template, '')}{spelled}")
            # Then the edge refuses it in the one error shape, naming a parameter it refused
            refused(reply, 400)
            assert any(key in reply.body["error"]["detail"] for key in query), reply.body


def _partners(name: str) -> tuple[str, ...]:
    return {"from": ("to",), "to": ("from",)}.get(name, ())


@pytest.mark.parametrize(
    "path",
    [
        "/stats?from=2100-12-31&to=2100-12-31",
        "/platforms/sx-04/stats?from=2000-01-01&to=2000-01-31",
        "/platforms/sx-04/stats/series?from=2100-01-01&to=2100-12-31&interval=week",
        "/platforms/sx-04/stats/children?from=2100-12-01&to=2100-12-31",
        "/leaderboards/experts?month=2100-12",
    ],
)
def test_the_edges_of_the_supported_years_are_reported(bare_stack: Stack, path: str) -> None:
    # Given the first and last days of the years the service supports
    caller = as_user(bare_stack, "dates-admin", Role.ADMIN)
    # When a report covers them
    reply = caller.get(path)
    # Then it is answered, not refused and not a 500
    assert reply.status == 200, reply.body
