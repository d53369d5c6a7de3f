"""Givens the unit tests of the use cases share: people, experts and questions, made through the
use cases themselves so that they are what a request would have made."""

from __future__ import annotations

import itertools

from youthvoice.domain.experts import Expert
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.questions import Question
from youthvoice.services import experts, questions

ADMIN = Principal("admin-1", Role.ADMIN)
_numbers = itertools.count(1)


def youth(name: str) -> Principal:
    return Principal(name, Role.YOUTH)


def staff(platform: str) -> Principal:
    return Principal(f"staff-{platform}", Role.STAFF, platform)


def expert_on(platform: str, *topics: str) -> Expert:
    return experts.register(ADMIN, f"expert-user-{next(_numbers)}", "专家", topics, platform, "")


def as_expert(expert: Expert) -> Principal:
    return Principal(expert.user_id, Role.EXPERT, expert.platform_id)


def asked(
    asker: Principal,
    platform: str,
    topic: str = "employment",
    title: str = "毕业后去哪里找工作",
    body: str = "我是大四学生，想知道省内有哪些招聘渠道。",
) -> Question:
    return questions.ask(asker, questions.Draft(title, body, topic, platform, False, ()))
