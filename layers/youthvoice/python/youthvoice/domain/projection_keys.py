"""Every key of the projections, spelled once.

The projector (`projection.effects`) writes through these builders and every reader asks through
them, so renaming a key renames it on both sides; a key retyped by a reader would read as zeros.
`tests/unit/test_projection_keys.py` checks that each builder names a key the projector writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ScopeKind(StrEnum):
    """The families of counter rows. QUESTION holds visits only: reads count them, not the
    projector."""

    PLATFORM = "platform"
    TOPIC = "topic"
    SEASON = "season"
    PLATFORM_SEASON = "platform-season"
    SEASON_DAY = "season-day"
    PLATFORM_TOPIC_DAY = "platform-topic-day"
    PLATFORM_DAY = "platform-day"
    PLATFORM_MONTH = "platform-month"
    EXPERT = "expert"
    INBOX = "inbox"
    QUESTION = "question"
    ALLIANCE = "alliance"
    TERM = "term"
    INDEX = "index"


class Period(StrEnum):
    """The families of leaderboards: all time, one month, one season."""

    ALL_TIME = "ALL"
    MONTH = "M"
    SEASON = "S"


class ListKind(StrEnum):
    """The families of projected lists."""

    FEED = "feed"
    MODERATION = "moderation"
    INBOX = "inbox"
    SUPERVISION = "supervision"
    ACTIVITIES = "activities"
    ALLIANCES = "alliances"
    POSTINGS = "postings"
    SEARCH = "search"


@dataclass(frozen=True)
class CounterKey:
    """One metric of one counted scope."""

    scope: str
    scope_id: str
    metric: str


@dataclass(frozen=True)
class ScoreKey:
    """One member's score on one leaderboard. `desk`, the platform a member without an expert
    profile answered for (staff), is kept on the score, not part of which score it is."""

    board: str
    member: str
    desk: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DocumentKey:
    """A list entry: which list and where in it (readers of a whole list leave `order` empty)."""

    kind: str
    scope: str
    order: str


Scope = tuple[str, str]
"""A counter row: its family and its id within the family."""

RECOUNTABLE_SCOPES = frozenset(
    {
        ScopeKind.PLATFORM,
        ScopeKind.TOPIC,
        ScopeKind.SEASON,
        ScopeKind.PLATFORM_SEASON,
        ScopeKind.SEASON_DAY,
        ScopeKind.PLATFORM_TOPIC_DAY,
        ScopeKind.PLATFORM_DAY,
        ScopeKind.PLATFORM_MONTH,
        ScopeKind.ALLIANCE,
    }
)
"""Counted from questions, experts and held activities alone, so recounting those rebuilds
them."""

VISITED_SCOPES = frozenset({ScopeKind.PLATFORM, ScopeKind.PLATFORM_SEASON})
"""Where reading a question also counts as a visit (its platforms, overall and in its season)."""

ALL_STATUSES = "ALL"


def platform(platform_id: str) -> Scope:
    return ScopeKind.PLATFORM, platform_id


def topic(topic_id: str) -> Scope:
    return ScopeKind.TOPIC, topic_id


def season(season_id: str) -> Scope:
    return ScopeKind.SEASON, season_id


def platform_season(platform_id: str, season_id: str) -> Scope:
    return ScopeKind.PLATFORM_SEASON, f"{platform_id}#{season_id}"


def season_day(season_id: str, day: str) -> Scope:
    return ScopeKind.SEASON_DAY, f"{season_id}#{day}"


def platform_topic_day(platform_id: str, topic_id: str, day: str) -> Scope:
    return ScopeKind.PLATFORM_TOPIC_DAY, f"{platform_id}#{topic_id}#{day}"


def platform_day(platform_id: str, day: str) -> Scope:
    """A platform's questions asked on one Shanghai day (YYYY-MM-DD): reports over any range."""
    return ScopeKind.PLATFORM_DAY, f"{platform_id}#{day}"


def platform_month(platform_id: str, yyyy_mm: str) -> Scope:
    """A platform's questions asked in one Shanghai month: a year's report in 12 rows, not 365."""
    return ScopeKind.PLATFORM_MONTH, f"{platform_id}#{yyyy_mm}"


def alliance(alliance_id: str) -> Scope:
    """An alliance's activities held, their participants and signups."""
    return ScopeKind.ALLIANCE, alliance_id


def expert(user_id: str) -> Scope:
    return ScopeKind.EXPERT, user_id


def unread(owner: str) -> Scope:
    """An inbox's unread count: a user's, or a duty desk's."""
    return ScopeKind.INBOX, owner


def question_visits(question_id: str) -> Scope:
    return ScopeKind.QUESTION, question_id


def month(yyyy_mm: str) -> str:
    return f"{Period.MONTH}#{yyyy_mm}"


def season_period(season_id: str) -> str:
    return f"{Period.SEASON}#{season_id}"


# A board's cursor holds a place per shard (a member id and points): eight of the longest fit in
# a cursor (pagination.CURSOR_MAX).
MAX_LEADERBOARD_SHARDS = 8


def board(period: str, platform_id: str) -> str:
    """A period's leaderboard on one platform's subtree (`Period.ALL_TIME`, `month`,
    `season_period`)."""
    return f"{period}#{platform_id}"


def feed(owner: str, status: str | None, order: str = "") -> DocumentKey:
    """A platform's (or a season's) questions, of one status or of all."""
    return DocumentKey(ListKind.FEED, f"{owner}#{status or ALL_STATUSES}", order)


def season_feed(season_id: str) -> str:
    """The owner of a season's feed, beside the platforms' own."""
    return f"season:{season_id}"


def moderation_queue(platform_id: str, order: str = "") -> DocumentKey:
    return DocumentKey(ListKind.MODERATION, platform_id, order)


def inbox(owner: str, order: str = "") -> DocumentKey:
    return DocumentKey(ListKind.INBOX, owner, order)


def supervision_list(
    platform_id: str, status: str, level: int | None, order: str = ""
) -> DocumentKey:
    """A platform's supervision records of one status, at every level or at one."""
    at_level = f"#L{level}" if level is not None else ""
    return DocumentKey(ListKind.SUPERVISION, f"{platform_id}#{status}{at_level}", order)


def activity_list(owner: str, topic: str | None, order: str = "") -> DocumentKey:
    """A platform's (or a season's, owner `season_feed(id)`) activities, of one topic or all."""
    return DocumentKey(ListKind.ACTIVITIES, f"{owner}#{topic or ALL_STATUSES}", order)


def alliance_list(platform_id: str, topic: str | None, order: str = "") -> DocumentKey:
    """The alliances of a platform's subtree, of one topic or all."""
    return DocumentKey(ListKind.ALLIANCES, f"{platform_id}#{topic or ALL_STATUSES}", order)


def term(text: str) -> Scope:
    """How many indexed questions hold a search term."""
    return ScopeKind.TERM, text


def indexed() -> Scope:
    """How many questions the search index holds."""
    return ScopeKind.INDEX, "questions"


def postings(text: str, order: str = "") -> DocumentKey:
    """A search term's postings, highest impact first."""
    return DocumentKey(ListKind.POSTINGS, text, order)


SEARCH_DOCUMENT = "DOC"


def search_document(question_id: str) -> DocumentKey:
    """What a search result shows of one question."""
    return DocumentKey(ListKind.SEARCH, question_id, SEARCH_DOCUMENT)
