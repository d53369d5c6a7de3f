"""What a change to the source of truth does to the projections, as pure effects.

Counters change by deltas (added up across a batch); list entries (a subtree feed, a moderation
queue) are documents, put or deleted, the last change of a batch winning.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from youthvoice.domain import projection_keys as keys
from youthvoice.domain import search
from youthvoice.domain.alliances import Activity, Alliance, Signup, SignupState, Stage
from youthvoice.domain.case_records import (
    EventKind,
    RecordStatus,
    SupervisionRecord,
    TimelineEvent,
)
from youthvoice.domain.experts import Expert
from youthvoice.domain.people import ERASED_USER
from youthvoice.domain.projection_keys import CounterKey, DocumentKey, Period, Scope, ScoreKey
from youthvoice.domain.questions import Answer, Assignment, Question, Status, Visibility
from youthvoice.domain.seasons import Season, local_day
from youthvoice.domain.timestamps import parse_iso

Entity = (
    Expert
    | Question
    | Answer
    | Assignment
    | SupervisionRecord
    | TimelineEvent
    | Season
    | Alliance
    | Activity
    | Signup
    | None
)
K = TypeVar("K")
EXCERPT = 80


Fields = Mapping[str, str]


@dataclass(frozen=True)
class Change:
    """One stream record, decoded: the entity before and after (None when absent)."""

    event_id: str
    sequence_number: str
    before: Entity
    after: Entity
    lineage: tuple[str, ...] = ()
    at: str = ""


class EntryKind(StrEnum):
    """What a row of a projected list is: a question or an answer (feeds, the moderation
    queue), an activity or an alliance (their lists)."""

    QUESTION = "question"
    ANSWER = "answer"
    ACTIVITY = "activity"
    ALLIANCE = "alliance"


@dataclass(frozen=True)
class ListEntry:
    """One row of a projected list (a feed or the moderation queue), as readers get it."""

    item_id: str
    kind: EntryKind
    question_id: str
    title: str
    excerpt: str
    topic: str
    platform_id: str
    status: str
    created_at: str
    due_at: str
    answers: int = 0
    asker: str | None = None
    """A listed question's asker, kept only when they asked under their name: 匿名 otherwise,
    and on entries projected before askers were kept."""


@dataclass(frozen=True)
class BoardEntry:
    """One row of a leaderboard: its rank on the whole board, the member and their points;
    `desk`, the platform a staff member answered for (None for experts and older scores)."""

    rank: int
    member: str
    points: int
    desk: str | None = None


class NotificationKind(StrEnum):
    """What an inbox row is about."""

    ANSWER = "answer"
    REOPENED = "reopened"
    INVITATION = "invitation"
    REMINDER = "reminder"
    ESCALATED = "escalated"
    EXTENDED = "extended"
    CLOSED = "closed"
    LOW_RATING = "low_rating"
    ANSWERED_OFFLINE = "answered_offline"
    WITHDRAWN = "withdrawn"
    SEASON_STARTED = "season_started"
    PROMOTED = "promoted"
    ACTIVITY_CANCELLED = "activity_cancelled"


@dataclass(frozen=True)
class Notification:
    """One row of an inbox, as its owner reads it."""

    id: str
    kind: NotificationKind
    question_id: str
    title: str
    created_at: str
    read: bool
    detail: str = ""
    activity_id: str = ""


@dataclass(frozen=True)
class SupervisionEntry:
    """One row of a platform's projected supervision list."""

    question_id: str
    title: str
    topic: str
    platform_id: str
    level: int
    status: str
    opened_at: str
    due_at: str
    outcome: str | None
    department: str | None
    question_due_at: str | None = None

    def overdue_seconds(self, now: dt.datetime) -> int:
        """How long an open record's question is past its first-response deadline, in whole
        seconds; 0 for a closed record. A record from before the deadline was kept counts from
        its own opening, when the question was already late."""
        if self.status != RecordStatus.OPEN:
            return 0
        late_since = parse_iso(self.question_due_at or self.opened_at)
        return max(0, int((now - late_since).total_seconds()))


@dataclass
class Effects:
    counters: Counter[CounterKey] = field(default_factory=Counter)
    scores: Counter[ScoreKey] = field(default_factory=Counter)
    documents: dict[DocumentKey, Fields | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.counters) or bool(self.scores) or bool(self.documents)


@dataclass(frozen=True)
class RecordEffects:
    """A stream record's effects, under the event id that makes applying them idempotent."""

    event_id: str
    effects: Effects


@dataclass(frozen=True)
class Weights:
    """Leaderboard points (configuration: POINTS_* settings)."""

    answer: int = 10
    accepted: int = 15
    like: int = 2
    on_time: int = 5
    well_rated: int = 5

    def points(self, answer: Answer) -> int:
        return (
            self.answer
            + self.accepted * answer.accepted
            + self.like * answer.likes
            + self.on_time * answer.on_time
            + self.well_rated * answer.well_rated
        )


def _question_metrics(question: Question) -> dict[str, int]:
    return {
        "questions": 1,
        "answers": question.official_answers,
        "peer_answers": question.peer_answers,
        "answered": int(question.official_answers > 0),
        "resolved": int(question.status is Status.RESOLVED),
        "on_time": int(question.answered_on_time),
        "ratings": question.ratings,
        "rating_sum": question.rating_sum,
    }


def question_scopes(question: Question) -> list[Scope]:
    """Where a question counts: its platform's lineage, its topic, and its season if any; and
    by the Shanghai day it was asked (per platform and topic, per platform, per season day) and
    month (per platform), so reports over any dates read a few rows, never questions."""
    day = local_day(question.created_at)
    scopes = [keys.platform(p) for p in question.lineage] + [keys.topic(question.topic)]
    scopes += [keys.platform_topic_day(p, question.topic, day) for p in question.lineage]
    scopes += [keys.platform_day(p, day) for p in question.lineage]
    scopes += [keys.platform_month(p, day[:7]) for p in question.lineage]
    if question.season_id:
        scopes.append(keys.season(question.season_id))
        scopes.append(keys.season_day(question.season_id, day))
        scopes += [keys.platform_season(p, question.season_id) for p in question.lineage]
    return scopes


REVISIT_WINDOW = dt.timedelta(minutes=30)
"""One reader re-reading a question within this long counts as one visit."""


@dataclass(frozen=True)
class FirstRead:
    """A reader's first read of a question in a window: `visitor` is a digest, never raw."""

    question_id: str
    visitor: str
    at: dt.datetime

    @property
    def window_ends(self) -> dt.datetime:
        return self.at + REVISIT_WINDOW


def visited_scopes(question: Question) -> list[Scope]:
    """A read is a visit of the question and of the platforms it counts on."""
    visited = [scope for scope in question_scopes(question) if scope[0] in keys.VISITED_SCOPES]
    return [keys.question_visits(question.id), *visited]


def periods(month: str, season_id: str | None) -> list[str]:
    """All time, the answer's month, and its season when it has one."""
    return [Period.ALL_TIME, keys.month(month)] + (
        [keys.season_period(season_id)] if season_id else []
    )


def boards(month: str, lineage: tuple[str, ...], season_id: str | None = None) -> list[str]:
    """An expert's points count in every period, on every platform of the lineage."""
    return [keys.board(period, p) for period in periods(month, season_id) for p in lineage]


def activity_scopes(activity: Activity) -> list[Scope]:
    """Where a held activity counts: its platform's lineage, its alliance, its topics, and its
    season (overall and per platform) if any."""
    scopes = [keys.platform(p) for p in activity.lineage] + [keys.alliance(activity.alliance_id)]
    scopes += [keys.topic(t) for t in activity.topics]
    if activity.season_id:
        scopes.append(keys.season(activity.season_id))
        scopes += [keys.platform_season(p, activity.season_id) for p in activity.lineage]
    return scopes


def _activity_metrics(activity: Activity) -> dict[str, int]:
    if activity.stage is not Stage.CLOSED:
        return {}
    return {
        "activities": 1,
        "participants": activity.participants,
        "signups": activity.confirmed,
    }


def _activity_counters(activity: Activity) -> Counter[CounterKey]:
    held = _activity_metrics(activity)
    return Counter(
        {
            CounterKey(scope, scope_id, metric): value
            for scope, scope_id in (activity_scopes(activity) if held else [])
            for metric, value in held.items()
            if value
        }
    )


def _contribution(entity: Entity, lineage: tuple[str, ...], weights: Weights) -> Effects:
    effects = Effects()
    if isinstance(entity, Activity):
        effects.counters = _activity_counters(entity)
    if isinstance(entity, Expert) and entity.counts:
        for platform_id in entity.lineage:
            effects.counters[CounterKey(*keys.platform(platform_id), "experts")] += 1
        for topic in entity.topics:
            effects.counters[CounterKey(*keys.topic(topic), "experts")] += 1
    elif isinstance(entity, Question) and entity.visibility is not Visibility.REMOVED:
        metrics = _question_metrics(entity)
        for scope, scope_id in question_scopes(entity):
            for metric, value in metrics.items():
                if value:
                    effects.counters[CounterKey(scope, scope_id, metric)] += value
        effects.counters.update(search.index_counters(entity))
    elif isinstance(entity, Answer) and entity.official and entity.counts:
        author = entity.author
        points = weights.points(entity)
        for metric, value in (
            ("answers", 1),
            ("accepted", int(entity.accepted)),
            ("likes", entity.likes),
            ("points", points),
        ):
            if value:
                effects.counters[CounterKey(*keys.expert(author), metric)] += value
        for board in boards(entity.created_at[:7], lineage, entity.season_id):
            effects.scores[ScoreKey(board, author, entity.writer().platform_id)] += points
    return effects


def _documents(entity: Entity, lineage: tuple[str, ...]) -> dict[DocumentKey, Fields]:
    if isinstance(entity, Question):
        return {**_question_documents(entity), **search.index_documents(entity)}
    if isinstance(entity, SupervisionRecord):
        return _record_documents(entity)
    if isinstance(entity, Activity):
        return _activity_documents(entity)
    if isinstance(entity, Alliance):
        return _alliance_documents(entity)
    if isinstance(entity, Answer) and entity.visibility is Visibility.HELD:
        order = f"{entity.created_at}#{entity.id}"
        fields = {
            "item_id": entity.id,
            "kind": EntryKind.ANSWER,
            "question_id": entity.question_id,
            "excerpt": entity.body[:EXCERPT],
            "created_at": entity.created_at,
            "platform_id": lineage[0] if lineage else "",
        }
        return {keys.moderation_queue(p, order): fields for p in lineage}
    return {}


def _question_documents(question: Question) -> dict[DocumentKey, Fields]:
    order = f"{question.created_at}#{question.id}"
    fields = {
        "item_id": question.id,
        "kind": EntryKind.QUESTION,
        "question_id": question.id,
        "title": question.title,
        "topic": question.topic,
        "platform_id": question.platform_id,
        "status": str(question.status),
        "created_at": question.created_at,
        "due_at": question.due_at,
        "excerpt": question.body[:EXCERPT],
        **search.listed_extras(question),
    }
    review: dict[DocumentKey, Fields] = {
        keys.moderation_queue(p, order): fields for p in question.lineage
    }
    if question.visibility is Visibility.HELD:
        return review
    if question.visibility is Visibility.REMOVED:
        return {}
    documents: dict[DocumentKey, Fields] = review if question.under_review else {}
    season = [keys.season_feed(question.season_id)] if question.season_id else []
    for owner in [*question.lineage, *season]:
        for status in (None, question.status):
            documents[keys.feed(owner, status, order)] = fields
    return documents


def _activity_documents(activity: Activity) -> dict[DocumentKey, Fields]:
    """Listed on every platform of its lineage and its season, once for all topics and once
    per topic; the entry only points at the activity, whose places are read live."""
    order = f"{activity.starts_at}#{activity.id}"
    fields = {
        "item_id": activity.id,
        "kind": EntryKind.ACTIVITY,
        "question_id": "",
        "title": activity.title,
        "platform_id": activity.platform_id,
        "status": str(activity.stage),
        "created_at": activity.starts_at,
    }
    season = [keys.season_feed(activity.season_id)] if activity.season_id else []
    return {
        keys.activity_list(owner, topic, order): fields
        for owner in [*activity.lineage, *season]
        for topic in (None, *activity.topics)
    }


def _alliance_documents(alliance: Alliance) -> dict[DocumentKey, Fields]:
    order = f"{alliance.created_at}#{alliance.id}"
    fields = {
        "item_id": alliance.id,
        "kind": EntryKind.ALLIANCE,
        "question_id": "",
        "title": alliance.name,
        "platform_id": alliance.platform_id,
        "created_at": alliance.created_at,
    }
    return {
        keys.alliance_list(owner, topic, order): fields
        for owner in alliance.lineage
        for topic in (None, *alliance.topics)
    }


def _record_documents(record: SupervisionRecord) -> dict[DocumentKey, Fields]:
    """Listed for staff of the record's platform and every platform above, most overdue first,
    once under its status and once under its status and level."""
    order = f"{record.due_at}#{record.question_id}#{record.round:03d}#{int(record.level)}"
    fields = {
        "item_id": f"{record.question_id}#{record.round}#{int(record.level)}",
        "kind": "supervision",
        "question_id": record.question_id,
        "title": record.title,
        "topic": record.topic,
        "platform_id": record.platform_id,
        "status": record.status,
        "created_at": record.opened_at,
        "opened_at": record.opened_at,
        "due_at": record.due_at,
        "level": str(int(record.level)),
        "reason": record.outcome or "",
        **({"department": record.department} if record.department else {}),
        **({"question_due_at": record.question_due_at} if record.question_due_at else {}),
    }
    documents: dict[DocumentKey, Fields] = {}
    for platform_id in record.lineage:
        for level in (None, int(record.level)):
            documents[keys.supervision_list(platform_id, record.status, level, order)] = fields
    return documents


def _nonzero(counter: Counter[K]) -> Counter[K]:
    return Counter({key: amount for key, amount in counter.items() if amount})


@dataclass(frozen=True)
class Notice:
    """One notification to send: to whom, of what kind, about which question or activity."""

    recipient: str
    kind: NotificationKind
    question_id: str
    title: str
    detail: str = ""
    activity_id: str = ""


SIGNUP_NOTICES = {
    (SignupState.WAITLISTED, SignupState.CONFIRMED): NotificationKind.PROMOTED,
    (SignupState.WAITLISTED, SignupState.CANCELLED): NotificationKind.ACTIVITY_CANCELLED,
    (SignupState.CONFIRMED, SignupState.CANCELLED): NotificationKind.ACTIVITY_CANCELLED,
}


def _signup_notices(before: Entity, after: Signup) -> list[Notice]:
    """A promotion from the waitlist, or the activity's cancellation, tells the signup's owner."""
    if not isinstance(before, Signup):
        return []
    kind = SIGNUP_NOTICES.get((before.state, after.state))
    return (
        [Notice(after.user_id, kind, "", after.title, activity_id=after.activity_id)]
        if kind
        else []
    )


def _notifications(change: Change) -> list[Notice]:
    """Edge-triggered: what just happened, for whom."""
    if isinstance(change.after, Signup):
        return _signup_notices(change.before, change.after)
    return _case_and_season_notices(change)


def _case_and_season_notices(change: Change) -> list[Notice]:
    before, after = change.before, change.after
    if isinstance(after, TimelineEvent):
        kind = NOTIFIED_EVENTS.get(after.kind) if before is None else None
        return [
            Notice(r, kind, after.question_id, after.title, after.detail)
            for r in after.recipients
            if kind
        ]
    if (
        isinstance(after, Season)
        and after.opened
        and not (isinstance(before, Season) and before.opened)
    ):
        return [
            Notice(user, NotificationKind.SEASON_STARTED, "", after.name)
            for user in after.invited_users
        ]
    if _official(after) and not _official(before):
        assert isinstance(after, Answer)
        return (
            [Notice(after.asker, NotificationKind.ANSWER, after.question_id, after.question_title)]
            if after.asker
            else []
        )
    if _reopened(after) and not _reopened(before):
        assert isinstance(after, Question)
        return [Notice(after.asker, NotificationKind.REOPENED, after.id, after.title)]
    if isinstance(after, Assignment) and after.is_open and before is None:
        return [
            Notice(after.user_id, NotificationKind.INVITATION, after.question_id, after.title or "")
        ]
    return []


# Notifications one mark-read request may name.
MARK_READ_MAX = 100
NOTIFIED_EVENTS = {
    EventKind.REMINDER: NotificationKind.REMINDER,
    EventKind.ESCALATED: NotificationKind.ESCALATED,
    EventKind.EXTENDED: NotificationKind.EXTENDED,
    EventKind.CLOSED: NotificationKind.CLOSED,
    EventKind.LOW_RATING: NotificationKind.LOW_RATING,
    EventKind.ANSWERED_OFFLINE: NotificationKind.ANSWERED_OFFLINE,
    EventKind.WITHDRAWN: NotificationKind.WITHDRAWN,
}


def _official(entity: Entity) -> bool:
    return isinstance(entity, Answer) and entity.official and entity.counts


def _reopened(entity: Entity) -> bool:
    return isinstance(entity, Question) and entity.status is Status.REOPENED


def notification_effects(change: Change) -> Effects:
    result = Effects()
    for notice in _notifications(change):
        if notice.recipient == ERASED_USER:
            continue
        # Stream order breaks ties within a second; the same record always yields the same id.
        notification_id = f"{change.at}#{change.sequence_number.zfill(40)}"
        extra = {"excerpt": notice.detail} if notice.detail else {}
        if notice.activity_id:
            extra["activity_id"] = notice.activity_id
        result.documents[keys.inbox(notice.recipient, notification_id)] = {
            "item_id": notification_id,
            "kind": notice.kind,
            "question_id": notice.question_id,
            "title": notice.title,
            "created_at": change.at,
            **extra,
        }
        result.counters[CounterKey(*keys.unread(notice.recipient), "unread")] += 1
    return result


def effects(change: Change, weights: Weights = Weights()) -> Effects:
    """After minus before, so inserts, removals and moves between platforms all come out right."""
    after = _contribution(change.after, change.lineage, weights)
    before = _contribution(change.before, change.lineage, weights)
    counters = after.counters
    counters.subtract(before.counters)
    scores = after.scores
    scores.subtract(before.scores)
    old_documents = _documents(change.before, change.lineage)
    new_documents = _documents(change.after, change.lineage)
    documents: dict[DocumentKey, Fields | None] = dict.fromkeys(
        old_documents.keys() - new_documents.keys()
    )
    documents.update(
        {key: value for key, value in new_documents.items() if old_documents.get(key) != value}
    )
    notified = notification_effects(change)
    counters.update(notified.counters)
    documents.update(notified.documents)
    return Effects(_nonzero(counters), _nonzero(scores), documents)


def merge(changes: Iterable[Effects]) -> Effects:
    """One batch's effects: counters summed, the last word on each document kept."""
    total = Effects()
    for change in changes:
        total.counters.update(change.counters)
        total.scores.update(change.scores)
        total.documents.update(change.documents)
    return Effects(_nonzero(total.counters), _nonzero(total.scores), total.documents)
