"""Projections of your own: fold a log into a read model kept in SQLite, and keep it caught up.

A *read model* is any table a question is easier to answer from than the log: headcount per
month, hires per source, whatever a report needs. A :class:`Projection` says how one event
changes it. :func:`project` feeds it every event it has not seen yet, in the log's own order
(by ``seq``, as a subscriber would receive them), and keeps a *checkpoint* in the same database:
the last seq folded in, with a fingerprint of that event. The changes of each run are
committed with the checkpoint in one transaction, so a run cut short leaves the read model
where it was, never half a run ahead. The next run catches up from the checkpoint.
:func:`rebuild` drops the read model and folds the whole log again. A projection is correct
when both give the same tables, however the log was split between runs
(tests/property/test_projections.py proves it for :class:`Headcount`).

Events arrive in ``seq`` order, not in the order they took effect. A hire logged late (rule 4)
comes after events dated later, and a retraction names an event the projection saw earlier.
So a projection either keeps facts that do not depend on order (a count per month, adjusted
by each event), or it asks :attr:`Seen.event` for what it needs. orgsim's own timeline is a
projection of the same log, one that replays in date order and rebuilds every time: see
docs/tutorials/projections.md.

May import: errors, log, organisation.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import ClassVar

import attrs

from orgsim.errors import OrgsimError
from orgsim.log.codec import encode_line
from orgsim.log.events import Depart, Event, Hire, Retract
from orgsim.organisation import Organisation

__all__ = ["CaughtUp", "Headcount", "Projection", "Seen", "project", "rebuild"]

_CHECKPOINTS = """
CREATE TABLE IF NOT EXISTS orgsim_checkpoints (
    projection TEXT PRIMARY KEY,  -- the projection's name
    seq INTEGER NOT NULL,         -- the last event folded in
    fingerprint TEXT NOT NULL     -- the SHA-256 of that event's line: the same log, unchanged
)
"""


def fingerprint(event: Event) -> str:
    """What a checkpoint remembers of the last event it folded in."""
    return hashlib.sha256(encode_line(event).encode("utf-8")).hexdigest()


@attrs.frozen
class Seen:
    """What a projection may ask about the log while it folds one event: every event up to
    it, by seq (a retraction names one of them)."""

    events: Sequence[Event]
    """The log's events, ``events[seq - 1]`` being event ``seq``."""

    def event(self, seq: int) -> Event:
        return self.events[seq - 1]


class Projection(abc.ABC):
    """A read model in SQLite and how each event changes it.

    ``name`` keys its checkpoint, so two projections share a database without sharing a
    checkpoint. ``tables`` lists the tables :func:`rebuild` drops; ``schema`` creates them
    (``CREATE TABLE IF NOT EXISTS``: it runs before every catch-up)."""

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    schema: ClassVar[str]

    @abc.abstractmethod
    def apply(self, db: sqlite3.Connection, event: Event, seen: Seen) -> None:
        """Change the read model for ``event``: one of the log, in ``seq`` order, each once."""


@attrs.frozen
class CaughtUp:
    """What one :func:`project` run did: it folded in the events after ``start`` up to
    ``end`` (both seqs; ``start == end`` when the read model was already caught up)."""

    projection: str
    start: int
    end: int

    @property
    def applied(self) -> int:
        return self.end - self.start


def project(
    projection: Projection, org: Organisation, database: str | Path, *, upto: int | None = None
) -> CaughtUp:
    """Fold into ``database`` the events of ``org``'s log that ``projection`` has not seen yet
    (up to seq ``upto``, or the last), and move its checkpoint to the last of them.

    A checkpoint whose event is not the log's event at that seq (another log, or one rewritten
    since) is refused: the read model says nothing true about this log, and only
    :func:`rebuild` can make it do so."""
    events = org.events
    last = len(events) if upto is None else upto
    if not 0 <= last <= len(events):
        raise OrgsimError(f"upto must be a seq of the log, 0 to {len(events)}, not {upto}")
    with _transaction(database) as db:
        for statement in _statements(_CHECKPOINTS, projection.schema):
            try:
                db.execute(statement)
            except sqlite3.Error as error:
                raise OrgsimError(f"{database}: {projection.name}'s schema: {error}") from None
        start = _checkpoint(db, projection, events)
        if last < start:
            raise OrgsimError(
                f"{projection.name} has already folded in up to #{start}; it cannot go back "
                f"to #{last} (rebuild it to start again)"
            )
        seen = Seen(events)
        for event in events[start:last]:
            try:
                projection.apply(db, event, seen)
            except sqlite3.Error as error:
                raise OrgsimError(
                    f"{database}: {projection.name} failed on {org.place(event.seq)} "
                    f"({event.brief()}): {error}; nothing of this run was kept"
                ) from None
        if last > start:
            db.execute(
                "INSERT INTO orgsim_checkpoints (projection, seq, fingerprint) VALUES (?, ?, ?) "
                "ON CONFLICT (projection) DO UPDATE SET seq = excluded.seq, "
                "fingerprint = excluded.fingerprint",
                (projection.name, last, fingerprint(events[last - 1])),
            )
    return CaughtUp(projection.name, start, last)


def rebuild(projection: Projection, org: Organisation, database: str | Path) -> CaughtUp:
    """Drop ``projection``'s tables and checkpoint, and fold the whole log in again."""
    with _transaction(database) as db:
        for table in projection.tables:
            db.execute(f'DROP TABLE IF EXISTS "{table}"')
        for statement in _statements(_CHECKPOINTS):
            db.execute(statement)
        db.execute("DELETE FROM orgsim_checkpoints WHERE projection = ?", (projection.name,))
    return project(projection, org, database)


def _connect(database: str | Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(database, isolation_level=None)
    except sqlite3.Error as error:
        raise OrgsimError(f"{database}: cannot open the read model's database: {error}") from None


@contextmanager
def _transaction(database: str | Path) -> Iterator[sqlite3.Connection]:
    """A connection inside one write transaction: committed when the block ends, rolled back
    when it raises; a file that is not a database is refused with its name."""
    with closing(_connect(database)) as db:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise OrgsimError(f"{database}: not a read model's database: {error}") from None
        try:
            yield db
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as error:
            raise OrgsimError(f"{database}: the read model could not be saved: {error}") from None


def _statements(*scripts: str) -> Iterator[str]:
    """The statements of schemas, one at a time, so that they run inside the transaction
    (``executescript`` would commit it first). A semicolon inside a string or a comment does
    not end a statement: SQLite's own ``complete_statement`` says where one ends."""
    for script in scripts:
        pending = ""
        for part in script.split(";"):
            pending += part + ";"
            if sqlite3.complete_statement(pending):
                if pending.strip(" \t\n;"):
                    yield pending
                pending = ""
        if pending.strip(" \t\n;"):
            yield pending


def _checkpoint(db: sqlite3.Connection, projection: Projection, events: Sequence[Event]) -> int:
    row = db.execute(
        "SELECT seq, fingerprint FROM orgsim_checkpoints WHERE projection = ?",
        (projection.name,),
    ).fetchone()
    if row is None:
        return 0
    seq, known = row
    if seq > len(events) or fingerprint(events[seq - 1]) != known:
        raise OrgsimError(
            f"{projection.name}: its checkpoint is event #{seq} of another log (or of this one "
            "before it was rewritten); rebuild the read model"
        )
    return int(seq)


class Headcount(Projection):
    """People joining and leaving per month, and so the headcount at the end of each month.

    A hire counts in the month it took effect (an imprecise date at its start, as replay
    places it), a departure likewise, and a retraction takes back what its event counted. The
    counts do not depend on the order events arrive in, which is what lets this projection
    fold events in ``seq`` order and still agree with the replay, backdated events included."""

    name = "headcount"
    tables = ("headcount_months",)
    schema = """
    CREATE TABLE IF NOT EXISTS headcount_months (
        month TEXT PRIMARY KEY,       -- YYYY-MM
        joined INTEGER NOT NULL DEFAULT 0,
        departed INTEGER NOT NULL DEFAULT 0
    )
    """

    def apply(self, db: sqlite3.Connection, event: Event, seen: Seen) -> None:
        sign = 1
        if isinstance(event, Retract):
            event, sign = seen.event(event.target), -1
        if isinstance(event, Hire | Depart):
            column = "joined" if isinstance(event, Hire) else "departed"
            month = _month(event)
            db.execute(
                f"INSERT INTO headcount_months (month, {column}) VALUES (?, ?) "
                f"ON CONFLICT (month) DO UPDATE SET {column} = {column} + excluded.{column}",
                (month, sign),
            )

    @staticmethod
    def months(database: str | Path) -> list[tuple[str, int, int, int]]:
        """(month, joined, departed, headcount at its end) for each month with a change."""
        with closing(_connect(database)) as db:
            rows = db.execute(
                "SELECT month, joined, departed FROM headcount_months "
                "WHERE joined != 0 OR departed != 0 ORDER BY month"
            ).fetchall()
        total, found = 0, []
        for month, joined, departed in rows:
            total += joined - departed
            found.append((month, joined, departed, total))
        return found


def _month(event: Event) -> str:
    day: dt.date = event.on.start  # where replay places the event (rule 5)
    return f"{day.year:04d}-{day.month:02d}"
