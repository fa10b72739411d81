"""A snapshot beside a large log, so that a new process answers without replaying the history.

Every process that opens a log reads and replays all of it: a million events take seconds before the
first answer. A snapshot keeps what that replay found in a SQLite file beside the log
(``LOG.snapshot``): every interval with the day it opened and closed and the event that closed it,
checkpoints of the set open on a day (as :class:`~orgsim.replay.intervals.DayIndex` keeps them in
memory: never more ids in all than there are changes), indexes to look people up by name and roles
by title, and where each line of the log starts. The replay state at the end (roles, holders, people
present, their roles and leaves) is the intervals still open, and a departure or abolition the rules
cite is what closed the last interval of someone or some role. A chart at any date, a lookup and a
checked append then cost what they touch, not the length of the log nor the size of the whole
organisation.

The log stays the only truth. The snapshot is keyed to the log as it was when it was made (its
size, modification and inode change times, inode, last seq and the hash of its last line), and
each question checks the key first: a log that changed in any other way (appended to by another
program, edited even to the same size with its modification time set back, replaced, copied)
makes the snapshot stale, and the organisation reads the log instead and writes a new one.
Events the rules cite are read from the log's own lines, never from the snapshot. A snapshot is
rebuilt in place in one transaction, so it is never seen half-written; an append
made through it updates it in one transaction, and only when it still holds the head the append
started from, so two writers racing can leave it behind the log (stale: rebuilt next time) but
never claiming a head it does not hold. Delete it at any time; nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import os
import sqlite3
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import attrs

from orgsim.collector import quiet_collector
from orgsim.errors import InvalidEvent, StaleSnapshot
from orgsim.log.codec import Decoder
from orgsim.log.dates import PartialDate
from orgsim.log.events import (
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Reorg,
    mentioned,
)
from orgsim.progress import Progress, within
from orgsim.questions.chart import Chart
from orgsim.questions.chart_index import (
    AbsenceRow,
    ChartIndex,
    Charts,
    StintRow,
    TenureRow,
    VersionRow,
)
from orgsim.replay.intervals import changes_between
from orgsim.replay.names import resolve_name
from orgsim.replay.replay import Replay
from orgsim.replay.spans import Absence, RoleVersion, Span, Stint, Tenure, open_intervals
from orgsim.replay.state import PersonNow, ReplayState, RoleNow, TenureNow
from orgsim.replay.timeline import Timeline
from orgsim.store.chain import digest
from orgsim.store.jsonl import last_event

__all__ = ["SNAPSHOT_ABOVE", "LogKey", "Snapshot", "snapshot_path", "write_snapshot"]

#: A log file larger than this gets a snapshot written after it is read (about 25,000 events,
#: a second's replay); a smaller one replays faster than a snapshot is worth.
SNAPSHOT_ABOVE = 8 * 1024 * 1024

#: The layout of the file; a snapshot of another layout is stale.
_FORMAT = 3

#: SQLite's application id of a snapshot ("orgs"): a file at a snapshot's path without it was
#: not written by orgsim, and is never replaced.
_APPLICATION_ID = 0x6F726773


#: Line starts kept per row of the ``lines`` table.
_LINES_PER_ROW = 4096

#: How long a writer waits for another's transaction on the snapshot before giving up on it.
_BUSY_TIMEOUT = 5.0

_SCHEMA = """
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, seq INTEGER NOT NULL, tail TEXT NOT NULL,
    count INTEGER NOT NULL,       -- the events replayed
    first INTEGER, last INTEGER   -- their first and last days (ordinals): where a replay stands
);
CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,        -- 0 a role's version, 1 a tenure, 2 a stint, 3 an absence
    key TEXT NOT NULL,            -- the role (version, tenure) or the person (stint, absence)
    event INTEGER NOT NULL,       -- the seq of the event that opened it
    event_day INTEGER NOT NULL,   -- that event's day (ordinal): with event, its replay order
    ended INTEGER,                -- the day it closed (ordinal), NULL while it runs
    ended_by INTEGER,             -- the seq of the event that closed it
    start TEXT,                   -- the date it began, when not just the day event_day
    created INTEGER,              -- version: the seq of the role's creation
    title TEXT, reports_to TEXT,  -- version
    person TEXT, acting INTEGER,  -- tenure
    name TEXT                     -- stint
);
CREATE TABLE blocks (
    number INTEGER PRIMARY KEY,
    first_day INTEGER NOT NULL,
    open BLOB NOT NULL,   -- the ids open before the block's first change
    days BLOB NOT NULL,   -- each change's day (ordinal), in order
    moves BLOB NOT NULL   -- each change: an id that opens, or -(id + 1) for one that closes
);
CREATE TABLE lines (number INTEGER PRIMARY KEY, starts BLOB NOT NULL);
"""

# Made after the rows are in: one sort each, not an index kept up row by row. The replay state
# at the end is the open spans (a role's version and holder, a person's stint, leave and
# roles); a departure or an abolition is what closed someone's or some role's last span.
_INDEXES = """
CREATE INDEX spans_key ON spans (kind, key, event_day, event);
CREATE INDEX spans_held ON spans (person) WHERE kind = 1 AND ended IS NULL;
CREATE INDEX spans_reports ON spans (reports_to) WHERE kind = 0 AND ended IS NULL;
CREATE INDEX spans_names ON spans (fold(name)) WHERE kind = 2;
CREATE INDEX spans_titles ON spans (fold(title)) WHERE kind = 0;
CREATE INDEX blocks_day ON blocks (first_day, number);
"""

#: The kinds of span, as the ``kind`` column numbers them.
_VERSION, _TENURE, _STINT, _ABSENCE = range(4)

_SPAN_COLUMNS = (
    "kind, key, event, event_day, ended, ended_by, start, created, title, reports_to, person, "
    "acting, name"
)


def _fold(text: str | None) -> str | None:
    """A name or title as lookups compare it (any case): the snapshot's indexes of names and
    titles are made with it, so every connection that writes spans registers it."""
    return None if text is None else text.casefold()


def _connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """A connection to a snapshot, with what its indexes are made of."""
    db = sqlite3.connect(
        target, isolation_level=None, timeout=_BUSY_TIMEOUT, uri=uri, check_same_thread=False
    )
    db.create_function("fold", 1, _fold, deterministic=True)
    return db


def snapshot_path(log: Path) -> Path:
    """Where the snapshot of the log at ``log`` is kept: beside it, with ``.snapshot`` added."""
    return log.with_name(log.name + ".snapshot")


@attrs.frozen
class LogKey:
    """What a log file was when a snapshot was made of it: its size, its modification and
    inode change times, its inode, the seq of its last event and the SHA-256 of its last
    line. A log that is appended to, edited (even to the same size, with its modification
    time set back: the kernel sets the change time, and nothing can set it back), replaced
    or copied no longer has the key."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    seq: int
    tail: str

    @classmethod
    def of(cls, log: Path) -> LogKey | None:
        """The key of the log file now, read under a shared lock (so never half an append);
        None when there is no file, or its last line is torn or unreadable."""
        try:
            fd = os.open(log, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            stat = os.fstat(fd)
            found = last_event(fd)
            if found is None:
                return None
            line, event, _ = found
            return cls(
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
                stat.st_ino,
                event.seq,
                digest(line),
            )
        except OSError:
            return None
        finally:
            os.close(fd)

    def row(self) -> tuple[int, int, int, int, int, str]:
        return self.size, self.mtime_ns, self.ctime_ns, self.inode, self.seq, self.tail


@attrs.frozen
class _Open:
    """The intervals open on a day, as a snapshot's rows (what :meth:`Chart.of` reads)."""

    versions: tuple[VersionRow, ...]
    tenures: tuple[TenureRow, ...]
    stints: tuple[StintRow, ...]
    absences: tuple[AbsenceRow, ...]


#: The size of an id or a day in a blob.
_INT_BYTES = array("i").itemsize


def _ints(blob: bytes) -> array[int]:
    """Ids and days, four bytes each (a day's ordinal and a span's id both fit)."""
    values = array("i")
    values.frombytes(blob)
    return values


def _blob(values: Iterable[int]) -> bytes:
    return array("i", values).tobytes()


def _offsets(blob: bytes) -> array[int]:
    """Where lines start, eight bytes each (a log may be larger than 2 GB)."""
    values = array("q")
    values.frombytes(blob)
    return values


def _span_row(span: Span) -> tuple[object, ...]:
    """A span as the columns of ``spans`` (without its id), in the order of ``_SPAN_COLUMNS``."""
    day, start = span.event.on.start, span.start
    common = (
        span.event.seq,
        day.toordinal(),
        None if span.end is None else span.end.start.toordinal(),
        None if span.ended_by is None else span.ended_by.seq,
        # A span begins on its event's date: kept only when that is more than the day.
        None if start.day is not None and start.start == day else _text(start),
    )
    if isinstance(span, RoleVersion):
        extra: tuple[object, ...] = (span.created.seq, span.title, span.reports_to)
        return (_VERSION, span.role, *common, *extra, None, None, None)
    if isinstance(span, Tenure):
        return (_TENURE, span.role, *common, None, None, None, span.person, span.acting, None)
    if isinstance(span, Stint):
        return (_STINT, span.person, *common, None, None, None, None, None, span.name)
    if isinstance(span, Absence):
        return (_ABSENCE, span.person, *common, None, None, None, None, None, None)
    raise TypeError(f"not an interval replay keeps: {span!r}")


@functools.lru_cache(maxsize=1 << 16)
def _text(date: PartialDate) -> str:
    """A date as the log writes it (dates repeat: a large log has few distinct ones)."""
    return str(date)


@functools.lru_cache(maxsize=1 << 16)
def _start(text: str | None, day: int) -> PartialDate:
    """The date a span began: as the log gave it, or the day (dates repeat: a large log has
    few distinct ones)."""
    if text is None:
        return PartialDate.of(dt.date.fromordinal(day))
    return PartialDate.parse(text)


_INSERT_SPAN = f"INSERT INTO spans (id, {_SPAN_COLUMNS}) VALUES ({', '.join('?' * 14)})"


def _insert_span(db: sqlite3.Connection, span: Span) -> int:
    """Add ``span`` with the next id, and return the id."""
    cursor = db.execute(_INSERT_SPAN, (None, *_span_row(span)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _line_starts(log: Path, key: LogKey) -> array[int]:
    """Where each of the log's lines starts, and its size last: the log as ``key`` has it, or
    :class:`StaleSnapshot` when it no longer is."""
    starts = array("q", [0])
    with log.open("rb") as file:
        fcntl.flock(file.fileno(), fcntl.LOCK_SH)
        offset = 0
        while offset < key.size:
            chunk = file.read(min(1 << 20, key.size - offset))
            if not chunk:
                break
            at = chunk.find(b"\n")
            while at >= 0:
                starts.append(offset + at + 1)
                at = chunk.find(b"\n", at + 1)
            offset += len(chunk)
        if offset != key.size or len(starts) != key.seq + 1:
            raise StaleSnapshot(f"{log}: changed while its snapshot was written")
        file.seek(starts[-2])
        if digest(file.read(key.size - starts[-2] - 1)) != key.tail:
            raise StaleSnapshot(f"{log}: changed while its snapshot was written")
    return starts


def _replaceable(path: Path) -> bool:
    """Whether a snapshot may be written at ``path``: nothing is there, or a file orgsim wrote
    (a snapshot, perhaps stale or damaged past its first page). Anything else is someone's."""
    try:
        with path.open("rb") as file:
            header = file.read(72)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\x00") and header[68:72] == (
        _APPLICATION_ID.to_bytes(4, "big")
    )


def write_snapshot(
    log: Path, timeline: Timeline, key: LogKey, progress: Progress | None = None
) -> Path | None:
    """Write the snapshot of ``timeline``, the strict replay of the log at ``log`` when it had
    ``key``, beside the log, in one transaction: a reader sees the old snapshot or the new one,
    never a mix. Returns where, or None when it could not be written (a read-only folder, a
    full disk, the log changed meanwhile): a snapshot only ever saves time. A file at the
    snapshot's path that orgsim did not write is left as it is (and no snapshot written).
    ``progress`` is told the share written.

    The file is rebuilt in place, never replaced by a new one renamed over it: other processes
    may hold it open, and SQLite's journal beside it goes by its name, so theirs would be
    applied to a file it does not belong to."""
    report = progress or (lambda share: None)
    target = snapshot_path(log)
    try:
        starts = _line_starts(log, key)
        report(0.1)
        for attempt in range(2):
            if not _replaceable(target):
                return None
            try:
                _rebuild(target, timeline, key, starts, within(progress, 0.1, 1.0))
                break
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                # A damaged snapshot of orgsim's (it cannot even be emptied): start afresh.
                for side in ("", "-wal", "-shm"):
                    target.with_name(target.name + side).unlink(missing_ok=True)
    except (OSError, sqlite3.Error, StaleSnapshot):
        return None
    return target


def _rebuild(
    target: Path, timeline: Timeline, key: LogKey, starts: array[int], progress: Progress | None
) -> None:
    """Empty the snapshot at ``target`` (made if missing) and fill it, in one transaction."""
    db = _connect(target)
    try:
        db.execute("PRAGMA journal_mode = WAL")  # readers never wait for the appends' updates
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -65536")  # 64 MB, to sort for the indexes
        db.execute("BEGIN IMMEDIATE")
        try:
            old = db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall()
            for (name,) in old:
                db.execute(f'DROP TABLE "{name}"')
            db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            for statement in _statements(_SCHEMA):
                db.execute(statement)
            _fill(db, timeline, key, starts, within(progress, 0.0, 0.8))
            for statement in _statements(_INDEXES):
                db.execute(statement)
            db.execute("COMMIT")
        except BaseException:
            _rollback(db)
            raise
        (progress or (lambda share: None))(1.0)
    finally:
        db.close()


def _statements(script: str) -> list[str]:
    """The statements of a script of ours (no ``;`` inside them), to run in a transaction
    (``executescript`` would commit it first)."""
    return [statement for statement in script.split(";") if statement.strip()]


def _fill(
    db: sqlite3.Connection,
    timeline: Timeline,
    key: LogKey,
    starts: array[int],
    progress: Progress | None,
) -> None:
    report = progress or (lambda share: None)
    applied = timeline.applied  # in replay order: by date (what a replay of the log applied)
    first_day, last_day = (applied[0].on.start, applied[-1].on.start) if applied else (None, None)
    last = last_day.toordinal() if last_day else None
    db.execute(
        "INSERT INTO meta VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_FORMAT, *key.row(), len(applied), first_day and first_day.toordinal(), last),
    )
    spans: list[Span] = []
    for groups in (timeline.versions, timeline.tenures, timeline.stints, timeline.absences):
        for group in groups.values():
            spans.extend(group)
    count = len(spans) or 1
    rows = []
    changes = []  # as one integer each, sorted by day, then opening before closing, then id
    for number, span in enumerate(spans):
        row = _span_row(span)
        rows.append((number, *row))
        first = span.start.start.toordinal()
        end = None if span.end is None else span.end.start.toordinal()
        if end is not None and end <= first:
            continue  # open on no day at all
        changes.append(first * 2 * count + number)
        if end is not None:
            changes.append((end * 2 + 1) * count + number)
    del spans
    report(0.1)
    db.executemany(_INSERT_SPAN, rows)
    del rows
    report(0.7)
    changes.sort()
    db.executemany("INSERT INTO blocks VALUES (?, ?, ?, ?, ?)", _blocks(changes, count))
    report(0.9)
    db.executemany(
        "INSERT INTO lines VALUES (?, ?)",
        (
            (number, starts[base : base + _LINES_PER_ROW + 1].tobytes())
            for number, base in enumerate(range(0, len(starts) - 1, _LINES_PER_ROW))
        ),
    )


def _blocks(changes: list[int], count: int) -> Iterator[tuple[int, int, bytes, bytes, bytes]]:
    """The rows of ``blocks`` for ``changes`` (sorted, each packed as in :func:`_fill`), each
    with the ids open before its first change; a block holds as many changes as
    :func:`~orgsim.replay.intervals.changes_between` says, so the checkpoints together hold no more
    ids than there are changes."""
    open_now: dict[int, None] = {}
    base = number = 0
    while base < len(changes):
        block = changes[base : base + changes_between(len(open_now))]
        days = [change // (2 * count) for change in block]
        moves = [
            -(change % count) - 1 if (change // count) % 2 else change % count for change in block
        ]
        yield number, days[0], _blob(open_now), _blob(days), _blob(moves)
        _apply(open_now, moves)
        base += len(block)
        number += 1


def _apply(open_now: dict[int, None], moves: Iterable[int]) -> None:
    for move in moves:
        if move >= 0:
            open_now[move] = None
        else:
            del open_now[-move - 1]


class Snapshot:
    """An open snapshot of a log (see the module's introduction): charts, lookups and the
    replay state at the end, each read under a check that the snapshot still matches the log
    as it was when opened. :class:`~orgsim.errors.StaleSnapshot` says it no longer does."""

    def __init__(self, log: Path, db: sqlite3.Connection, key: LogKey) -> None:
        self.log = log
        self.key = key
        """The log as this snapshot describes it."""
        self._db = db
        self._replay: Replay | None = None
        self._charts: Charts | None = None
        """Charts read from the spans open on their day, then from every span, read once."""
        self._looked: tuple[set[str], set[str]] = (set(), set())
        """The people and roles :attr:`_replay`'s state holds as they are (absent ones too):
        read once, then changed by the appends made here."""

    @classmethod
    def open(cls, log: Path) -> Snapshot | None:
        """The snapshot beside ``log`` when there is one that matches the log, else None."""
        path = snapshot_path(log)
        if not path.is_file():
            return None
        key = LogKey.of(log)
        if key is None:
            return None
        try:
            db = _connect(path.resolve().as_uri() + "?mode=rw", uri=True)
        except sqlite3.Error:
            return None
        snapshot = cls(log, db, key)
        try:
            with snapshot._reading():
                pass
        except StaleSnapshot:
            db.close()
            return None
        return snapshot

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _reading(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A transaction in which the snapshot still describes the log as :attr:`key` has it."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            row = db.execute(
                "SELECT format, size, mtime_ns, ctime_ns, inode, seq, tail FROM meta"
            ).fetchone()
        except sqlite3.Error as error:
            _rollback(db)
            raise StaleSnapshot(f"{self.log}: its snapshot cannot be read: {error}") from None
        if row is None or row[0] != _FORMAT or tuple(row[1:]) != self.key.row():
            _rollback(db)
            raise StaleSnapshot(f"{self.log}: its snapshot is of another state of the log")
        try:
            yield db
        except sqlite3.Error as error:
            _rollback(db)
            raise StaleSnapshot(f"{self.log}: its snapshot cannot be read: {error}") from None
        except BaseException:
            _rollback(db)
            raise
        db.execute("COMMIT")

    @property
    def last_seq(self) -> int:
        return self.key.seq

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last effective dates of the events replayed."""
        with self._reading() as db:
            first, last = db.execute("SELECT first, last FROM meta").fetchone()
        return _day(first), _day(last)

    def chart(self, day: dt.date) -> Chart:
        """The chart on ``day``, as :meth:`Chart.at` draws it from the whole timeline: read from the
        spans open that day, until the charts asked have read as many rows as the snapshot holds;
        from then on from a :class:`~orgsim.questions.chart_index.ChartIndex` of every span
        (:class:`~orgsim.questions.chart_index.Charts`)."""
        if self._charts is None:
            with self._reading() as db:
                (last,) = db.execute("SELECT max(id) FROM spans").fetchone()  # ids from 0
            self._charts = Charts(self._chart, self._index, 0 if last is None else last + 1)
        return self._charts.chart(day)

    def _index(self) -> ChartIndex:
        with self._reading() as db:
            return _chart_index(db)

    def _chart(self, day: dt.date) -> Chart:
        with quiet_collector():  # a large chart is hundreds of thousands of objects
            return self._chart_of(day)

    def _chart_of(self, day: dt.date) -> Chart:
        ordinal = day.toordinal()
        with self._reading() as db:
            row = db.execute(
                "SELECT open, days, moves FROM blocks WHERE first_day <= ? "
                "ORDER BY first_day DESC, number DESC LIMIT 1",
                (ordinal,),
            ).fetchone()
            open_now: dict[int, None] = {}
            if row is not None:
                open_now = dict.fromkeys(_ints(row[0]))
                upto = bisect_right(_ints(row[1]), ordinal)
                _apply(open_now, _ints(row[2])[:upto])
            versions, tenures, stints, absences = _rows(
                db.execute(
                    f"SELECT {_ROW_COLUMNS} FROM spans "
                    "WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(open_now)),),
                )
            )
        now = _Open(
            tuple(sorted(versions, key=lambda v: v.created)),
            tuple(sorted(tenures, key=lambda t: t.order)),
            tuple(sorted(stints, key=lambda s: s.order)),
            tuple(absences),
        )
        return Chart.of(day, now)

    def person_id(self, query: str, *, suggest: bool = True) -> str:
        """As :meth:`Timeline.person_id` answers, from the snapshot's names."""
        wanted = query.casefold().strip()
        with self._reading() as db:
            rows = db.execute(
                "SELECT key, name FROM spans WHERE kind = 2 AND key IN (?, ?) "
                "UNION SELECT key, name FROM spans WHERE kind = 2 AND fold(name) = ?",
                (query, wanted, wanted),
            ).fetchall()
            if not rows and suggest:
                rows = db.execute("SELECT DISTINCT key, name FROM spans WHERE kind = 2").fetchall()
        return resolve_name("person", query, _labels(rows), suggest)

    def role_id(self, query: str) -> str:
        """As :meth:`Timeline.role_id` answers, from the snapshot's titles."""
        wanted = query.casefold().strip()
        with self._reading() as db:
            rows = db.execute(
                "SELECT key, title FROM spans WHERE kind = 0 AND key IN (?, ?) "
                "UNION SELECT key, title FROM spans WHERE kind = 0 AND fold(title) = ?",
                (query, wanted, wanted),
            ).fetchall()
            if not rows:
                rows = db.execute("SELECT DISTINCT key, title FROM spans WHERE kind = 0").fetchall()
        return resolve_name("role", query, _labels(rows))

    def name_of(self, person: str) -> str | None:
        """A person's latest display name; None for an id the log has never had."""
        with self._reading() as db:
            row = db.execute(
                "SELECT name FROM spans WHERE kind = 2 AND key = ? "
                "ORDER BY event_day DESC, event DESC LIMIT 1",
                (person,),
            ).fetchone()
        return None if row is None else str(row[0])

    def replay_for(self, event: Event) -> Replay:
        """The replay at the log's end, holding all that the rules and replay read to check
        and apply ``event``: the people and roles it names, the roles they hold, the roles
        above those (rule 3 walks up), the roles under one being abolished, and their
        departures and abolitions. Only these are read (an append costs what it touches,
        not the size of the organisation); the replay is kept, so that appends in one
        process go on from it."""
        with self._reading() as db:
            if self._replay is None:
                latest, count = db.execute("SELECT last, count FROM meta").fetchone()
                self._replay = Replay()
                self._replay.latest, self._replay.count = _day(latest), count
                self._looked = (set(), set())
            self._read_state(db, self._replay.state, event)
        return self._replay

    def appended(self, event: Event, key: LogKey | None) -> bool:
        """Record that ``event``, checked and applied on :meth:`replay_for`'s replay, was
        appended, leaving the log at ``key``. The snapshot is updated only if it still
        describes the log the append started from, and only if ``key`` is the log just after
        this event; otherwise it is left to go stale (and False returned)."""
        replay = self._replay
        assert replay is not None
        self._charts = None
        closed = replay.drain()
        if key is None or key.seq != event.seq:
            return False
        try:
            with self._reading(write=True) as db:
                self._record(db, replay, event, closed, key)
        except StaleSnapshot:
            return False
        self.key = key
        return True

    def _record(
        self,
        db: sqlite3.Connection,
        replay: Replay,
        event: Event,
        closed: list[Span],
        key: LogKey,
    ) -> None:
        day = event.on.start.toordinal()
        moves = []
        for span in closed:
            row = _span_row(span)
            found = db.execute(
                "SELECT id FROM spans WHERE kind = ? AND key = ? AND event = ? AND ended IS NULL",
                (row[0], row[1], span.event.seq),
            ).fetchone()
            if found is None:
                raise StaleSnapshot(f"{self.log}: its snapshot lacks an interval it should hold")
            db.execute(
                "UPDATE spans SET ended = ?, ended_by = ? WHERE id = ?", (day, event.seq, found[0])
            )
            moves.append(-found[0] - 1)
        for span in open_intervals(replay.state, event):
            moves.append(_insert_span(db, span))
        _append_moves(db, day, moves)
        # The event is at the end (not backdated): it is the replay's latest day.
        db.execute(
            "UPDATE meta SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, seq = ?, tail = ?, "
            "count = ?, first = min(coalesce(first, ?), ?), last = max(coalesce(last, ?), ?)",
            (*key.row(), replay.count, day, day, day, day),
        )
        last_row = db.execute(
            "SELECT number, starts FROM lines ORDER BY number DESC LIMIT 1"
        ).fetchone()
        # The new line starts where the old end was; the log ends at the key's size.
        number, blob = last_row if last_row is not None else (0, array("q", [0]).tobytes())
        starts = _offsets(blob)
        starts.append(key.size)
        if len(starts) > _LINES_PER_ROW + 1:
            db.execute("INSERT INTO lines VALUES (?, ?)", (number + 1, starts[-2:].tobytes()))
        else:
            db.execute("INSERT OR REPLACE INTO lines VALUES (?, ?)", (number, starts.tobytes()))

    def _read_state(self, db: sqlite3.Connection, state: ReplayState, event: Event) -> None:
        """Put into ``state`` what :meth:`replay_for` promises for ``event``, read from the
        open spans, unless this replay has read it already (and may have changed it since)."""
        named_people, named_roles = mentioned(event)
        looked_people, looked_roles = self._looked
        people = {person: _Present.read(db, person) for person in named_people - looked_people}
        roles = set(named_roles)
        for present in people.values():
            roles.update(present.roles if present else ())
        if isinstance(event, Reorg) and event.abolished:
            below = "SELECT key FROM spans WHERE kind = 0 AND ended IS NULL AND reports_to = ?"
            roles.update(str(key) for (key,) in db.execute(below, (event.role,)))
        # The roles above each (rule 3 follows reporting lines up), read a level at a time.
        found: dict[str, _Standing | None] = {}
        wanted = roles - looked_roles
        while wanted:
            for role in wanted:
                found[role] = _Standing.read(db, role)
            above = {row.reports_to for row in map(found.__getitem__, wanted) if row}
            wanted = {role for role in above if role} - looked_roles - found.keys()
        gone_people = {p: _closer(db, _STINT, p) for p, present in people.items() if not present}
        gone_roles = {r: _closer(db, _VERSION, r) for r, standing in found.items() if not standing}
        seqs = {seq for present in people.values() if present for seq in present.events()}
        seqs.update(seq for standing in found.values() if standing for seq in standing.events())
        seqs.update(seq for seq in (*gone_people.values(), *gone_roles.values()) if seq)
        events = self._events(db, seqs)
        log = self.log
        for person, present in people.items():
            if present is not None:
                leave = None if present.leave is None else _of(Leave, events[present.leave], log)
                joined = _of(Hire, events[present.joined], log)
                state.people[person] = PersonNow(joined.name, joined, list(present.roles), leave)
            elif (departed := gone_people[person]) is not None:
                state.departures[person] = _of(Depart, events[departed], log)
        for role, standing in found.items():
            if standing is not None:
                state.roles[role] = RoleNow(
                    role,
                    standing.title,
                    standing.reports_to,
                    _of(CreateRole, events[standing.created], log),
                    events[standing.changed],
                    standing.since,
                )
                if standing.holder is not None:
                    person, acting, seq = standing.holder
                    state.holders[role] = TenureNow(person, acting, events[seq])
            elif (closed := gone_roles[role]) is not None:
                abolition = _of(Reorg, events[closed], log)
                if abolition.abolished:
                    state.abolitions[role] = abolition
        looked_people.update(people)
        looked_roles.update(found)

    def _events(self, db: sqlite3.Connection, seqs: Iterable[int]) -> dict[int, Event]:
        """The events ``seqs``, decoded from the log's own lines."""
        wanted = sorted(seqs)
        if not wanted:
            return {}
        rows: dict[int, array[int]] = {}
        decoder = Decoder()
        found: dict[int, Event] = {}
        with self.log.open("rb") as file:
            for seq in wanted:
                number, at = divmod(seq - 1, _LINES_PER_ROW)
                if number not in rows:
                    row = db.execute(
                        "SELECT starts FROM lines WHERE number = ?", (number,)
                    ).fetchone()
                    if row is None:
                        raise StaleSnapshot(f"{self.log}: its snapshot lacks line {seq}")
                    rows[number] = _offsets(row[0])
                starts = rows[number]
                if at + 1 >= len(starts):
                    raise StaleSnapshot(f"{self.log}: its snapshot lacks line {seq}")
                file.seek(starts[at])
                raw = file.read(starts[at + 1] - starts[at] - 1)
                try:
                    event, _ = decoder.decode_line(raw.removesuffix(b"\r"), take="prev")
                except (InvalidEvent, UnicodeDecodeError):
                    event = None
                if event is None or event.seq != seq:
                    raise StaleSnapshot(f"{self.log}: line {seq} is not where its snapshot says")
                found[seq] = event
        return found


_ROW_COLUMNS = (
    "kind, key, event, event_day, ended, start, created, title, reports_to, person, acting, name"
)


def _rows(
    cursor: Iterable[tuple[Any, ...]],
) -> tuple[list[VersionRow], list[TenureRow], list[StintRow], list[AbsenceRow]]:
    """Spans as ``_ROW_COLUMNS`` gives them, as the rows a chart is made of, by kind."""
    versions, tenures, stints, absences = [], [], [], []
    for (
        kind,
        key,
        event,
        day,
        ended,
        start,
        created,
        title,
        reports_to,
        person,
        acting,
        name,
    ) in cursor:
        began = _start(start, day)
        first = day if start is None else began.start.toordinal()
        if kind == _VERSION:
            versions.append(VersionRow(key, first, ended, title, reports_to, created))
        elif kind == _TENURE:
            tenures.append(TenureRow(key, first, ended, person, bool(acting), began, (day, event)))
        elif kind == _STINT:
            stints.append(StintRow(key, first, ended, name, began, event))
        else:
            absences.append(AbsenceRow(key, first, ended))
    return versions, tenures, stints, absences


def _chart_index(db: sqlite3.Connection) -> ChartIndex:
    """A chart index of every span of the snapshot."""
    return ChartIndex(*_rows(db.execute(f"SELECT {_ROW_COLUMNS} FROM spans")))


def _closer(db: sqlite3.Connection, kind: int, key: str) -> int | None:
    """The seq of the event that closed the last span of ``kind`` of ``key`` (a person's
    departure, a role's abolition), if its last span is closed."""
    row = db.execute(
        "SELECT ended_by FROM spans WHERE kind = ? AND key = ? "
        "ORDER BY event_day DESC, event DESC LIMIT 1",
        (kind, key),
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


@attrs.frozen
class _Present:
    """Someone in the organisation at the end of the log, as the open spans have them."""

    joined: int
    leave: int | None
    roles: tuple[str, ...]
    """In the order they were taken (replay order of the tenures' events)."""

    @classmethod
    def read(cls, db: sqlite3.Connection, person: str) -> _Present | None:
        open_span = "SELECT event FROM spans WHERE kind = ? AND key = ? AND ended IS NULL"
        stint = db.execute(open_span, (_STINT, person)).fetchone()
        if stint is None:
            return None
        leave = db.execute(open_span, (_ABSENCE, person)).fetchone()
        held = db.execute(
            "SELECT key FROM spans WHERE kind = 1 AND ended IS NULL AND person = ? "
            "ORDER BY event_day, event",
            (person,),
        ).fetchall()
        return cls(stint[0], None if leave is None else leave[0], tuple(r[0] for r in held))

    def events(self) -> list[int]:
        return [self.joined] if self.leave is None else [self.joined, self.leave]


@attrs.frozen
class _Standing:
    """A role that exists at the end of the log, and its holder, as the open spans have them."""

    title: str
    reports_to: str | None
    created: int
    changed: int
    since: PartialDate
    holder: tuple[str, bool, int] | None

    @classmethod
    def read(cls, db: sqlite3.Connection, role: str) -> _Standing | None:
        version = db.execute(
            "SELECT title, reports_to, created, event, start, event_day FROM spans "
            "WHERE kind = 0 AND key = ? AND ended IS NULL",
            (role,),
        ).fetchone()
        if version is None:
            return None
        title, reports_to, created, changed, start, day = version
        holder = db.execute(
            "SELECT person, acting, event FROM spans WHERE kind = 1 AND key = ? AND ended IS NULL",
            (role,),
        ).fetchone()
        held = None if holder is None else (str(holder[0]), bool(holder[1]), int(holder[2]))
        return cls(title, reports_to, created, changed, _start(start, day), held)

    def events(self) -> list[int]:
        held = [] if self.holder is None else [self.holder[2]]
        return [self.created, self.changed, *held]


def _rollback(db: sqlite3.Connection) -> None:
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _append_moves(db: sqlite3.Connection, day: int, moves: Sequence[int]) -> None:
    """Add changes on ``day`` (no earlier than any change kept) to the last block, or to a new one,
    with its checkpoint, when the last is full (:func:`~orgsim.replay.intervals.changes_between`).
    The last block's checkpoint is read only then: an append reads and writes its changes."""
    if not moves:
        return
    row = db.execute(
        "SELECT number, length(open), days, moves FROM blocks ORDER BY number DESC LIMIT 1"
    ).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO blocks VALUES (0, ?, ?, ?, ?)",
            (day, _blob(()), _blob([day] * len(moves)), _blob(moves)),
        )
        return
    number, open_bytes, days_blob, moves_blob = row
    days, kept = _ints(days_blob), _ints(moves_blob)
    if len(kept) + len(moves) <= changes_between(open_bytes // _INT_BYTES):
        days.extend([day] * len(moves))
        kept.extend(moves)
        db.execute(
            "UPDATE blocks SET days = ?, moves = ? WHERE number = ?",
            (days.tobytes(), kept.tobytes(), number),
        )
        return
    (open_blob,) = db.execute("SELECT open FROM blocks WHERE number = ?", (number,)).fetchone()
    open_now = dict.fromkeys(_ints(open_blob))
    _apply(open_now, kept)
    db.execute(
        "INSERT INTO blocks VALUES (?, ?, ?, ?, ?)",
        (number + 1, day, _blob(open_now), _blob([day] * len(moves)), _blob(moves)),
    )


def _labels(rows: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    for key, label in rows:
        labels.setdefault(key, set()).add(label)
    return labels


def _day(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


_E = TypeVar("_E", bound=Event)


def _of(kind: type[_E], event: Event, log: Path) -> _E:
    """``event``, which the snapshot says is a ``kind``; stale when the log says otherwise."""
    if not isinstance(event, kind):
        raise StaleSnapshot(f"{log}: event #{event.seq} is not what its snapshot says")
    return event
