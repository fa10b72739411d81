"""The snapshot file's layout: its tables and indexes, and how an interval, a date and a list of
ids are written into them and read back.

A snapshot holds four tables: ``meta`` (the key of the log it was made from, and where its
replay stands), ``spans`` (every interval, by kind), ``blocks`` (the day index: checkpoints of
the spans open, and the changes between) and ``lines`` (where each line of the log starts).
A snapshot of another :data:`FORMAT` is stale.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from orgsim.log.dates import PartialDate
from orgsim.questions.chart_index import AbsenceRow, ChartIndex, StintRow, TenureRow, VersionRow
from orgsim.replay.spans import Absence, RoleVersion, Span, Stint, Tenure

__all__ = [
    "ABSENCE",
    "APPLICATION_ID",
    "FORMAT",
    "INDEXES",
    "INT_BYTES",
    "LINES_PER_ROW",
    "ROW_COLUMNS",
    "SCHEMA",
    "SPAN_COLUMNS",
    "STINT",
    "TENURE",
    "VERSION",
    "blob",
    "chart_index_of",
    "connect",
    "date_text",
    "dotted_of",
    "dotted_text",
    "insert_span",
    "ints",
    "offsets",
    "rollback",
    "rows_of",
    "snapshot_path",
    "span_row",
    "start_of",
    "statements",
]


#: The layout of the file; a snapshot of another layout is stale.
FORMAT = 4


#: SQLite's application id of a snapshot ("orgs"): a file at a snapshot's path without it was
#: not written by orgsim, and is never replaced.
APPLICATION_ID = 0x6F726773


#: Line starts kept per row of the ``lines`` table.
LINES_PER_ROW = 4096


#: How long a writer waits for another's transaction on the snapshot before giving up on it.
BUSY_TIMEOUT = 5.0


SCHEMA = """
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
    dotted TEXT,                  -- version: the roles of its dotted lines, space-separated
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
INDEXES = """
CREATE INDEX spans_key ON spans (kind, key, event_day, event);
CREATE INDEX spans_held ON spans (person) WHERE kind = 1 AND ended IS NULL;
CREATE INDEX spans_reports ON spans (reports_to) WHERE kind = 0 AND ended IS NULL;
CREATE INDEX spans_names ON spans (fold(name)) WHERE kind = 2;
CREATE INDEX spans_titles ON spans (fold(title)) WHERE kind = 0;
CREATE INDEX blocks_day ON blocks (first_day, number);
"""


#: The kinds of span, as the ``kind`` column numbers them.
VERSION, TENURE, STINT, ABSENCE = range(4)


SPAN_COLUMNS = (
    "kind, key, event, event_day, ended, ended_by, start, created, title, reports_to, dotted, "
    "person, acting, name"
)


ROW_COLUMNS = (
    "kind, key, event, event_day, ended, start, created, title, reports_to, dotted, person, "
    "acting, name"
)


def fold(text: str | None) -> str | None:
    """A name or title as lookups compare it (any case): the snapshot's indexes of names and
    titles are made with it, so every connection that writes spans registers it."""
    return None if text is None else text.casefold()


def connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """A connection to a snapshot, with what its indexes are made of."""
    db = sqlite3.connect(
        target, isolation_level=None, timeout=BUSY_TIMEOUT, uri=uri, check_same_thread=False
    )
    db.create_function("fold", 1, fold, deterministic=True)
    return db


def rollback(db: sqlite3.Connection) -> None:
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def statements(script: str) -> list[str]:
    """The statements of a script of ours (no ``;`` inside them), to run in a transaction
    (``executescript`` would commit it first)."""
    return [statement for statement in script.split(";") if statement.strip()]


def snapshot_path(log: Path) -> Path:
    """Where the snapshot of the log at ``log`` is kept: beside it, with ``.snapshot`` added."""
    return log.with_name(log.name + ".snapshot")


#: The size of an id or a day in a blob.
INT_BYTES = array("i").itemsize


def ints(blob: bytes) -> array[int]:
    """Ids and days, four bytes each (a day's ordinal and a span's id both fit)."""
    values = array("i")
    values.frombytes(blob)
    return values


def blob(values: Iterable[int]) -> bytes:
    return array("i", values).tobytes()


def offsets(blob: bytes) -> array[int]:
    """Where lines start, eight bytes each (a log may be larger than 2 GB)."""
    values = array("q")
    values.frombytes(blob)
    return values


def span_row(span: Span) -> tuple[object, ...]:
    """A span as the columns of ``spans`` (without its id), in the order of ``SPAN_COLUMNS``."""
    day, start = span.event.on.start, span.start
    common = (
        span.event.seq,
        day.toordinal(),
        None if span.end is None else span.end.start.toordinal(),
        None if span.ended_by is None else span.ended_by.seq,
        # A span begins on its event's date: kept only when that is more than the day.
        None if start.day is not None and start.start == day else date_text(start),
    )
    if isinstance(span, RoleVersion):
        dotted = dotted_text(span.dotted_to)
        extra: tuple[object, ...] = (span.created.seq, span.title, span.reports_to, dotted)
        return (VERSION, span.role, *common, *extra, None, None, None)
    if isinstance(span, Tenure):
        return (TENURE, span.role, *common, *_NO_VERSION, span.person, span.acting, None)
    if isinstance(span, Stint):
        return (STINT, span.person, *common, *_NO_VERSION, None, None, span.name)
    if isinstance(span, Absence):
        return (ABSENCE, span.person, *common, *_NO_VERSION, None, None, None)
    raise TypeError(f"not an interval replay keeps: {span!r}")


_NO_VERSION = (None, None, None, None)


def dotted_text(dotted_to: tuple[str, ...]) -> str | None:
    """A role's dotted lines as the ``dotted`` column holds them (ids never hold a space)."""
    return " ".join(dotted_to) if dotted_to else None


def dotted_of(text: str | None) -> tuple[str, ...]:
    """The ``dotted`` column read back."""
    return () if text is None else tuple(text.split(" "))


@functools.lru_cache(maxsize=1 << 16)
def date_text(date: PartialDate) -> str:
    """A date as the log writes it (dates repeat: a large log has few distinct ones)."""
    return str(date)


@functools.lru_cache(maxsize=1 << 16)
def start_of(text: str | None, day: int) -> PartialDate:
    """The date a span began: as the log gave it, or the day (dates repeat: a large log has
    few distinct ones)."""
    if text is None:
        return PartialDate.of(dt.date.fromordinal(day))
    return PartialDate.parse(text)


INSERT_SPAN = f"INSERT INTO spans (id, {SPAN_COLUMNS}) VALUES ({', '.join('?' * 15)})"


def insert_span(db: sqlite3.Connection, span: Span) -> int:
    """Add ``span`` with the next id, and return the id."""
    cursor = db.execute(INSERT_SPAN, (None, *span_row(span)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def rows_of(
    cursor: Iterable[tuple[Any, ...]],
) -> tuple[list[VersionRow], list[TenureRow], list[StintRow], list[AbsenceRow]]:
    """Spans as ``ROW_COLUMNS`` gives them, as the rows a chart is made of, by kind."""
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
        dotted,
        person,
        acting,
        name,
    ) in cursor:
        began = start_of(start, day)
        first = day if start is None else began.start.toordinal()
        if kind == VERSION:
            versions.append(
                VersionRow(key, first, ended, title, reports_to, created, dotted_of(dotted))
            )
        elif kind == TENURE:
            tenures.append(TenureRow(key, first, ended, person, bool(acting), began, (day, event)))
        elif kind == STINT:
            stints.append(StintRow(key, first, ended, name, began, event))
        else:
            absences.append(AbsenceRow(key, first, ended))
    return versions, tenures, stints, absences


def chart_index_of(db: sqlite3.Connection) -> ChartIndex:
    """A chart index of every span of the snapshot."""
    return ChartIndex(*rows_of(db.execute(f"SELECT {ROW_COLUMNS} FROM spans")))
