"""Key builders: every item's keys are spelled here once, as docs/data-model.md lists them."""

from __future__ import annotations

META = "META"
ROOT = "ROOT"


def platform_pk(platform_id: str) -> str:
    return f"PLATFORM#{platform_id}"


def children_pk(parent_id: str | None) -> str:
    return f"CHILDREN#{parent_id or ROOT}"


def kind_sort_key(kind: str, item_id: str) -> str:
    return f"{kind}#{item_id}"


ALL_PLATFORMS = "PLATFORMS"
ALL_TOPICS = "TOPICS"


def topic_pk(topic_id: str) -> str:
    return f"TOPIC#{topic_id}"


def expert_pk(expert_id: str) -> str:
    return f"EXPERT#{expert_id}"


EXPERT_PROFILE = "PROFILE"


def platform_experts_pk(platform_id: str) -> str:
    return f"EXPERTS#{platform_id}"


def counter_pk(scope: str, scope_id: str) -> str:
    return f"COUNT#{scope.upper()}#{scope_id}"


def board_pk(board: str) -> str:
    return f"LB#{board}"


def board_shard_pk(board: str, shard: int) -> str:
    return f"{board_pk(board)}#{shard:02d}"


def board_shard(board: str, member: str, shards: int) -> str:
    """Spreads a board's score writes over `shards` index partitions; a top N reads them all."""
    return board_shard_pk(board, sum(member.encode()) % shards)


COUNTER_TOTAL = "TOTAL"


def marker_pk(event_id: str) -> str:
    return f"MARK#{event_id}"


MARKER = "MARK"


def user_pk(user_id: str) -> str:
    """A user's own items: which expert they are, their profile."""
    return f"USER#{user_id}"


expert_user_pk = user_pk
EXPERT_OF_USER = "EXPERT"
USER_PROFILE = "PROFILE"


def route_sk(topic: str) -> str:
    return f"ROUTE#{topic}"


def route_pk(platform_id: str, topic: str) -> str:
    return f"ROUTE#{platform_id}#{topic}"


def route_sort(status: str, expert_id: str) -> str:
    return f"{status}#{expert_id}"


def question_pk(question_id: str) -> str:
    return f"Q#{question_id}"


def answer_sk(answer_id: str) -> str:
    return f"A#{answer_id}"


def answer_lookup_pk(answer_id: str) -> str:
    return f"ANSWER#{answer_id}"


ANSWER_LOOKUP_SK = "A"


def platform_questions_pk(platform_id: str) -> str:
    return f"PQ#{platform_id}"


def asker_pk(user_id: str) -> str:
    return f"ASKER#{user_id}"


def created_sort(created_at: str, item_id: str) -> str:
    return f"{created_at}#{item_id}"


def assignment_sk(user_id: str) -> str:
    return f"ASSIGN#{user_id}"


def queue_pk(user_id: str) -> str:
    return f"QUEUE#{user_id}"


def queue_sort(is_open: bool, created_at: str, question_id: str) -> str:
    """Open invitations sort before answered or declined ones."""
    return f"{0 if is_open else 1}#{created_at}#{question_id}"


def rating_sk(round_number: int) -> str:
    return f"RATING#{round_number:03d}"


def official_answer_sk(round_number: int, author: str) -> str:
    return f"OFFICIAL#{round_number:03d}#{author}"


def flag_sk(item_id: str, user_id: str) -> str:
    return f"FLAG#{item_id}#{user_id}"


def answers_by_pk(user_id: str) -> str:
    return f"ANSWERS#{user_id}"


def likes_by_pk(user_id: str) -> str:
    return f"LIKES#{user_id}"


def flags_by_pk(user_id: str) -> str:
    return f"FLAGS#{user_id}"


def like_pk(answer_id: str) -> str:
    return f"LIKE#{answer_id}"


def like_sk(user_id: str) -> str:
    return f"USER#{user_id}"


def idempotency_pk(user_id: str, key: str) -> str:
    return f"IDEM#{user_id}#{key}"


IDEMPOTENCY = "IDEM"


def due_shard(question_id: str, shards: int) -> str:
    return due_shard_pk(sum(question_id.encode()) % shards)


def due_shard_pk(number: int) -> str:
    return f"DUE#{number:02d}"


def supervision_sk(round_number: int, level: int) -> str:
    return f"SUP#{round_number:03d}#{level}"


def event_sk(at: str, event_id: str) -> str:
    return f"EVENT#{at}#{event_id}"


CALENDAR = "CALENDAR"


def calendar_day_sk(day: str) -> str:
    return f"DAY#{day}"


def visits_pk(scope: str, scope_id: str) -> str:
    return f"VISITS#{scope}#{scope_id}"


def visit_shard(number: int) -> str:
    return f"SHARD#{number:02d}"


READ_MARK = "READ"


def read_mark_pk(question_id: str, visitor: str) -> str:
    return f"READ#{question_id}#{visitor}"


def inbox_pk(user_id: str) -> str:
    return f"INBOX#{user_id}"


def season_pk(season_id: str) -> str:
    return f"SEASON#{season_id}"


def platform_seasons_pk(platform_id: str) -> str:
    return f"SEASONS#{platform_id}"


ALL_SEASONS = "SEASONS"


def season_sort(starts_at: str, season_id: str) -> str:
    return f"{starts_at}#{season_id}"


def season_expert_sk(expert_id: str) -> str:
    return f"EXPERT#{expert_id}"


def quota_pk(user_id: str) -> str:
    """One partition per user: a user spending fast heats only their own key."""
    return f"QUOTA#{user_id}"


def quota_sk(action: str, window_start: int, scope: str = "") -> str:
    """A scoped count (per activity) is its own item: `{action}#{scope}#{window start}`."""
    return f"{action}#{scope}#{window_start}" if scope else f"{action}#{window_start}"


def quota_count(window: int, window_start: int) -> str:
    """The attribute counting one window inside the item of the action's longest window."""
    return f"n{window}_{window_start}"


def alliance_pk(alliance_id: str) -> str:
    return f"ALLIANCE#{alliance_id}"


def membership_sk(user_id: str) -> str:
    return f"MEMBER#{user_id}"


def memberships_pk(user_id: str) -> str:
    return f"MEMBERSHIPS#{user_id}"


def platform_alliances_pk(platform_id: str) -> str:
    return f"ALLIANCES#{platform_id}"


def activity_pk(activity_id: str) -> str:
    return f"ACT#{activity_id}"


def platform_activities_pk(platform_id: str) -> str:
    return f"ACTS#{platform_id}"


SIGNUP_PREFIX = "SIGNUP#"
WAIT_PREFIX = "WAIT#"


def signup_sk(user_id: str) -> str:
    return f"{SIGNUP_PREFIX}{user_id}"


def user_signups_pk(user_id: str) -> str:
    return f"SIGNUPS#{user_id}"


def wait_sk(sequence: int) -> str:
    """Zero-padded: the waitlist's order is the sort key's order."""
    return f"{WAIT_PREFIX}{sequence:012d}"


def code_sk(code: str) -> str:
    return f"CODE#{code}"


AUDIT_PREFIX = "AUDIT#"
"""Every audit partition begins so: the policy denies updates and deletes under it."""


def audit_pk(platform_id: str, month: str, actor: str | None = None) -> str:
    """A platform's entries of one month, or one actor's among them: one Query each."""
    by = f"BY#{actor}#" if actor else ""
    return f"{AUDIT_PREFIX}{platform_id}#{by}{month}"


def audit_sk(at: str, entry_id: str) -> str:
    """Moment first: a Query in reverse reads newest first and a range of dates is a between."""
    return f"{at}#{entry_id}"
