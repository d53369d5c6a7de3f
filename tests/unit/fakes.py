"""In-memory stores for unit tests of the use cases: the rules a store enforces (a question's
version, the uniqueness markers, the experts' routing entries and loads, a season's version and
its scope's lock, quota windows) hold here too, so a use case meets the refusals it meets in
DynamoDB. What only DynamoDB can show (indexes, transactions, pagination over real keys,
projections) is tested in tests/integration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn, TypeVar

from youthvoice.domain.alliances import Alliance
from youthvoice.domain.audit import AuditEntry, AuditWindow
from youthvoice.domain.case_records import SupervisionRecord, TimelineEvent
from youthvoice.domain.cases import Case, Remembered
from youthvoice.domain.errors import ConcurrentChange, Conflict, IdempotencyKeyUsed, NotFound
from youthvoice.domain.experts import Expert, ExpertStatus
from youthvoice.domain.pagination import Page, PageRequest, slice_page
from youthvoice.domain.platforms import Platform, PlatformKind
from youthvoice.domain.projection import BoardEntry, FirstRead
from youthvoice.domain.questions import (
    ALREADY_ANSWERED,
    ALREADY_FLAGGED,
    ALREADY_RATED,
    Answer,
    AnswerContext,
    Assignment,
    AssignmentState,
    GivenFlag,
    Like,
    Question,
    QuestionView,
    Rating,
    Visibility,
    open_to_peer_answers,
)
from youthvoice.domain.quotas import Quota, frame
from youthvoice.domain.routing import Candidate
from youthvoice.domain.seasons import Season, SeasonStatus, SeasonView, Standing
from youthvoice.domain.topics import Topic
from youthvoice.services.seeding import shanxi_platforms, topic_catalogue

if TYPE_CHECKING:
    from youthvoice.bootstrap import ActivityStore, CounterStore
    from youthvoice.services.notifications import Inboxes
    from youthvoice.services.privacy import Accounts
    from youthvoice.services.projector import Projections, StreamImages
    from youthvoice.services.questions import Lists
    from youthvoice.services.search import IndexRepair
    from youthvoice.services.supervision import SupervisionLists

T = TypeVar("T")


def _paged(items: Sequence[T], page: PageRequest, list_id: str) -> Page[T]:
    window = slice_page(items, page, list_id)
    return Page([item for _, item in window.items], window.next_cursor)


class FakeExperts:
    """Profiles, user mappings and routing entries (one per topic, with the expert's load)."""

    def __init__(self) -> None:
        self.profiles: dict[str, Expert] = {}
        self._of_user: dict[str, str] = {}
        self.loads: dict[tuple[str, str], int] = {}

    def put_all(self, experts: Iterable[Expert], /) -> None:
        for expert in experts:
            self.profiles[expert.id] = expert
            self._of_user[expert.user_id] = expert.id
            self.loads.update(dict.fromkeys(((expert.id, t) for t in expert.topics), 0))

    def register(self, expert: Expert) -> None:
        if expert.id in self.profiles or expert.user_id in self._of_user:
            raise Conflict(f"user {expert.user_id} is already an expert")
        self.put_all([expert])

    def update(self, before: Expert, after: Expert) -> None:
        """As DynamoDB: a new topic's entry starts at the expert's highest load."""
        kept = {t: self.loads.pop((before.id, t)) for t in before.topics}
        highest = max(kept.values(), default=0)
        self.profiles[after.id] = after
        self.loads.update({(after.id, t): kept.get(t, highest) for t in after.topics})

    def get(self, expert_id: str) -> Expert | None:
        return self.profiles.get(expert_id)

    def of_user(self, user_id: str) -> Expert | None:
        expert_id = self._of_user.get(user_id)
        return self.profiles[expert_id] if expert_id else None

    def get_many(self, expert_ids: Sequence[str]) -> dict[str, Expert]:
        return {e: self.profiles[e] for e in expert_ids if e in self.profiles}

    def of_users(self, user_ids: Sequence[str]) -> dict[str, Expert]:
        found = (self.of_user(user_id) for user_id in user_ids)
        return {expert.user_id: expert for expert in found if expert is not None}

    def on_platform(self, platform_id: str, page: PageRequest) -> Page[Expert]:
        return _paged(list(self.all_on(platform_id)), page, f"experts:{platform_id}")

    def all_on(self, platform_id: str) -> Iterator[Expert]:
        return (e for _, e in sorted(self.profiles.items()) if e.platform_id == platform_id)

    def candidate(self, expert_id: str, topic: str) -> Candidate | None:
        """The routing entry of an active expert for this topic, if there is one."""
        expert = self.profiles.get(expert_id)
        load = self.loads.get((expert_id, topic))
        if expert is None or load is None or expert.status is not ExpertStatus.ACTIVE:
            return None
        return Candidate(expert.id, expert.user_id, load, expert.topics)

    def route_page(self, platform_id: str, topic: str, page: PageRequest) -> Page[Candidate]:
        routed = sorted(
            (e.status, e.id) for e in self.all_on(platform_id) if (e.id, topic) in self.loads
        )
        candidates = [
            Candidate(e, self.profiles[e].user_id, self.loads[e, topic], self.profiles[e].topics)
            for _, e in routed
        ]
        return _paged(candidates, page, f"route:{platform_id}:{topic}")

    def active_entries(self, expert_ids: Sequence[str], topic: str) -> list[Candidate]:
        found = (self.candidate(expert_id, topic) for expert_id in expert_ids)
        return [candidate for candidate in found if candidate is not None]

    def active_candidates(self, platform_id: str, topic: str) -> list[Candidate]:
        found = (self.candidate(e.id, topic) for e in self.all_on(platform_id))
        return [candidate for candidate in found if candidate is not None]


@dataclass
class _Partition:
    """What DynamoDB keeps under one question's key, with its uniqueness markers."""

    question: Question
    answers: dict[str, Answer] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    flaggers: set[str] = field(default_factory=set)
    records: dict[tuple[int, int], SupervisionRecord] = field(default_factory=dict)
    events: dict[str, TimelineEvent] = field(default_factory=dict)
    ratings: dict[int, Rating] = field(default_factory=dict)
    official: set[tuple[int, str]] = field(default_factory=set)

    def view(self) -> QuestionView:
        return QuestionView(
            self.question,
            [self.answers[a] for a in sorted(self.answers)],
            [self.assignments[u] for u in sorted(self.assignments)],
            frozenset(self.flaggers),
            [self.records[k] for k in sorted(self.records)],
            sorted(self.events.values(), key=lambda e: (e.at, e.id)),
            self.ratings[max(self.ratings)] if self.ratings else None,
        )


class FakeAudit:
    """The audit trail in memory: an entry is kept when its act's block ends without an error
    (DynamoDB commits it in the act's transaction), never twice, never changed."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def add(self, entry: AuditEntry) -> None:
        if any(kept.id == entry.id for kept in self.entries):
            raise Conflict(f"audit entry {entry.id} exists already")
        self.entries.append(entry)

    @contextmanager
    def recording(self, entry: AuditEntry) -> Iterator[None]:
        yield
        self.add(entry)

    def page(
        self, platform_id: str, actor: str | None, window: AuditWindow, page: PageRequest
    ) -> Page[AuditEntry]:
        found = [
            e
            for e in self.entries
            if platform_id in e.lineage
            and actor in (None, e.actor)
            and window.first <= e.at < window.end
        ]
        newest_first = sorted(found, key=lambda e: (e.at, e.id), reverse=True)
        return _paged(newest_first, page, f"audit:{platform_id}:{actor}")


class FakeContent:
    """Questions and their cases: the case store, and the reads across cases.

    A commit is all or nothing, conditional on the question's version and refused as DynamoDB
    refuses it (`data/cases.py`). Every due question is on shard 0 of the due index.
    """

    def __init__(self, experts: FakeExperts, audit: FakeAudit) -> None:
        self._experts = experts
        self._audit = audit
        self._cases: dict[str, _Partition] = {}
        self._remembered: dict[tuple[str, str], Remembered] = {}
        self._likes: dict[tuple[str, str], Like] = {}
        self._flags: dict[tuple[str, str], GivenFlag] = {}

    def view(self, question_id: str) -> QuestionView | None:
        stored = self._cases.get(question_id)
        return stored.view() if stored else None

    def commit(self, case: Case) -> None:
        question = case.question
        stored = self._cases.get(question.id)
        if case.peer_answer is not None:
            self._commit_peer_answer(case, case.peer_answer, stored)
            return
        self._check(case, stored)
        if case.audit is not None:
            self._audit.add(case.audit)
        if stored is None:
            stored = self._cases[question.id] = _Partition(question)
        stored.question = dataclasses.replace(question, version=question.version + 1)
        for changed in case.answers_to_write():
            stored.answers[changed.id] = dataclasses.replace(
                changed, likes=stored.answers[changed.id].likes, question_title=question.title
            )
        if case.new_answer is not None:
            stored.answers[case.new_answer.id] = dataclasses.replace(
                case.new_answer, likes=0, asker=question.asker, question_title=question.title
            )
            if case.new_answer.official:
                stored.official.add((case.new_answer.round, case.new_answer.author))
        invited = [
            Assignment(
                question.id, c.expert_id, c.user_id, c.topics, AssignmentState.INVITED, case.at
            )
            for c in case.invited
        ]
        ended = {a.user_id for a in case.ended}
        still_open = [a for a in case.open_invitations() if a.user_id not in ended]
        for assignment in [*still_open, *invited, *case.ended]:
            stored.assignments[assignment.user_id] = assignment.of_question(question)
        for (expert_id, topic), change in case.load_changes().items():
            self._experts.loads[expert_id, topic] += change
        for record in case.settled_records():
            stored.records[record.round, int(record.level)] = record
        if case.rating is not None:
            stored.ratings[question.rated_round] = case.rating
        if case.flag is not None:
            stored.flaggers.add(case.flag.user_id)
            self._flags[question.id, case.flag.user_id] = GivenFlag(
                question.id, case.flag.reason, case.at
            )
        stored.events.update((event.id, event) for event in case.events)
        self._take_out_erased(case, stored)
        if case.idempotency is not None:
            marker = case.idempotency
            result = case.new_answer.id if case.new_answer else ""
            self._remembered[marker.user_id, marker.key] = Remembered(result, marker.fingerprint)

    def _take_out_erased(self, case: Case, stored: _Partition) -> None:
        stored.events.update((event.id, event) for event in case.renamed_events)
        if case.forgotten_flag is not None:
            stored.flaggers.discard(case.forgotten_flag)
            self._flags.pop((case.question.id, case.forgotten_flag), None)

    def _commit_peer_answer(self, case: Case, answer: Answer, stored: _Partition | None) -> None:
        """Conditional on the question being open to peer answers, not on its version."""
        if stored is None or not open_to_peer_answers(stored.question):
            raise Conflict(f"question {case.question.id} is no longer open to answers")
        if answer.id in stored.answers:
            raise Conflict(f"answer {answer.id} exists already")
        marker = case.idempotency
        if marker is not None and (marker.user_id, marker.key) in self._remembered:
            raise IdempotencyKeyUsed(f"Idempotency-Key {marker.key} was already used")
        stored.answers[answer.id] = dataclasses.replace(
            answer, likes=0, question_title=stored.question.title
        )
        if answer.counts:
            stored.question = dataclasses.replace(
                stored.question, peer_answers=stored.question.peer_answers + 1
            )
        if marker is not None:
            self._remembered[marker.user_id, marker.key] = Remembered(answer.id, marker.fingerprint)

    def _check(self, case: Case, stored: _Partition | None) -> None:
        """Every condition of the transaction, before anything is written."""
        question = case.question
        if question.version != (stored.question.version if stored else 0) or (
            stored and case.view.question.peer_answers != stored.question.peer_answers
        ):
            raise ConcurrentChange(f"question {question.id} changed meanwhile; try again")
        answers = stored.answers if stored else {}
        for changed in case.answers_to_write():
            if changed.id not in answers:
                raise Conflict(f"answer {changed.id} no longer exists")
        new = case.new_answer
        if new is not None and new.id in answers:
            raise Conflict(f"answer {new.id} exists already")
        if (
            new is not None
            and new.official
            and stored
            and (new.round, new.author) in stored.official
        ):
            raise Conflict(ALREADY_ANSWERED)
        marker = case.idempotency
        if marker is not None and (marker.user_id, marker.key) in self._remembered:
            raise IdempotencyKeyUsed(f"Idempotency-Key {marker.key} was already used")
        for (expert_id, topic), change in case.load_changes().items():
            if change and (expert_id, topic) not in self._experts.loads:
                raise Conflict(f"expert {expert_id} is not registered for topic {topic}")
        if case.rating is not None and stored and question.rated_round in stored.ratings:
            raise Conflict(ALREADY_RATED)
        if case.flag is not None and stored and case.flag.user_id in stored.flaggers:
            raise Conflict(ALREADY_FLAGGED)
        if stored and any(event.id in stored.events for event in case.events):
            raise ConcurrentChange("an event was written meanwhile; try again")
        if any(not stored or event.id not in stored.events for event in case.renamed_events):
            raise ConcurrentChange("an event is gone; try again")

    def _questions(self) -> list[Question]:
        return [stored.question for stored in self._cases.values()]

    def due(self, shard: int, as_of: str) -> Iterator[Question]:
        """Those on the clock (as the sparse index keeps them) and due by `as_of`, earliest
        first: all on shard 0."""
        if shard:
            return iter(())
        due = {
            (q.escalate_at, q.id): q
            for q in self._questions()
            if q.escalating and q.escalate_at is not None and q.escalate_at <= as_of
        }
        return iter([due[key] for key in sorted(due)])

    def asked_on(self, platform_id: str) -> Iterator[Question]:
        return (q for q in self._questions() if q.platform_id == platform_id)

    def asked_by(self, user_id: str, page: PageRequest) -> Page[Question]:
        mine = sorted(
            (q for q in self._questions() if q.asker == user_id),
            key=lambda q: (q.created_at, q.id),
            reverse=True,
        )
        return _paged(mine, page, f"asked:{user_id}")

    def answers_by(self, user_id: str, page: PageRequest) -> Page[Answer]:
        written = sorted(
            (a for c in self._cases.values() for a in c.answers.values() if a.author == user_id),
            key=lambda a: (a.created_at, a.id),
            reverse=True,
        )
        return _paged(written, page, f"answers:{user_id}")

    def likes_by(self, user_id: str, page: PageRequest) -> Page[Like]:
        given = sorted(
            (like for (_, giver), like in self._likes.items() if giver == user_id),
            key=lambda like: (like.at or "", like.answer_id),
            reverse=True,
        )
        return _paged(given, page, f"likes:{user_id}")

    def flags_by(self, user_id: str, page: PageRequest) -> Page[GivenFlag]:
        given = sorted(
            (flag for (_, giver), flag in self._flags.items() if giver == user_id),
            key=lambda flag: (flag.at, flag.question_id),
            reverse=True,
        )
        return _paged(given, page, f"flags:{user_id}")

    def invitations_of(self, user_id: str, page: PageRequest) -> Page[Assignment]:
        queue = sorted(
            (
                a
                for c in self._cases.values()
                for a in c.assignments.values()
                if a.user_id == user_id
            ),
            key=lambda a: (not a.is_open, a.created_at, a.question_id),
        )
        return _paged(queue, page, f"queue:{user_id}")

    def find_answer(self, answer_id: str) -> AnswerContext | None:
        for stored in self._cases.values():
            if answer_id in stored.answers:
                return AnswerContext(stored.answers[answer_id], stored.question.lineage)
        return None

    def remembered(self, user_id: str, key: str) -> Remembered | None:
        return self._remembered.get((user_id, key))

    def like(self, question_id: str, answer_id: str, user_id: str, at: str) -> None:
        stored = self._cases.get(question_id)
        if stored is None or stored.question.visibility is not Visibility.VISIBLE:
            raise NotFound(f"answer {answer_id} does not exist")
        if (answer_id, user_id) in self._likes:
            raise Conflict("you already like this answer")
        self._add_like(question_id, answer_id, 1)
        self._likes[answer_id, user_id] = Like(answer_id, question_id, at)

    def forget_like(self, answer_id: str, user_id: str) -> None:
        self._likes.pop((answer_id, user_id), None)

    def unlike(self, question_id: str, answer_id: str, user_id: str) -> None:
        if (answer_id, user_id) not in self._likes:
            raise NotFound("you have not liked this answer")
        self._add_like(question_id, answer_id, -1)
        del self._likes[answer_id, user_id]

    def _add_like(self, question_id: str, answer_id: str, change: int) -> None:
        stored = self._cases.get(question_id)
        if stored is None or answer_id not in stored.answers:
            raise NotFound(f"answer {answer_id} does not exist")
        answer = stored.answers[answer_id]
        stored.answers[answer_id] = dataclasses.replace(answer, likes=answer.likes + change)


class FakeSeasons:
    """Seasons on their version, their scope's lock, and their invited experts."""

    def __init__(self) -> None:
        self._seasons: dict[str, Season] = {}
        self._invited: dict[str, dict[str, str]] = defaultdict(dict)
        self._locks: Counter[str] = Counter()

    def exists(self, season_id: str) -> bool:
        return season_id in self._seasons

    def view(self, season_id: str) -> SeasonView | None:
        season = self._seasons.get(season_id)
        return SeasonView(season, dict(self._invited[season_id])) if season else None

    def _by_start(self) -> list[Season]:
        return sorted(self._seasons.values(), key=lambda s: (s.starts_at, s.id))

    def starting_since(self, since: str) -> list[Season]:
        return [s for s in self._by_start() if s.starts_at >= since]

    def of_scope(self, platform_id: str) -> list[Season]:
        return [s for s in self._by_start() if s.platform_id == platform_id]

    def page(
        self, platform_id: str | None, status: SeasonStatus | None, at: str, page: PageRequest
    ) -> Page[Season]:
        chosen = [
            s
            for s in reversed(self._by_start())
            if platform_id in (None, s.platform_id) and status in (None, s.status(at))
        ]
        return _paged(chosen, page, f"seasons:{platform_id}:{status}")

    def lock_writes(self, platform_id: str) -> int:
        return self._locks[platform_id]

    def save(
        self,
        season: Season,
        lock_writes: int | None = None,
        invited: Sequence[Expert] = (),
        uninvited: Sequence[str] = (),
    ) -> None:
        stale = ConcurrentChange(f"season {season.id} changed meanwhile")
        stored = self._seasons.get(season.id)
        if season.version != (stored.version if stored else 0):
            raise stale
        if lock_writes is not None and lock_writes != self._locks[season.platform_id]:
            raise stale
        self._seasons[season.id] = dataclasses.replace(season, version=season.version + 1)
        if lock_writes is not None:
            self._locks[season.platform_id] = lock_writes + 1
        self._invited[season.id].update((e.id, e.user_id) for e in invited)
        for expert_id in uninvited:
            self._invited[season.id].pop(expert_id, None)


class FakePlatforms:
    def __init__(self, platforms: Iterable[Platform] = ()) -> None:
        self._platforms = {p.id: p for p in platforms}

    def put_all(self, platforms: Iterable[Platform], /) -> None:
        self._platforms.update((p.id, p) for p in platforms)

    def get(self, platform_id: str) -> Platform | None:
        return self._platforms.get(platform_id)

    def get_many(self, platform_ids: Collection[str]) -> list[Platform]:
        return [self._platforms[i] for i in set(platform_ids) if i in self._platforms]

    def children(self, parent_id: str) -> Iterator[Platform]:
        return (p for _, p in sorted(self._platforms.items()) if p.parent_id == parent_id)

    def page_of_children(
        self, parent_id: str, kind: PlatformKind | None, page: PageRequest
    ) -> Page[Platform]:
        chosen = [p for p in self.children(parent_id) if kind in (None, p.kind)]
        return _paged(chosen, page, f"children:{parent_id}:{kind}")

    def page_of_all(self, kind: PlatformKind | None, page: PageRequest) -> Page[Platform]:
        chosen = [p for _, p in sorted(self._platforms.items()) if kind in (None, p.kind)]
        return _paged(chosen, page, f"platforms:{kind}")


class FakeTopics:
    def __init__(self, topics: Iterable[Topic] = ()) -> None:
        self._topics = {t.id: t for t in topics}

    def put_all(self, topics: Iterable[Topic], /) -> None:
        self._topics.update((t.id, t) for t in topics)

    def all(self) -> list[Topic]:
        return list(self._topics.values())


@dataclass
class FakeCalendar:
    """Days imported over the package's calendar: True for a working day."""

    days: dict[dt.date, bool] = field(default_factory=dict)

    def overrides(self) -> dict[dt.date, bool]:
        return dict(self.days)


class FakeQuotaCounter:
    """Every window's count of one action, spent together unless one is full."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str, str, int, int]] = Counter()

    def spend(
        self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str = ""
    ) -> list[Quota]:
        full = self.full(user_id, quotas, moment, scope)
        if not full:
            self._counts.update(self._keys(user_id, quotas, moment, scope).values())
        return full

    def full(
        self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str = ""
    ) -> list[Quota]:
        keys = self._keys(user_id, quotas, moment, scope)
        return [q for q, key in keys.items() if self._counts[key] >= q.limit]

    @staticmethod
    def _keys(
        user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str
    ) -> dict[Quota, tuple[str, str, str, int, int]]:
        action = str(frame(quotas).action)
        return {q: (user_id, action, scope, q.window, q.window_start(moment)) for q in quotas}


class FakeVisits:
    """A reader's mark per question, and visits per scope; a re-read in the window counts not."""

    def __init__(self) -> None:
        self._marks: dict[tuple[str, str], dt.datetime] = {}
        self._visits: Counter[tuple[str, str]] = Counter()

    def record(self, scopes: Sequence[tuple[str, str]], first: FirstRead) -> bool:
        mark = (first.question_id, first.visitor)
        if mark in self._marks and self._marks[mark] >= first.at:
            return False
        self._marks[mark] = first.window_ends
        self._visits.update(scopes)
        return True

    def total(self, scope: str, scope_id: str) -> int:
        return self._visits[scope, scope_id]


class FakeLeaderboards:
    """Boards as a test writes them: points per member."""

    def __init__(self) -> None:
        self.points: dict[str, Counter[str]] = defaultdict(Counter)

    def _ranked(self, board: str) -> list[BoardEntry]:
        ordered = sorted(self.points[board].items(), key=lambda item: (-item[1], item[0]))
        return [
            BoardEntry(rank, member, points) for rank, (member, points) in enumerate(ordered, 1)
        ]

    def top(self, board: str, limit: int) -> list[Standing]:
        return [Standing(entry.member, entry.points) for entry in self._ranked(board)[:limit]]

    def page(self, board: str, page: PageRequest) -> Page[BoardEntry]:
        return _paged(self._ranked(board), page, f"board:{board}")


class FakeAlliances:
    """Alliances by id: a new one must be new, a changed one must exist, as the table's
    conditions ask."""

    def __init__(self) -> None:
        self._alliances: dict[str, Alliance] = {}

    def get(self, alliance_id: str) -> Alliance | None:
        return self._alliances.get(alliance_id)

    def many(self, alliance_ids: Sequence[str]) -> dict[str, Alliance]:
        return {i: self._alliances[i] for i in alliance_ids if i in self._alliances}

    def save(self, alliance: Alliance, before: Alliance | None) -> None:
        if (before is None) == (alliance.id in self._alliances):
            raise ConcurrentChange(f"alliance {alliance.id} changed meanwhile")
        self._alliances[alliance.id] = alliance

    def memberships_of(self, user_id: str) -> list[str]:
        return [a.id for a in self._alliances.values() if user_id in a.member_user_ids]


def _not_faked(store: str) -> NoReturn:
    raise AssertionError(f"the {store} store has no fake: test that use case in tests/integration")


class FakeProfiles:
    def __init__(self) -> None:
        self.by_user: dict[str, str] = {}
        self.reads = 0

    def nicknames(self, user_ids: Collection[str]) -> dict[str, str]:
        self.reads += 1
        return {user: self.by_user[user] for user in user_ids if user in self.by_user}

    def set_nickname(self, user_id: str, nickname: str, at: str) -> None:
        self.by_user[user_id] = nickname

    def forget(self, user_id: str) -> None:
        self.by_user.pop(user_id, None)


class FakeStores:
    """Every store a unit test reaches, in memory; the rest fail the test that reaches them.

    Platforms and topics are the packaged reference data, as seeded on a fresh deployment."""

    def __init__(self) -> None:
        self.experts = FakeExperts()
        self.audit = FakeAudit()
        self.content = FakeContent(self.experts, self.audit)
        self.cases = self.content
        self.questions = self.content
        self.seasons = FakeSeasons()
        self.platforms = FakePlatforms(shanxi_platforms())
        self.topics = FakeTopics(topic_catalogue())
        self.calendar = FakeCalendar()
        self.quotas = FakeQuotaCounter()
        self.visits = FakeVisits()
        self.leaderboards = FakeLeaderboards()
        self.alliances = FakeAlliances()
        self.profiles = FakeProfiles()

    @property
    def lists(self) -> Lists:
        _not_faked("lists")

    @property
    def supervision(self) -> SupervisionLists:
        _not_faked("supervision lists")

    @property
    def counters(self) -> CounterStore:
        _not_faked("counters")

    @property
    def inboxes(self) -> Inboxes:
        _not_faked("inboxes")

    @property
    def activities(self) -> ActivityStore:
        _not_faked("activities")

    @property
    def search(self) -> IndexRepair:
        _not_faked("search")

    @property
    def stream_images(self) -> StreamImages:
        _not_faked("stream images")

    @property
    def accounts(self) -> Accounts:
        _not_faked("accounts")

    def projections(self, written_at: dt.datetime) -> Projections:
        _not_faked("projections")


@dataclass
class FakeClock:
    """Stands at `moment` until a test moves it."""

    moment: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.moment
