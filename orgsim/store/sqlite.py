"""A store in a SQLite database, for large logs and many concurrent writers.

It keeps exactly what the JSON Lines store keeps: one row per event holding the codec's canonical
line and the hash chain's ``prev``, so a log converts between the two without loss and keeps its
hashes. The database is in WAL mode (readers never wait for a writer) with ``synchronous=FULL``
(a committed append is on disk). Each append is one ``BEGIN IMMEDIATE`` transaction, so the
``expected_seq`` check and the inserts cannot be separated by another writer, and a crash leaves
all of an append or none of it. Triggers make the table append-only by construction: an
``UPDATE`` or a ``DELETE`` is aborted, and so is an insert that is not the next ``seq`` (which
also stops ``INSERT OR REPLACE`` from overwriting a row).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from orgsim.errors import ConcurrentAppend, LogFormatError, NotFound, OrgsimError
from orgsim.log.events import Event
from orgsim.progress import Progress
from orgsim.store.base import StoredLog, Verification, check_numbering, check_rows
from orgsim.store.chain import GENESIS, digest, extend, link
from orgsim.store.files import create_empty
from orgsim.store.head import Head, check_pin_before_append, read_pin, write_pin

__all__ = ["SUFFIXES", "SqliteStore"]

#: File name endings that open a SQLite store (everything else is JSON Lines).
SUFFIXES = (".sqlite", ".sqlite3", ".db")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    line TEXT NOT NULL,
    prev TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_insert_next BEFORE INSERT ON events
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
BEGIN SELECT RAISE(ABORT, 'orgsim log: an event must take the next seq (append-only)'); END;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'orgsim log: events are never changed (append-only)'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'orgsim log: events are never deleted (append-only)'); END;
"""

# Writers queue for the write lock; a busy log makes them wait, not fail.
_BUSY_TIMEOUT = 60.0


class SqliteStore:
    """A log in a SQLite database. The file is created by :meth:`create` or the first append."""

    def __init__(self, path: Path, *, title: str | None = None) -> None:
        self.path = path
        self._title = title or path.stem

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def title(self) -> str:
        return self._title

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    def create(self) -> None:
        """Create the database with its table and triggers; refused when a file is there."""
        create_empty(self.path)
        self._connect(write=True).close()

    def read(self, progress: Progress | None = None) -> StoredLog:
        stored = self._load()[0]
        if progress is not None:
            progress(1.0)
        return stored

    def verify(self, expect: Head | None = None) -> Verification:
        """Read every event, checking the hash chain and the expected or pinned head (see
        :meth:`JsonlStore.verify`)."""
        expect = expect or read_pin(self.path)
        stored, head, hash_at = self._load(expect.seq if expect else None)
        return Verification.of(stored, head, expect, hash_at)

    def append(self, events: Sequence[Event], expected_seq: int) -> Head:
        check_numbering(self.name, events, expected_seq)
        db = self._connect(write=True)
        try:
            db.execute("BEGIN IMMEDIATE")
            last = db.execute("SELECT seq, line, prev FROM events ORDER BY seq DESC LIMIT 1")
            row = last.fetchone()
            actual = row[0] if row else 0
            if actual != expected_seq:
                raise ConcurrentAppend(self.name, expected_seq, actual)
            head = digest(link(row[1], row[2]).encode("utf-8")) if row else GENESIS
            pinned = read_pin(self.path)
            check_pin_before_append(self.name, pinned, Head(actual, head))
            rows = [
                (event.seq, line, prev)
                for event, (line, prev) in zip(events, extend(events, head), strict=True)
            ]
            db.executemany("INSERT INTO events (seq, line, prev) VALUES (?, ?, ?)", rows)
            new = Head(actual, head)
            if rows:
                _, line, prev = rows[-1]
                new = Head(expected_seq + len(rows), digest(link(line, prev).encode("utf-8")))
            if pinned is not None:
                # Before COMMIT, under the write lock, so pins follow appends in order; should
                # the COMMIT fail, the pin is ahead of the log and verify says so.
                write_pin(self.path, new)
            db.execute("COMMIT")
            return new
        except sqlite3.Error as error:
            raise OrgsimError(f"{self.name}: the append failed: {error}") from None
        finally:
            db.close()  # closing without COMMIT rolls the transaction back

    def _connect(self, *, write: bool = False) -> sqlite3.Connection:
        """A connection; a writing one also sets WAL mode, full sync, and the schema."""
        try:
            db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT, isolation_level=None)
            if write:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise OrgsimError(f"{self.name}: cannot open the SQLite log: {error}") from None
        return db

    def _load(self, at: int | None = None) -> tuple[StoredLog, str, str | None]:
        """The log, the hash of its last row, and of its row ``at`` (``GENESIS`` for 0)."""
        if not self.path.is_file():
            what = (
                "is a directory, not a log file"
                if self.path.is_dir()
                else f"no such log file (`orgsim init {self.name}` starts one)"
            )
            raise NotFound(f"{self.name}: {what}")
        db = self._connect()
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not tables:  # an empty file: the first append makes the table
                empty = StoredLog(self.name, (), line_of_first=None)
                return empty, GENESIS, GENESIS if at == 0 else None
            rows = db.execute("SELECT seq, line, prev FROM events ORDER BY seq").fetchall()
        except (sqlite3.Error, UnicodeDecodeError) as error:  # a damaged file: text not UTF-8
            raise LogFormatError(self.name, None, f"not an orgsim log: {error}") from None
        finally:
            db.close()
        return check_rows(self.name, rows, at)
