"""PynamoDB models for the two tables. Key layouts are documented in docs/data-model.md."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from youthvoice.config import get_settings
from youthvoice.domain.case_records import NOT_ESCALATED

_settings = get_settings()


class ContentIndexOne(GlobalSecondaryIndex["ContentItem"]):
    """Lists under an owner: a platform's children, a platform's experts, a user's questions."""

    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ContentIndexTwo(GlobalSecondaryIndex["ContentItem"]):
    """Lists across owners: every platform by kind."""

    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex["ContentItem"]):
    """Sparse: only questions on the supervision clock carry `due_shard`, keyed by when their
    next escalation rung is due; the sweep reads only those already due."""

    class Meta:
        index_name = "due"
        projection = AllProjection()

    due_shard = UnicodeAttribute(hash_key=True)
    escalate_at = UnicodeAttribute(range_key=True)


class ContentItem(Model):
    """Source of truth, single-table; `entity` says which kind of item a row is."""

    class Meta:
        table_name = _settings.content_table
        region = _settings.region
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    entity = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    escalate_at = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)

    by_owner = ContentIndexOne()
    across = ContentIndexTwo()
    by_due = DueIndex()


class PlatformItem(ContentItem, discriminator="platform"):
    platform_id = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    ancestors: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)


class ExpertItem(ContentItem, discriminator="expert"):
    expert_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    topics: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    bio = UnicodeAttribute(default="")
    status = UnicodeAttribute(default="active")
    created_at = UnicodeAttribute()


class LeaderboardIndex(GlobalSecondaryIndex["ProjectionItem"]):
    """Top-N by score: a Query with Limit=N, never a read of every entry."""

    class Meta:
        index_name = "by_score"
        projection = AllProjection()

    lb_pk = UnicodeAttribute(hash_key=True)
    score = NumberAttribute(range_key=True)


class TopicItem(ContentItem, discriminator="topic"):
    topic_id = UnicodeAttribute()
    zh = UnicodeAttribute()
    en = UnicodeAttribute()


class ExpertUserItem(ContentItem, discriminator="expert_user"):
    """USER#{sub} / EXPERT: which expert profile a signed-in user is (one at most)."""

    expert_id = UnicodeAttribute()


class ProfileItem(ContentItem, discriminator="profile"):
    """USER#{sub} / PROFILE: what a person chose to be shown by (a young person's nickname)."""

    user_id = UnicodeAttribute()
    nickname = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class RouteItem(ContentItem, discriminator="route"):
    """One per (expert, topic): the routing index entry, with the expert's open load."""

    expert_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    platform_id = UnicodeAttribute()
    topic = UnicodeAttribute()
    status = UnicodeAttribute()
    topics: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    open_assignments = NumberAttribute(default=0)


class QuestionItem(ContentItem, discriminator="question"):
    question_id = UnicodeAttribute()
    asker = UnicodeAttribute()
    anonymous = BooleanAttribute(default=False)
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    topic = UnicodeAttribute()
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    tags: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    assignees: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    visibility = UnicodeAttribute(default="visible")
    held_reason = UnicodeAttribute(null=True)
    flag_count = NumberAttribute(default=0)
    under_review = BooleanAttribute(default=False)
    accepted_answer_id = UnicodeAttribute(null=True)
    round = NumberAttribute(default=1)
    rated_round = NumberAttribute(default=0)
    official_answers = NumberAttribute(default=0)
    peer_answers = NumberAttribute(default=0)
    answered_on_time = BooleanAttribute(default=False)
    ratings = NumberAttribute(default=0)
    rating_sum = NumberAttribute(default=0)
    season_id = UnicodeAttribute(null=True)
    escalation_level = NumberAttribute(default=NOT_ESCALATED)
    extended = BooleanAttribute(default=False)
    close_reason = UnicodeAttribute(null=True)
    duplicate_of = UnicodeAttribute(null=True)
    reopens = NumberAttribute(default=0)
    answer_excerpt = UnicodeAttribute(default="")
    version = VersionAttribute()


class AnswerItem(ContentItem, discriminator="answer"):
    answer_id = UnicodeAttribute()
    question_id = UnicodeAttribute()
    author = UnicodeAttribute()
    official = BooleanAttribute()
    body = UnicodeAttribute()
    created_at = UnicodeAttribute()
    visibility = UnicodeAttribute(default="visible")
    held_reason = UnicodeAttribute(null=True)
    likes = NumberAttribute(default=0)
    on_time = BooleanAttribute(default=False)
    accepted = BooleanAttribute(default=False)
    well_rated = BooleanAttribute(default=False)
    season_id = UnicodeAttribute(null=True)
    asker = UnicodeAttribute(default="")
    question_title = UnicodeAttribute(default="")
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    round = NumberAttribute(default=1)
    edited_at = UnicodeAttribute(null=True)
    author_kind = UnicodeAttribute(null=True)
    author_name = UnicodeAttribute(default="")
    author_ref = UnicodeAttribute(null=True)


class OfficialAnswerItem(ContentItem, discriminator="official_answer"):
    """Q#{id} / OFFICIAL#{round}#{author}: at most one official answer per author per round."""

    answer_id = UnicodeAttribute()


class AssignmentItem(ContentItem, discriminator="assignment"):
    question_id = UnicodeAttribute()
    expert_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    topics: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    state = UnicodeAttribute()
    created_at = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    title = UnicodeAttribute(null=True)
    topic = UnicodeAttribute(null=True)
    platform_id = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)


class RatingItem(ContentItem, discriminator="rating"):
    question_id = UnicodeAttribute()
    score = NumberAttribute()
    comment = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()


class FlagItem(ContentItem, discriminator="flag"):
    item_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    reason = UnicodeAttribute()
    created_at = UnicodeAttribute()


class LikeItem(ContentItem, discriminator="like"):
    answer_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    # Both None on likes kept before they were listed by the person who gave them.
    question_id = UnicodeAttribute(null=True)
    liked_at = UnicodeAttribute(null=True)


class SupervisionItem(ContentItem, discriminator="supervision"):
    """Q#{question} / SUP#{round}#{level}: a 督办单, its own deadline in `due_at`."""

    question_id = UnicodeAttribute()
    round = NumberAttribute()
    level = NumberAttribute()
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    title = UnicodeAttribute(default="")
    topic = UnicodeAttribute(default="")
    opened_at = UnicodeAttribute()
    status = UnicodeAttribute()
    closed_at = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute(null=True)
    department = UnicodeAttribute(null=True)
    question_due_at = UnicodeAttribute(null=True)


class EventItem(ContentItem, discriminator="event"):
    """Q#{question} / EVENT#{at}#{id}: one audited step on the question's timeline."""

    event_id = UnicodeAttribute()
    question_id = UnicodeAttribute()
    at = UnicodeAttribute()
    kind = UnicodeAttribute()
    actor = UnicodeAttribute()
    detail = UnicodeAttribute(default="")
    recipients: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    level = NumberAttribute(null=True)
    title = UnicodeAttribute(default="")
    actor_kind = UnicodeAttribute(null=True)
    actor_name = UnicodeAttribute(default="")
    actor_ref = UnicodeAttribute(null=True)


class SeasonItem(ContentItem, discriminator="season"):
    """SEASON#{id} / META, listed under SEASONS#{platform} (gsi1) and SEASONS (gsi2)."""

    season_id = UnicodeAttribute()
    name = UnicodeAttribute()
    topics: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    starts_at = UnicodeAttribute()
    ends_at = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    sla_hours = NumberAttribute(null=True)
    roster = JSONAttribute(null=True)
    invited_users: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    opened = BooleanAttribute(default=False)
    closed = BooleanAttribute(default=False)
    final_board = JSONAttribute(null=True)
    version = VersionAttribute()


class SeasonExpertItem(ContentItem, discriminator="season_expert"):
    """SEASON#{id} / EXPERT#{expert}: an expert invited to answer the season's questions."""

    season_id = UnicodeAttribute()
    expert_id = UnicodeAttribute()
    user_id = UnicodeAttribute()


class SeasonLockItem(ContentItem, discriminator="season_lock"):
    """SEASONS#{platform} / LOCK: bumped by every season write of one scope, so two writes that
    each checked for overlaps cannot both commit."""

    writes = NumberAttribute(default=0)


class AllianceItem(ContentItem, discriminator="alliance"):
    """ALLIANCE#{id} / META, listed under ALLIANCES#{platform} (gsi1)."""

    alliance_id = UnicodeAttribute()
    name = UnicodeAttribute()
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    topics: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    members = JSONAttribute(null=True)
    member_user_ids: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()


class MembershipItem(ContentItem, discriminator="alliance_member"):
    """ALLIANCE#{id} / MEMBER#{user}, listed under MEMBERSHIPS#{user} (gsi1): which alliances
    a user acts for, so that erasing them finds every list that names them."""

    alliance_id = UnicodeAttribute()
    user_id = UnicodeAttribute()


class ActivityItem(ContentItem, discriminator="activity"):
    """ACT#{id} / META. `free` (capacity − reserved − confirmed places), `waiting` and
    `confirmed` change only by conditional ADD, in the transaction that writes the signup."""

    activity_id = UnicodeAttribute()
    alliance_id = UnicodeAttribute()
    platform_id = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    topics: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    location = UnicodeAttribute()
    starts_at = UnicodeAttribute()
    ends_at = UnicodeAttribute()
    signup_opens_at = UnicodeAttribute()
    signup_closes_at = UnicodeAttribute()
    capacity = NumberAttribute()
    unit = UnicodeAttribute()
    reserved = NumberAttribute(default=0)
    season_id = UnicodeAttribute(null=True)
    source_question_ids: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    stage = UnicodeAttribute()
    free = NumberAttribute(default=0)
    waiting = NumberAttribute(default=0)
    confirmed = NumberAttribute(default=0)
    checked_in = NumberAttribute(default=0)
    participants = NumberAttribute(default=0)
    waitlist_sequence = NumberAttribute(default=0)
    summary = UnicodeAttribute(default="")
    closed_at = UnicodeAttribute(null=True)


class SignupItem(ContentItem, discriminator="signup"):
    """ACT#{activity} / SIGNUP#{user}: one per user per activity, listed under SIGNUPS#{user}."""

    activity_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    state = UnicodeAttribute()
    places = NumberAttribute()
    party_size = NumberAttribute()
    note = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    title = UnicodeAttribute(default="")
    starts_at = UnicodeAttribute(default="")
    code = UnicodeAttribute(null=True)
    sequence = NumberAttribute(null=True)
    checked_in_at = UnicodeAttribute(null=True)


class WaitItem(ContentItem, discriminator="wait"):
    """ACT#{activity} / WAIT#{sequence}: the waitlist in order, read strongly consistent."""

    user_id = UnicodeAttribute()
    places = NumberAttribute()


class CheckinCodeItem(ContentItem, discriminator="checkin_code"):
    """ACT#{activity} / CODE#{code}: whose confirmed signup a check-in code is."""

    user_id = UnicodeAttribute()


class CalendarDayItem(ContentItem, discriminator="calendar_day"):
    """CALENDAR / DAY#{date}: an operator's override of China's official calendar."""

    day = UnicodeAttribute()
    working = BooleanAttribute()
    name = UnicodeAttribute(default="")


class IdempotencyItem(ContentItem, discriminator="idempotency"):
    """A client's Idempotency-Key, remembered for a day with the id of what it created."""

    result_id = UnicodeAttribute()
    fingerprint = UnicodeAttribute(null=True)


class AuditItem(ContentItem, discriminator="audit"):
    """AUDIT#{platform}#{month} (and #BY#{actor}#{month}) / {at}#{id}: one privileged act,
    written once under each platform of its lineage; never updated, deleted only by its TTL."""

    entry_id = UnicodeAttribute()
    at = UnicodeAttribute()
    actor = UnicodeAttribute()
    role = UnicodeAttribute()
    lineage: ListAttribute[Any] = ListAttribute(of=UnicodeAttribute, default=list)
    action = UnicodeAttribute()
    item_kind = UnicodeAttribute()
    item_id = UnicodeAttribute()
    request_id = UnicodeAttribute(null=True)


class ProjectionItem(Model):
    """Derived data, rebuilt from Content at will: counters, boards, inboxes, markers."""

    class Meta:
        table_name = _settings.projections_table
        region = _settings.region
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expires_at = TTLAttribute(null=True)
    lb_pk = UnicodeAttribute(null=True)
    score = NumberAttribute(null=True)

    by_score = LeaderboardIndex()


class CounterItem(ProjectionItem):
    """One row per counted scope; each metric is a number attribute changed with ADD."""

    experts = NumberAttribute(null=True)
    questions = NumberAttribute(null=True)
    answers = NumberAttribute(null=True)
    peer_answers = NumberAttribute(null=True)
    answered = NumberAttribute(null=True)
    resolved = NumberAttribute(null=True)
    on_time = NumberAttribute(null=True)
    ratings = NumberAttribute(null=True)
    rating_sum = NumberAttribute(null=True)
    accepted = NumberAttribute(null=True)
    likes = NumberAttribute(null=True)
    points = NumberAttribute(null=True)
    unread = NumberAttribute(null=True)
    activities = NumberAttribute(null=True)
    participants = NumberAttribute(null=True)
    signups = NumberAttribute(null=True)


class ScoreItem(ProjectionItem):
    """LB#{board} / {member}: a leaderboard entry, found top-down through the by_score index;
    `desk`: the platform a staff member answered for."""

    member = UnicodeAttribute(null=True)
    desk = UnicodeAttribute(null=True)


class VisitShardItem(ProjectionItem):
    """VISITS#{scope} / SHARD#{n}: too hot for the stream, counted with ADD on a random shard."""

    visits = NumberAttribute(null=True)


class ReadMarkItem(ProjectionItem):
    """READ#{question}#{visitor} / READ: a reader's visit was counted; TTL ends the window (the
    condition, not TTL's lazy deletion, decides whether it is still live)."""


class DocumentItem(ProjectionItem):
    """A projected list entry (subtree feed, moderation queue), put and deleted by the projector."""

    item_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    question_id = UnicodeAttribute()
    title = UnicodeAttribute(default="")
    excerpt = UnicodeAttribute(default="")
    topic = UnicodeAttribute(default="")
    platform_id = UnicodeAttribute(default="")
    read = BooleanAttribute(null=True)
    status = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    due_at = UnicodeAttribute(default="")
    reason = UnicodeAttribute(default="")
    level = UnicodeAttribute(null=True)
    opened_at = UnicodeAttribute(null=True)
    department = UnicodeAttribute(null=True)
    question_due_at = UnicodeAttribute(null=True)  # a supervision entry's question's deadline
    answers = UnicodeAttribute(null=True)  # a feed entry's or search document's answer count
    asker = UnicodeAttribute(null=True)  # ...and its asker, unless they asked anonymously
    activity_id = UnicodeAttribute(null=True)
    lineage = UnicodeAttribute(null=True)  # a search entry's platforms, space-separated
    answer = UnicodeAttribute(null=True)  # a search document's answer excerpt
    terms = UnicodeAttribute(null=True)  # the terms a search document is indexed under


class MarkerItem(ProjectionItem):
    """Written with the effects of one stream record, in the same transaction: applied once."""


class QuotaItem(ProjectionItem):
    """QUOTA#{user} / {action}#{window start}: one number attribute per window of the action
    (named by `keys.quota_count`), ADDed under a condition; TTL at the end of the window."""
