"""First-response targets resolve most specific first."""

from __future__ import annotations

import datetime as dt

import pytest

from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.platforms import PlatformKind
from youthvoice.domain.sla import SlaPolicies

POLICIES = SlaPolicies.from_data(
    {
        "default_working_hours": 27,
        "by_topic": {"mental-health": 9},
        "by_platform_kind": {"university": 18},
    }
)


def test_topic_beats_platform_kind_beats_default() -> None:
    assert POLICIES.first_response("mental-health", PlatformKind.UNIVERSITY) == dt.timedelta(
        hours=9
    )
    assert POLICIES.first_response("study", PlatformKind.UNIVERSITY) == dt.timedelta(hours=18)
    assert POLICIES.first_response("study", PlatformKind.COUNTY) == dt.timedelta(hours=27)


def test_non_positive_targets_are_refused() -> None:
    with pytest.raises(ValidationFailed):
        SlaPolicies.from_data({"default_working_hours": 0})
