"""DynamoDB calls per signup (confirmed, waitlisted), per withdrawal and per promotion, counted
in process on moto with a botocore hook (bench/hooks.py). Every status is asserted.

Usage: .venv/bin/python -m bench.signups
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from moto import mock_aws

import tests.conftest  # noqa: F401  (test settings: fake credentials)
from bench.hooks import on_dynamodb_clients
from tests.integration.api import as_user
from tests.integration.conftest import _started_stack
from tests.integration.test_alliances import announce, found_alliance
from youthvoice.domain.identity import Role

CALLS: Counter[str] = Counter()


def count(model: Any, **_: Any) -> None:
    CALLS[model.name] += 1


def measured(label: str, action: Any, expected: int) -> None:
    CALLS.clear()
    status = action()
    assert status == expected, (label, status)
    print(f"{label}: {sum(CALLS.values())} calls {dict(CALLS)}")


def main() -> None:
    with mock_aws():
        on_dynamodb_clients("before-call", count)
        stack = _started_stack(0)
        alliance = found_alliance(stack)
        staff = as_user(stack, "league-4", Role.STAFF, "sx-04")
        activity = announce(staff, alliance["id"], capacity=1)
        path = f"/activities/{activity['id']}/signups"
        first = as_user(stack, "bench-1", Role.YOUTH)
        second = as_user(stack, "bench-2", Role.YOUTH)
        measured("signup, confirmed", lambda: first.post(path, {}).status, 201)
        measured("signup, waitlisted", lambda: second.post(path, {}).status, 201)
        measured("withdrawal + 1 promotion", lambda: first.delete(f"{path}/me").status, 204)
        measured("withdrawal, nobody waiting", lambda: second.delete(f"{path}/me").status, 204)


if __name__ == "__main__":
    main()
