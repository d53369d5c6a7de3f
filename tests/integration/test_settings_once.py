"""Settings and the word screen are built once per process, as a Lambda container would keep them.

Nothing here replaces `get_settings` or the container: the spies only count what they and the
screen call beneath.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.api import anonymous, as_user
from tests.integration.conftest import Stack
from tests.integration.test_questions import ask
from youthvoice import config
from youthvoice.bootstrap import bootstrap, installed
from youthvoice.config import get_settings
from youthvoice.domain import moderation
from youthvoice.domain.identity import Role

REQUESTS = 50


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How often the environment is parsed and the word screen's automatons are built, from a
    process that has read neither yet (a fresh container on fresh settings)."""
    counted: Counter[str] = Counter()
    load_settings, build_automatons = config.load_settings, moderation.Automatons.of

    def counting_load(env: Any) -> config.Settings:
        counted["settings"] += 1
        return load_settings(env)

    def counting_build(rules: Any, allowed: Any) -> moderation.Automatons:
        counted["screen"] += 1
        return build_automatons(rules, allowed)

    monkeypatch.setattr(config, "load_settings", counting_load)
    monkeypatch.setattr(moderation.Automatons, "of", counting_build)
    get_settings.cache_clear()
    with installed(bootstrap()):
        yield counted


def test_fifty_requests_read_the_settings_and_build_the_screen_once(
    bare_stack: Stack, builds: Counter[str]
) -> None:
    # Given a process that has not read its settings yet
    asker = as_user(bare_stack, "youth-settings-once", Role.YOUTH)
    # When it serves 50 requests, half of them screened posts
    statuses = Counter(
        ask(asker, "sx-01-01", title=f"第{n}个问题：毕业后去哪里找工作").status
        if n % 2
        else anonymous(bare_stack).get("/topics").status
        for n in range(REQUESTS)
    )
    # Then every request succeeded, the environment was parsed once and the screen built once
    assert statuses == {201: REQUESTS // 2, 200: REQUESTS // 2}
    assert builds == {"settings": 1, "screen": 1}
