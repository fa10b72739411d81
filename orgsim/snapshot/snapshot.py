"""An open snapshot, and every answer read from it: charts, lookups, the replay state an append
needs, and the update an append makes.

Each answer is read in a transaction that first checks the key: a snapshot that no longer
matches its log says so (:class:`~orgsim.errors.StaleSnapshot`) and is never believed.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from orgsim.collector import quiet_collector
from orgsim.errors import StaleSnapshot
from orgsim.log.events import Event
from orgsim.questions.chart import Chart
from orgsim.questions.chart_index import (
    AbsenceRow,
    ChartIndex,
    Charts,
    StintRow,
    TenureRow,
    VersionRow,
)
from orgsim.replay.names import resolve_name
from orgsim.replay.replay import Replay
from orgsim.replay.spans import Span, open_intervals
from orgsim.snapshot.blocks import append_moves, open_ids
from orgsim.snapshot.key import LogKey
from orgsim.snapshot.lines import append_line
from orgsim.snapshot.schema import (
    FORMAT,
    ROW_COLUMNS,
    chart_index_of,
    connect,
    insert_span,
    rollback,
    rows_of,
    snapshot_path,
    span_row,
)
from orgsim.snapshot.state import read_state

__all__ = ["Snapshot"]


@attrs.frozen
class OpenRows:
    """The intervals open on a day, as a snapshot's rows (what :meth:`Chart.of` reads)."""

    versions: tuple[VersionRow, ...]
    tenures: tuple[TenureRow, ...]
    stints: tuple[StintRow, ...]
    absences: tuple[AbsenceRow, ...]


class Snapshot:
    """An open snapshot of a log (see the package's introduction): charts, lookups and the
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
            db = connect(path.resolve().as_uri() + "?mode=rw", uri=True)
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
            rollback(db)
            raise StaleSnapshot(f"{self.log}: its snapshot cannot be read: {error}") from None
        if row is None or row[0] != FORMAT or tuple(row[1:]) != self.key.row():
            rollback(db)
            raise StaleSnapshot(f"{self.log}: its snapshot is of another state of the log")
        try:
            yield db
        except sqlite3.Error as error:
            rollback(db)
            raise StaleSnapshot(f"{self.log}: its snapshot cannot be read: {error}") from None
        except BaseException:
            rollback(db)
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
            return chart_index_of(db)

    def _chart(self, day: dt.date) -> Chart:
        with quiet_collector():  # a large chart is hundreds of thousands of objects
            return self._chart_of(day)

    def _chart_of(self, day: dt.date) -> Chart:
        ordinal = day.toordinal()
        with self._reading() as db:
            open_now = open_ids(db, ordinal)
            versions, tenures, stints, absences = rows_of(
                db.execute(
                    f"SELECT {ROW_COLUMNS} FROM spans WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(open_now)),),
                )
            )
        now = OpenRows(
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
            read_state(db, self.log, self._replay.state, event, self._looked)
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
            row = span_row(span)
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
            moves.append(insert_span(db, span))
        append_moves(db, day, moves)
        # The event is at the end (not backdated): it is the replay's latest day.
        db.execute(
            "UPDATE meta SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, seq = ?, tail = ?, "
            "count = ?, first = min(coalesce(first, ?), ?), last = max(coalesce(last, ?), ?)",
            (*key.row(), replay.count, day, day, day, day),
        )
        append_line(db, key.size)


def _labels(rows: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    for key, label in rows:
        labels.setdefault(key, set()).add(label)
    return labels


def _day(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)
