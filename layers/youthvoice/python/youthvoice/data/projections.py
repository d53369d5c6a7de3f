"""Exactly-once application of projection deltas: markers and effects commit in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from youthvoice.data import keys
from youthvoice.data.alliances import to_activity, to_alliance, to_signup
from youthvoice.data.connection import shared_connection
from youthvoice.data.experts import to_expert
from youthvoice.data.models import (
    ActivityItem,
    AllianceItem,
    AnswerItem,
    AssignmentItem,
    ContentItem,
    CounterItem,
    DocumentItem,
    EventItem,
    ExpertItem,
    MarkerItem,
    QuestionItem,
    ReadMarkItem,
    ScoreItem,
    SeasonItem,
    SignupItem,
    SupervisionItem,
    VisitShardItem,
)
from youthvoice.data.pages import TABLE, query_page
from youthvoice.data.questions import to_answer, to_assignment, to_event, to_question, to_record
from youthvoice.data.seasons import to_season
from youthvoice.data.transactions import Transaction
from youthvoice.domain import projection_keys
from youthvoice.domain.errors import Conflict
from youthvoice.domain.pagination import (
    Page,
    PageRequest,
    cursor_position,
    decode_cursor,
    encode_cursor,
    invalid_cursor,
)
from youthvoice.domain.projection import (
    BoardEntry,
    Effects,
    Entity,
    EntryKind,
    FirstRead,
    ListEntry,
    Notification,
    NotificationKind,
    RecordEffects,
    SupervisionEntry,
    merge,
)
from youthvoice.domain.projection_keys import CounterKey, DocumentKey
from youthvoice.domain.search import Posting, SearchDocument, Statistics, impact_of
from youthvoice.domain.seasons import Standing

TRANSACTION_LIMIT = 100


def _lineage(item: Any) -> tuple[str, ...]:
    return tuple(item.lineage)


# Content kinds the projector reads, as domain entities with the lineage they count on.
_DECODERS: dict[type[ContentItem], Callable[[Any], tuple[Entity, tuple[str, ...]]]] = {
    ExpertItem: lambda item: (to_expert(item), _lineage(item)),
    QuestionItem: lambda item: (to_question(item), _lineage(item)),
    AnswerItem: lambda item: (to_answer(item), _lineage(item)),
    AssignmentItem: lambda item: (to_assignment(item), ()),
    SupervisionItem: lambda item: (to_record(item), _lineage(item)),
    EventItem: lambda item: (to_event(item), ()),
    SeasonItem: lambda item: (to_season(item), ()),
    AllianceItem: lambda item: (to_alliance(item), _lineage(item)),
    ActivityItem: lambda item: (to_activity(item), _lineage(item)),
    SignupItem: lambda item: (to_signup(item), ()),
}


def decode_image(image: dict[str, Any] | None) -> tuple[Entity, tuple[str, ...]]:
    """A stream image as a domain entity and its platform lineage; other kinds become None."""
    if not image:
        return None, ()
    item = ContentItem.from_raw_data(image)
    decoder = _DECODERS.get(type(item))
    return decoder(item) if decoder else (None, ())


def _counter_pk(key: CounterKey) -> str:
    return keys.counter_pk(key.scope, key.scope_id)


def _document_keys(key: DocumentKey) -> tuple[str, str]:
    prefix = {
        "feed": "FEED",
        "moderation": "MODQ",
        "inbox": "INBOX",
        "supervision": "SUPQ",
        "activities": "ACTQ",
        "alliances": "ALLQ",
        "postings": "TERM",
        "search": "SEARCH",
    }[key.kind]
    return f"{prefix}#{key.scope}", key.order


def _document(pk: str, sk: str, fields: Mapping[str, str]) -> DocumentItem:
    document = DocumentItem(pk, sk)
    for name, value in fields.items():
        setattr(document, name, value)
    if pk.startswith("INBOX#"):
        document.read = False
    return document


def _rows(effects: Effects) -> set[tuple[str, str]]:
    counters = {(_counter_pk(key), keys.COUNTER_TOTAL) for key in effects.counters}
    scores = {(keys.board_pk(key.board), key.member) for key in effects.scores}
    return counters | scores | {_document_keys(key) for key in effects.documents}


def _parts(record: RecordEffects) -> list[RecordEffects]:
    """A record whose rows do not fit one transaction (a question's search terms and their
    counters) is applied in parts, each under its own marker: the same record always splits
    the same way, so each part is still applied exactly once."""
    rows = sorted(_rows(record.effects))
    per_part = TRANSACTION_LIMIT - 1
    if len(rows) <= per_part:
        return [record]
    effects = record.effects
    parts = []
    for number, start in enumerate(range(0, len(rows), per_part)):
        wanted = set(rows[start : start + per_part])
        part = Effects(
            Counter({k: n for k, n in effects.counters.items() if _row_of(k) in wanted}),
            Counter(
                {
                    k: n
                    for k, n in effects.scores.items()
                    if (keys.board_pk(k.board), k.member) in wanted
                }
            ),
            {k: f for k, f in effects.documents.items() if _document_keys(k) in wanted},
        )
        parts.append(RecordEffects(f"{record.event_id}#{number}", part))
    return parts


def _row_of(key: CounterKey) -> tuple[str, str]:
    return _counter_pk(key), keys.COUNTER_TOTAL


def _chunks(records: Sequence[RecordEffects]) -> list[list[RecordEffects]]:
    """Greedy chunks whose markers plus distinct rows fit in one transaction."""
    chunks: list[list[RecordEffects]] = []
    current: list[RecordEffects] = []
    rows: set[tuple[str, str]] = set()
    for record in records:
        record_rows = _rows(record.effects)
        if current and len(current) + 1 + len(rows | record_rows) > TRANSACTION_LIMIT:
            chunks.append(current)
            current, rows = [], set()
        current.append(record)
        rows |= record_rows
    if current:
        chunks.append(current)
    return chunks


class ProjectionWriter:
    def __init__(self, marker_ttl_seconds: int, now: dt.datetime, board_shards: int) -> None:
        self._marker_expiry = now + dt.timedelta(seconds=marker_ttl_seconds)
        self._board_shards = board_shards
        self._connection = shared_connection()

    def apply(self, records: Iterable[RecordEffects]) -> int:
        """Apply every record not applied before; returns how many were new (wholly or in part)."""
        record_of: dict[str, str] = {}
        pending: list[RecordEffects] = []
        for record in records:
            for part in _parts(record):
                record_of[part.event_id] = record.event_id
                pending.append(part)
        applied: set[str] = set()
        while pending:
            chunk = _chunks(pending)[0]
            rest = pending[len(chunk) :]
            already = self._commit(chunk)
            if not already:
                applied |= {record_of[part.event_id] for part in chunk}
                pending = rest
            else:
                pending = [r for r in chunk if r.event_id not in already] + rest
        return len(applied)

    def _commit(self, chunk: list[RecordEffects]) -> set[str]:
        """Commit one chunk; on cancellation return the event ids whose markers already exist."""
        total = merge(record.effects for record in chunk)
        rows: dict[str, list[Any]] = {}
        for counter, amount in total.counters.items():
            attribute = CounterItem.get_attributes()[counter.metric]
            rows.setdefault(_counter_pk(counter), []).append(attribute.add(amount))
        try:
            with TransactWrite(connection=self._connection) as transaction:
                for record in chunk:
                    transaction.save(
                        MarkerItem(
                            keys.marker_pk(record.event_id),
                            keys.MARKER,
                            expires_at=self._marker_expiry,
                        ),
                        condition=MarkerItem.pk.does_not_exist(),
                    )
                for pk, actions in rows.items():
                    transaction.update(CounterItem(pk, keys.COUNTER_TOTAL), actions=actions)
                for score, amount in total.scores.items():
                    shard = keys.board_shard(score.board, score.member, self._board_shards)
                    desk = [ScoreItem.desk.set(score.desk)] if score.desk else []
                    transaction.update(
                        ScoreItem(keys.board_pk(score.board), score.member),
                        actions=[
                            ScoreItem.score.add(amount),
                            ScoreItem.lb_pk.set(shard),
                            ScoreItem.member.set(score.member),
                            *desk,
                        ],
                    )
                for document, fields in total.documents.items():
                    pk, sk = _document_keys(document)
                    if fields is None:
                        transaction.delete(DocumentItem(pk, sk))
                    else:
                        transaction.save(_document(pk, sk, fields))
        except TransactWriteError as error:
            # PynamoDB sends deletes before puts, whatever the order they were added in, and
            # the reasons follow the request: the markers' reasons come after the deletes'.
            deletes = sum(1 for fields in total.documents.values() if fields is None)
            reasons = error.cancellation_reasons[deletes : deletes + len(chunk)]
            already = {
                record.event_id
                for record, reason in zip(chunk, reasons, strict=True)
                if reason is not None and reason.code == "ConditionalCheckFailed"
            }
            if not already:
                raise
            return already
        return set()


class CounterRepository:
    def counts(self, scopes: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, int]]:
        """Every metric of each scope's counter row (absent rows and metrics read as zero)."""
        wanted = {keys.counter_pk(scope, scope_id): (scope, scope_id) for scope, scope_id in scopes}
        found: dict[tuple[str, str], dict[str, int]] = {scope: {} for scope in scopes}
        for item in CounterItem.batch_get([(pk, keys.COUNTER_TOTAL) for pk in wanted]):
            found[wanted[item.pk]] = {
                name: int(value)
                for name, value in item.attribute_values.items()
                if isinstance(value, (int, float)) and name not in ("score",)
            }
        return found

    def expert_counts(self, platform_ids: Sequence[str]) -> dict[str, int]:
        counts = self.counts([projection_keys.platform(p) for p in platform_ids])
        return {p: counts[projection_keys.platform(p)].get("experts", 0) for p in platform_ids}

    def set_metric(self, scope: str, scope_id: str, metric: str, value: int) -> None:
        """Repair: an absolute value, for reconciliation run while the stream is caught up."""
        attribute = CounterItem.get_attributes()[metric]
        CounterItem(keys.counter_pk(scope, scope_id), keys.COUNTER_TOTAL).update(
            actions=[attribute.set(value)]
        )


# A shard's place in a board's cursor: not read yet, read to its end, or "{points}:{member}",
# the last entry taken from it.
_SHARD_UNREAD, _SHARD_DONE, _PLACE_SEPARATOR = "start", "done", ":"
_POINTS = re.compile(r"-?\d{1,18}")


def _shard_name(shard: int) -> str:
    return f"s{shard:02d}"


def _board_id(board: str) -> str:
    """The board a cursor belongs to, as a digest: a cursor holds a place per shard, and the
    board's own name would take room those need."""
    return hashlib.sha256(board.encode()).hexdigest()[:16]


def board_cursor(board: str, rank: int, places: Mapping[int, str]) -> str:
    return encode_cursor(
        {
            "board": _board_id(board),
            "rank": str(rank),
            **{_shard_name(shard): place for shard, place in places.items()},
        }
    )


def board_places(cursor: str | None, board: str, shards: int) -> tuple[int, dict[int, str]]:
    """The rank reached and each shard's place; a cursor of another board, another number of
    shards or with a forged place is refused."""
    names = frozenset({"board", "rank", *(_shard_name(shard) for shard in range(shards))})
    key = decode_cursor(cursor, names, {"board": _board_id(board)})
    if key is None:
        return 0, dict.fromkeys(range(shards), _SHARD_UNREAD)
    places = {shard: key[_shard_name(shard)] for shard in range(shards)}
    for place in places.values():
        points, _, member = place.partition(_PLACE_SEPARATOR)
        known = place in (_SHARD_UNREAD, _SHARD_DONE)
        if not known and not (_POINTS.fullmatch(points) and member):
            raise invalid_cursor()
    return cursor_position(key["rank"]), places


def _score_key(board: str, shard: int, place: str) -> dict[str, dict[str, str]] | None:
    """The by_score index key of the last entry taken from the shard, to read on after it."""
    if place == _SHARD_UNREAD:
        return None
    points, _, member = place.partition(_PLACE_SEPARATOR)
    return {
        "lb_pk": {"S": keys.board_shard_pk(board, shard)},
        "score": {"N": points},
        "pk": {"S": keys.board_pk(board)},
        "sk": {"S": member},
    }


class ScoreRepository:
    def __init__(self, shards: int) -> None:
        self._shards = shards

    def page(self, board: str, page: PageRequest) -> Page[BoardEntry]:
        """One page of the board merged across its shards, ranked on the whole board.

        Each shard is read from where earlier pages stopped taking from it (one Query of at most
        `page.limit` entries) and the shards' heads are merged by points, so a page costs one
        Query per shard however deep it is. Within a shard, entries of equal points keep the
        index's order, which is what a shard's place in the cursor resumes from."""
        rank, places = board_places(page.cursor, board, self._shards)
        read: dict[int, deque[tuple[str, int, str | None]]] = {}
        more: dict[int, bool] = {}
        for shard, place in places.items():
            if place == _SHARD_DONE:
                continue
            results = ScoreItem.by_score.query(
                keys.board_shard_pk(board, shard),
                scan_index_forward=False,
                limit=page.limit,
                last_evaluated_key=_score_key(board, shard, place),
            )
            read[shard] = deque(
                (item.sk, int(item.score or 0), item.desk)
                for item in results
                if isinstance(item, ScoreItem)
            )
            more[shard] = results.last_evaluated_key is not None
        entries: list[BoardEntry] = []
        while len(entries) < page.limit:
            heads = [(-queue[0][1], queue[0][0], shard) for shard, queue in read.items() if queue]
            if not heads:
                break
            shard = min(heads)[2]
            member, points, desk = read[shard].popleft()
            rank += 1
            entries.append(BoardEntry(rank, member, points, desk))
            places[shard] = f"{points}{_PLACE_SEPARATOR}{member}"
        for shard, left in read.items():
            if not left and not more[shard]:
                places[shard] = _SHARD_DONE
        finished = all(place == _SHARD_DONE for place in places.values())
        return Page(entries, None if finished else board_cursor(board, rank, places))

    def top(self, board: str, limit: int) -> list[Standing]:
        entries: list[Standing] = []
        for shard in range(self._shards):
            for item in ScoreItem.by_score.query(
                keys.board_shard_pk(board, shard), scan_index_forward=False, limit=limit
            ):
                if isinstance(item, ScoreItem):
                    entries.append(Standing(item.sk, int(item.score or 0), item.desk))
        return sorted(entries, key=lambda entry: (-entry.points, entry.user_id))[:limit]


def _entry(item: DocumentItem) -> ListEntry:
    return ListEntry(
        item_id=item.item_id,
        kind=EntryKind(item.kind),
        question_id=item.question_id,
        title=item.title,
        excerpt=item.excerpt,
        topic=item.topic,
        platform_id=item.platform_id,
        status=item.status,
        created_at=item.created_at,
        due_at=item.due_at,
        answers=int(item.answers or 0),
        asker=item.asker,
    )


class ListRepository:
    """Projected lists, newest first: a Query on one list's partition."""

    def page(self, key: DocumentKey, page: PageRequest, topic: str | None) -> Page[ListEntry]:
        return query_page(
            DocumentItem.query,
            TABLE,
            _document_keys(key)[0],
            page,
            DocumentItem,
            _entry,
            scan_index_forward=False,
            filter_condition=(DocumentItem.topic == topic) if topic else None,
        )


class VisitCounter:
    """Visits are too hot for the stream: ADD 1 on one of N shards per scope, summed on read."""

    def __init__(self, shards: int) -> None:
        self._shards = shards

    def record(self, scopes: Sequence[tuple[str, str]], first: FirstRead) -> bool:
        """One transaction for every scope of one read and the reader's mark, put only when
        none is live: False (not counted) for a re-read in the window. A lost race raises
        ConcurrentChange to retry; any other failure propagates."""
        mark = ReadMarkItem(keys.read_mark_pk(first.question_id, first.visitor), keys.READ_MARK)
        mark.expires_at = first.window_ends
        reread = Conflict("read again within the revisit window")
        transaction = Transaction()
        transaction.save(
            mark,
            condition=ReadMarkItem.pk.does_not_exist() | (ReadMarkItem.expires_at < first.at),
            refused=reread,
        )
        for scope, scope_id in scopes:
            shard = random.randrange(self._shards)
            transaction.update(
                VisitShardItem(keys.visits_pk(scope, scope_id), keys.visit_shard(shard)),
                actions=[VisitShardItem.visits.add(1)],
            )
        try:
            transaction.commit()
        except Conflict as refused:
            if refused is not reread:
                raise
            return False
        return True

    def total(self, scope: str, scope_id: str) -> int:
        return sum(
            int(item.visits or 0) for item in VisitShardItem.query(keys.visits_pk(scope, scope_id))
        )


def _notification(item: DocumentItem) -> Notification:
    return Notification(
        item.sk,
        NotificationKind(item.kind),
        item.question_id,
        item.title,
        item.created_at,
        bool(item.read),
        item.excerpt,
        item.activity_id or "",
    )


class InboxRepository:
    """A user's notifications (projected) and their read marks (the user's own state)."""

    def page(self, user_id: str, page: PageRequest) -> Page[Notification]:
        return query_page(
            DocumentItem.query,
            TABLE,
            keys.inbox_pk(user_id),
            page,
            DocumentItem,
            _notification,
            scan_index_forward=False,
        )

    def unread_ids(self, user_id: str, among: Sequence[str] | None) -> list[str]:
        if among is not None:
            wanted = [(keys.inbox_pk(user_id), notification) for notification in among]
            return [item.sk for item in DocumentItem.batch_get(wanted) if item.read is False]
        return [
            item.sk
            for item in DocumentItem.query(
                keys.inbox_pk(user_id),
                filter_condition=DocumentItem.read == False,  # noqa: E712
            )
        ]

    def erase(self, user_id: str) -> int:
        """Every notification and the unread count: a BatchWrite per 25, from one key Query."""
        owned = DocumentItem.query(keys.inbox_pk(user_id), attributes_to_get=["pk", "sk"])
        erased = 0
        with DocumentItem.batch_write() as batch:
            for item in owned:
                batch.delete(item)
                erased += 1
            batch.delete(
                CounterItem(keys.counter_pk(*projection_keys.unread(user_id)), keys.COUNTER_TOTAL)
            )
        return erased

    def mark_read(self, user_id: str, notification_ids: Sequence[str]) -> None:
        """Each chunk flips its marks and lowers the unread count in one transaction."""
        for start in range(0, len(notification_ids), TRANSACTION_LIMIT - 1):
            chunk = notification_ids[start : start + TRANSACTION_LIMIT - 1]
            transaction = Transaction()
            for notification in chunk:
                transaction.update(
                    DocumentItem(keys.inbox_pk(user_id), notification),
                    actions=[DocumentItem.read.set(True)],
                    condition=DocumentItem.read == False,  # noqa: E712
                    refused=Conflict("notifications changed meanwhile; read them again"),
                )
            transaction.update(
                CounterItem(keys.counter_pk(*projection_keys.unread(user_id)), keys.COUNTER_TOTAL),
                actions=[CounterItem.unread.add(-len(chunk))],
            )
            transaction.commit()


def _supervision(item: DocumentItem) -> SupervisionEntry:
    return SupervisionEntry(
        question_id=item.question_id,
        title=item.title,
        topic=item.topic,
        platform_id=item.platform_id,
        level=int(item.level or 0),
        status=item.status,
        opened_at=item.opened_at or item.created_at,
        due_at=item.due_at,
        outcome=item.reason or None,
        department=item.department,
        question_due_at=item.question_due_at,
    )


class SupervisionRepository:
    """Projected supervision records per platform subtree, earliest due first."""

    def page(
        self, platform_id: str, status: str, level: int | None, page: PageRequest
    ) -> Page[SupervisionEntry]:
        partition = _document_keys(projection_keys.supervision_list(platform_id, status, level))[0]
        return query_page(DocumentItem.query, TABLE, partition, page, DocumentItem, _supervision)


def _posting(item: DocumentItem) -> Posting:
    return Posting(
        item.question_id,
        impact_of(item.sk),
        item.topic,
        item.status,
        tuple((item.lineage or "").split()),
    )


def _search_document(item: DocumentItem) -> SearchDocument:
    return SearchDocument(
        question_id=item.question_id,
        title=item.title,
        excerpt=item.excerpt,
        answer=item.answer or "",
        topic=item.topic,
        platform_id=item.platform_id,
        status=item.status,
        created_at=item.created_at,
        terms=tuple(
            (term, int(impact))
            for term, _, impact in (entry.rpartition(":") for entry in (item.terms or "").split())
        ),
        answers=int(item.answers or 0),
        asker=item.asker,
    )


class SearchRepository:
    """The search index: term statistics, impact-ordered postings, and result documents."""

    def statistics(self, terms: Sequence[str]) -> Statistics:
        """One BatchGet: each term's question count and the number of questions indexed."""
        scopes = [projection_keys.term(term) for term in terms]
        counts = CounterRepository().counts([*scopes, projection_keys.indexed()])
        return Statistics(
            indexed=counts[projection_keys.indexed()].get("questions", 0),
            frequencies={
                scope_id: counts[(scope, scope_id)].get("questions", 0)
                for scope, scope_id in scopes
            },
        )

    def postings(self, term: str, limit: int) -> list[Posting]:
        """One Query: the term's `limit` highest-impact postings."""
        partition = _document_keys(projection_keys.postings(term))[0]
        return [
            _posting(item) for item in DocumentItem.query(partition, limit=limit, page_size=limit)
        ]

    def documents(self, question_ids: Sequence[str]) -> dict[str, SearchDocument]:
        """One BatchGet per 100 questions; a question no longer indexed is absent."""
        wanted = [
            _document_keys(projection_keys.search_document(question_id))
            for question_id in dict.fromkeys(question_ids)
        ]
        return {item.question_id: _search_document(item) for item in DocumentItem.batch_get(wanted)}

    def rewrite(self, documents: Mapping[DocumentKey, Mapping[str, str] | None]) -> None:
        """Put or delete index entries directly: for a rebuild, not for the stream's changes."""
        with DocumentItem.batch_write() as batch:
            for key, fields in documents.items():
                pk, sk = _document_keys(key)
                if fields is None:
                    batch.delete(DocumentItem(pk, sk))
                else:
                    batch.save(_document(pk, sk, fields))
