"""A store in PostgreSQL, for a log that several people or services keep at once.

It keeps exactly what the file stores keep: one row per event holding the codec's canonical line
and the hash chain's ``prev``, so a log converts between all three stores without loss and keeps
its hashes, and ``verify`` works the same. One database holds many logs, one per organisation,
named in the URL (``postgresql://host/db?log=acme``; ``main`` when not given).

Append-only by construction: triggers refuse ``UPDATE``, ``DELETE`` and ``TRUNCATE`` on both
tables, and an insert that is not the next ``seq`` of its log. Writers never hold a lock while
they work: an append reads the log's last row and inserts the next ones in one transaction, and
the primary key ``(log, seq)`` lets only one of two writers that read the same end commit; the
other gets :class:`~orgsim.errors.ConcurrentAppend` and reloads, as with the file stores.

The driver is psycopg 3, the ``postgres`` extra (``pip install 'orgsim[postgres]'``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from orgsim.errors import ConcurrentAppend, NotFound, OrgsimError
from orgsim.log.events import Event
from orgsim.progress import Progress
from orgsim.store.base import StoredLog, Verification, check_numbering, check_rows
from orgsim.store.chain import GENESIS, digest, extend, link
from orgsim.store.head import Head

if TYPE_CHECKING:
    import psycopg

__all__ = ["SCHEMES", "PostgresStore", "is_url"]

#: What a ``--log`` starts with to name a PostgreSQL log.
SCHEMES = ("postgresql://", "postgres://")

_LOG_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS orgsim_logs (
    name text PRIMARY KEY,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS orgsim_events (
    log text NOT NULL REFERENCES orgsim_logs (name),
    seq integer NOT NULL CHECK (seq > 0),
    line text NOT NULL,
    prev text NOT NULL,
    PRIMARY KEY (log, seq)
);
CREATE OR REPLACE FUNCTION orgsim_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'orgsim logs are append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
END $$;
CREATE OR REPLACE FUNCTION orgsim_next_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq <> COALESCE((SELECT max(seq) FROM orgsim_events WHERE log = NEW.log), 0) + 1 THEN
        RAISE EXCEPTION 'orgsim log %: an event must take the next seq, not %', NEW.log, NEW.seq;
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER orgsim_events_next BEFORE INSERT ON orgsim_events
    FOR EACH ROW EXECUTE FUNCTION orgsim_next_seq();
CREATE OR REPLACE TRIGGER orgsim_events_append_only BEFORE UPDATE OR DELETE ON orgsim_events
    FOR EACH ROW EXECUTE FUNCTION orgsim_append_only();
CREATE OR REPLACE TRIGGER orgsim_events_no_truncate BEFORE TRUNCATE ON orgsim_events
    FOR EACH STATEMENT EXECUTE FUNCTION orgsim_append_only();
CREATE OR REPLACE TRIGGER orgsim_logs_append_only BEFORE UPDATE OR DELETE ON orgsim_logs
    FOR EACH ROW EXECUTE FUNCTION orgsim_append_only();
CREATE OR REPLACE TRIGGER orgsim_logs_no_truncate BEFORE TRUNCATE ON orgsim_logs
    FOR EACH STATEMENT EXECUTE FUNCTION orgsim_append_only();
"""

# One key for pg_advisory_xact_lock, so that two first `init`s do not race on the schema.
_SCHEMA_LOCK = 0x6F7267_73696D


def is_url(where: object) -> bool:
    """Whether ``where`` names a PostgreSQL log rather than a file."""
    return isinstance(where, str) and where.startswith(SCHEMES)


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise OrgsimError(
            "a postgresql:// log needs the psycopg driver: pip install 'orgsim[postgres]'"
        ) from None
    return psycopg


def _one_line(error: Exception) -> str:
    """A driver's message, which can run over several lines, as one."""
    return " ".join(str(error).split()) or type(error).__name__


class PostgresStore:
    """A log in a PostgreSQL database: the rows of one log (``?log=NAME``) of its tables."""

    def __init__(self, url: str, *, log: str | None = None) -> None:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        named = [value for key, value in query if key == "log"]
        self.log = log or (named[-1] if named else "main")
        if not _LOG_NAME.fullmatch(self.log) or len(self.log) > 64:
            raise OrgsimError(
                f"log name {self.log!r}: use lower-case letters, digits, - and _ (at most 64)"
            )
        rest = [(key, value) for key, value in query if key != "log"]
        self._conninfo = urlunsplit(parts._replace(query=urlencode(rest, safe="/")))
        # Never show a password in a message.
        shown = parts._replace(netloc=re.sub(r":[^@/]*@", ":***@", parts.netloc))
        self._connection: psycopg.Connection[Any] | None = None
        self._pid = os.getpid()
        query_shown = urlencode([*rest, ("log", self.log)], safe="/")
        self._display = urlunsplit(shown._replace(query=query_shown))

    @property
    def name(self) -> str:
        return self._display

    @property
    def title(self) -> str:
        return self.log

    def __repr__(self) -> str:
        return f"PostgresStore({self._display!r})"

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection[Any]]:
        """The store's connection, opened on first use and kept (a new PostgreSQL connection
        costs a server process); dropped after an error, and never shared with a forked child."""
        psycopg = _driver()
        db = self._connection
        if db is None or db.closed or db.broken or self._pid != os.getpid():
            try:
                db = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
            except psycopg.Error as error:
                raise OrgsimError(f"{self.name}: cannot connect: {_one_line(error)}") from None
            self._connection, self._pid = db, os.getpid()
        try:
            yield db
        except psycopg.errors.UndefinedTable:
            self.close()
            raise NotFound(
                f"{self.name}: this database holds no orgsim logs; `orgsim init` makes one"
            ) from None
        except psycopg.Error as error:
            self.close()
            raise OrgsimError(f"{self.name}: {_one_line(error)}") from None

    def close(self) -> None:
        """Close the connection (the next use opens another)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def create(self) -> None:
        """Create the tables (once per database) and this log, empty; refused if it exists."""
        psycopg = _driver()
        with self._connect() as db, db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            db.execute(_SCHEMA)
            try:
                with db.transaction():
                    db.execute("INSERT INTO orgsim_logs (name) VALUES (%s)", (self.log,))
            except psycopg.errors.UniqueViolation:
                raise OrgsimError(f"{self.name}: a log is already there") from None

    def read(self, progress: Progress | None = None) -> StoredLog:
        stored = self._load()[0]
        if progress is not None:
            progress(1.0)
        return stored

    def verify(self, expect: Head | None = None) -> Verification:
        """Read every event, checking the hash chain and, with ``expect``, that the log still
        holds that head (see :meth:`JsonlStore.verify`; a database log has no pin file)."""
        stored, head, hash_at = self._load(expect.seq if expect else None)
        return Verification.of(stored, head, expect, hash_at)

    def _load(self, at: int | None = None) -> tuple[StoredLog, str, str | None]:
        with self._connect() as db, db.transaction():
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self._exists(db)
            rows = db.execute(
                "SELECT seq, line, prev FROM orgsim_events WHERE log = %s ORDER BY seq",
                (self.log,),
            ).fetchall()
        return check_rows(self.name, rows, at)

    def _exists(self, db: psycopg.Connection[Any]) -> None:
        found = db.execute("SELECT 1 FROM orgsim_logs WHERE name = %s", (self.log,)).fetchone()
        if found is None:
            raise NotFound(f"{self.name}: no such log in this database; `orgsim init` makes one")

    def append(self, events: Sequence[Event], expected_seq: int) -> Head:
        check_numbering(self.name, events, expected_seq)
        psycopg = _driver()
        with self._connect() as db:
            try:
                with db.transaction():
                    self._exists(db)
                    last = db.execute(
                        "SELECT seq, line, prev FROM orgsim_events WHERE log = %s "
                        "ORDER BY seq DESC LIMIT 1",
                        (self.log,),
                    ).fetchone()
                    actual = last[0] if last else 0
                    if actual != expected_seq:
                        raise ConcurrentAppend(self.name, expected_seq, actual)
                    head = digest(link(last[1], last[2]).encode("utf-8")) if last else GENESIS
                    rows = [
                        (self.log, event.seq, line, prev)
                        for event, (line, prev) in zip(events, extend(events, head), strict=True)
                    ]
                    with db.cursor() as cursor:
                        cursor.executemany(
                            "INSERT INTO orgsim_events (log, seq, line, prev) "
                            "VALUES (%s, %s, %s, %s)",
                            rows,
                        )
            except (psycopg.errors.UniqueViolation, psycopg.errors.RaiseException):
                # Another writer read the same end and committed first: the key (log, seq) is
                # taken, or the next-seq trigger already sees the other writer's rows.
                now = db.execute(
                    "SELECT COALESCE(max(seq), 0) FROM orgsim_events WHERE log = %s", (self.log,)
                ).fetchone()
                raise ConcurrentAppend(self.name, expected_seq, now[0] if now else 0) from None
        if not rows:
            return Head(actual, head)
        _, seq, line, prev = rows[-1]
        return Head(seq, digest(link(line, prev).encode("utf-8")))
