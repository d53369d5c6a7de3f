"""The composition root: the settings, the clock, the stores and the caches every use case shares.

A process (a Lambda container, the local stack, a test run) has one `Dependencies`, built on the
first call of `dependencies()`. Nothing in it is built before it is used: each repository is
built, and its module and the AWS SDK imported, on the first use of its store, so the
authorizer, which never calls DynamoDB, loads none of them (tests/unit/test_cold_start.py).

A test builds its own with in-memory stores, `bootstrap(settings, clock, stores)`, and installs
it for a `with installed(...)` block; nothing replaces a module's function.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from youthvoice.config import Settings, built_word_list, get_settings

if TYPE_CHECKING:
    from youthvoice.domain.experts import Expert
    from youthvoice.domain.moderation import WordList
    from youthvoice.domain.platforms import Platform
    from youthvoice.domain.topics import Topic
    from youthvoice.services.alliances import ActivityBook, AllianceBook
    from youthvoice.services.audit import AuditTrail
    from youthvoice.services.cases import CaseStore
    from youthvoice.services.catalog import ExpertCounts, PlatformDirectory
    from youthvoice.services.experts import ExpertRoster
    from youthvoice.services.identity import TokenVerifier
    from youthvoice.services.notifications import Inboxes
    from youthvoice.services.people import Profiles
    from youthvoice.services.privacy import Accounts
    from youthvoice.services.projector import Projections, StreamImages
    from youthvoice.services.questions import (
        Experts,
        Lists,
        QuestionReads,
        SeasonInvitations,
        Visits,
    )
    from youthvoice.services.quotas import QuotaCounters
    from youthvoice.services.reconcile import (
        CounterRepair,
        PlatformActivities,
        PlatformExperts,
        PlatformQuestions,
    )
    from youthvoice.services.runtime import (
        CalendarCache,
        CalendarOverrides,
        RecentSeasons,
        ReferenceCache,
        SeasonCache,
        TopicCatalogue,
    )
    from youthvoice.services.search import IndexRepair
    from youthvoice.services.seasons import SeasonBook
    from youthvoice.services.seeding import BulkLoad
    from youthvoice.services.stats import ExpertNames, Leaderboards, VisitTotals
    from youthvoice.services.supervision import DueQuestions, SupervisionLists

    # One store serves several services: it is typed as every port they declare for it.

    class QuestionStore(QuestionReads, DueQuestions, PlatformQuestions, Protocol): ...

    class ExpertStore(
        Experts, ExpertNames, ExpertRoster, PlatformExperts, BulkLoad[Expert], Protocol
    ): ...

    class SeasonStore(SeasonInvitations, RecentSeasons, SeasonBook, Protocol): ...

    class PlatformStore(PlatformDirectory, BulkLoad[Platform], Protocol): ...

    class TopicStore(TopicCatalogue, BulkLoad[Topic], Protocol): ...

    class VisitStore(Visits, VisitTotals, Protocol): ...

    class CounterStore(CounterRepair, ExpertCounts, Protocol): ...

    class ActivityStore(ActivityBook, PlatformActivities, Protocol): ...


Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Stores(Protocol):
    """Every store the use cases read and write."""

    @property
    def cases(self) -> CaseStore: ...
    @property
    def questions(self) -> QuestionStore: ...
    @property
    def experts(self) -> ExpertStore: ...
    @property
    def seasons(self) -> SeasonStore: ...
    @property
    def platforms(self) -> PlatformStore: ...
    @property
    def topics(self) -> TopicStore: ...
    @property
    def calendar(self) -> CalendarOverrides: ...
    @property
    def quotas(self) -> QuotaCounters: ...
    @property
    def lists(self) -> Lists: ...
    @property
    def supervision(self) -> SupervisionLists: ...
    @property
    def visits(self) -> VisitStore: ...
    @property
    def counters(self) -> CounterStore: ...
    @property
    def leaderboards(self) -> Leaderboards: ...
    @property
    def inboxes(self) -> Inboxes: ...
    @property
    def audit(self) -> AuditTrail: ...
    @property
    def alliances(self) -> AllianceBook: ...
    @property
    def activities(self) -> ActivityStore: ...
    @property
    def search(self) -> IndexRepair: ...
    @property
    def profiles(self) -> Profiles: ...
    @property
    def stream_images(self) -> StreamImages: ...
    @property
    def accounts(self) -> Accounts: ...
    def projections(self, written_at: dt.datetime) -> Projections:
        """A writer for one batch: its dedup markers expire a fixed time after `written_at`."""


class DynamoDBStores:
    """The `youthvoice.data` repositories, each built on first use (its module imported then)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @cached_property
    def cases(self) -> CaseStore:
        from youthvoice.data.cases import CaseRepository

        return CaseRepository(self._settings.due_shards)

    @cached_property
    def questions(self) -> QuestionStore:
        from youthvoice.data.questions import QuestionRepository

        return QuestionRepository()

    @cached_property
    def experts(self) -> ExpertStore:
        from youthvoice.data.experts import ExpertRepository

        return ExpertRepository()

    @cached_property
    def seasons(self) -> SeasonStore:
        from youthvoice.data.seasons import SeasonRepository

        return SeasonRepository()

    @cached_property
    def platforms(self) -> PlatformStore:
        from youthvoice.data.platforms import PlatformRepository

        return PlatformRepository()

    @cached_property
    def topics(self) -> TopicStore:
        from youthvoice.data.platforms import TopicRepository

        return TopicRepository()

    @cached_property
    def calendar(self) -> CalendarOverrides:
        from youthvoice.data.calendar import CalendarRepository

        return CalendarRepository()

    @cached_property
    def quotas(self) -> QuotaCounters:
        from youthvoice.data.quotas import QuotaCounter

        return QuotaCounter()

    @cached_property
    def lists(self) -> Lists:
        from youthvoice.data.projections import ListRepository

        return ListRepository()

    @cached_property
    def supervision(self) -> SupervisionLists:
        from youthvoice.data.projections import SupervisionRepository

        return SupervisionRepository()

    @cached_property
    def visits(self) -> VisitStore:
        from youthvoice.data.projections import VisitCounter

        return VisitCounter(self._settings.visit_shards)

    @cached_property
    def counters(self) -> CounterStore:
        from youthvoice.data.projections import CounterRepository

        return CounterRepository()

    @cached_property
    def leaderboards(self) -> Leaderboards:
        from youthvoice.data.projections import ScoreRepository

        return ScoreRepository(self._settings.leaderboard_shards)

    @cached_property
    def inboxes(self) -> Inboxes:
        from youthvoice.data.projections import InboxRepository

        return InboxRepository()

    @cached_property
    def audit(self) -> AuditTrail:
        from youthvoice.data.audit import AuditRepository

        return AuditRepository()

    @cached_property
    def alliances(self) -> AllianceBook:
        from youthvoice.data.alliances import AllianceRepository

        return AllianceRepository()

    @cached_property
    def activities(self) -> ActivityStore:
        from youthvoice.data.alliances import ActivityRepository

        return ActivityRepository()

    @cached_property
    def search(self) -> IndexRepair:
        from youthvoice.data.projections import SearchRepository

        return SearchRepository()

    @cached_property
    def profiles(self) -> Profiles:
        from youthvoice.data.people import ProfileRepository

        return ProfileRepository()

    @cached_property
    def accounts(self) -> Accounts:
        from youthvoice.data.accounts import CognitoAccounts, NoAccounts

        pool = self._settings.oidc.cognito_user_pool if self._settings.oidc else None
        return CognitoAccounts(*pool) if pool else NoAccounts()

    @cached_property
    def stream_images(self) -> StreamImages:
        from youthvoice.data.projections import decode_image

        return decode_image

    def projections(self, written_at: dt.datetime) -> Projections:
        from youthvoice.data.projections import ProjectionWriter

        settings = self._settings
        return ProjectionWriter(
            settings.dedup_marker_ttl_seconds, written_at, settings.leaderboard_shards
        )


class Dependencies:
    """What the use cases share for the life of a process; the caches are per container, as
    each Lambda container keeps its own."""

    def __init__(self, settings: Settings, clock: Clock, stores: Stores) -> None:
        self.settings = settings
        self.stores = stores
        self._clocks = [clock]

    def now(self) -> dt.datetime:
        return self._clocks[-1]()

    @contextmanager
    def clock_set_to(self, clock: Clock) -> Iterator[None]:
        """Tests and the local stack move time by swapping the clock, never by sleeping."""
        self._clocks.append(clock)
        try:
            yield
        finally:
            self._clocks.remove(clock)

    def word_list(self) -> WordList:
        return built_word_list(self.settings.sensitive_words)

    @cached_property
    def reference(self) -> ReferenceCache:
        from youthvoice.services.runtime import ReferenceCache

        return ReferenceCache(self.stores.platforms, self.stores.topics)

    @cached_property
    def season_cache(self) -> SeasonCache:
        from youthvoice.services.runtime import SeasonCache

        return SeasonCache(self.stores.seasons, self.now)

    @cached_property
    def calendars(self) -> CalendarCache:
        from youthvoice.services.runtime import CalendarCache

        return CalendarCache(self.stores.calendar, self.settings.working_hours)

    @cached_property
    def token_verifier(self) -> TokenVerifier:
        from youthvoice.services.identity import TokenVerifier

        return TokenVerifier(self.settings)


def bootstrap(
    settings: Settings | None = None, clock: Clock = system_clock, stores: Stores | None = None
) -> Dependencies:
    """The deployed wiring by default: the process's settings, the system clock, DynamoDB."""
    settings = settings or get_settings()
    return Dependencies(settings, clock, DynamoDBStores(settings) if stores is None else stores)


_installed: list[Dependencies] = []
_building = threading.Lock()


def dependencies() -> Dependencies:
    """The process's container, built on the first call; a test's while it is installed."""
    if not _installed:
        with _building:
            if not _installed:
                _installed.append(bootstrap())
    return _installed[-1]


@contextmanager
def installed(container: Dependencies) -> Iterator[Dependencies]:
    """Use cases run on `container` until the block ends."""
    _installed.append(container)
    try:
        yield container
    finally:
        _installed.remove(container)


def settings() -> Settings:
    return dependencies().settings


def now() -> dt.datetime:
    return dependencies().now()


def clock_set_to(clock: Clock) -> AbstractContextManager[None]:
    return dependencies().clock_set_to(clock)
