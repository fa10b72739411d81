"""The SQLite store: append-only by construction, the same hash chain, refusals by event."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from orgsim import (
    ChainBroken,
    Hire,
    LogFormatError,
    NotFound,
    OrgsimError,
    SqliteStore,
    encode_line,
)
from tests.helpers import small_org


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "log.sqlite"
    SqliteStore(path).append(small_org(), 0)
    return path


@pytest.fixture
def db(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        yield connection


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE events SET line = 'x' WHERE seq = 2", "never changed"),
        ("DELETE FROM events WHERE seq = 5", "never deleted"),
        ("DELETE FROM events", "never deleted"),
        ("INSERT OR REPLACE INTO events VALUES (2, 'x', 'y')", "must take the next seq"),
        ("INSERT INTO events VALUES (9, 'x', 'y')", "must take the next seq"),
        ("INSERT INTO events (line, prev) VALUES ('x', 'y')", "must take the next seq"),
    ],
)
def test_the_table_refuses_anything_but_the_next_event(
    db: sqlite3.Connection, path: Path, statement: str, refusal: str
) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=refusal):
        db.execute(statement)
    assert SqliteStore(path).read().events == tuple(small_org())


def test_the_database_is_in_wal_mode_and_stores_the_canonical_lines(
    db: sqlite3.Connection,
) -> None:
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    lines = [row[0] for row in db.execute("SELECT line FROM events ORDER BY seq")]
    assert lines == [encode_line(e) for e in small_org()]


def tamper(db: sqlite3.Connection, *statements: str) -> None:
    """What someone with the file and the sqlite3 shell can do: drop the guards, then edit."""
    db.execute("DROP TRIGGER events_no_update")
    db.execute("DROP TRIGGER events_no_delete")
    for statement in statements:
        db.execute(statement)


def refusal(path: Path) -> LogFormatError:
    with pytest.raises(LogFormatError) as caught:
        SqliteStore(path).read()
    return caught.value


def test_an_edited_event_breaks_the_chain_at_the_next_one(
    db: sqlite3.Connection, path: Path
) -> None:
    tamper(db, "UPDATE events SET line = replace(line, 'CTO', 'CIO') WHERE seq = 2")
    error = refusal(path)
    assert isinstance(error, ChainBroken)
    assert str(error).startswith(f"{path}, event #3: the hash chain breaks here")
    assert "event #2 or this one was edited" in str(error)


def test_a_deleted_event_leaves_a_gap(db: sqlite3.Connection, path: Path) -> None:
    tamper(db, "DELETE FROM events WHERE seq = 3")
    assert str(refusal(path)) == f"{path}, event #3: the row has seq 4: a gap in the log"


def test_a_line_that_is_not_an_event_is_refused_with_its_seq(
    db: sqlite3.Connection, path: Path
) -> None:
    tamper(db, "UPDATE events SET line = '{\"seq\": 2' WHERE seq = 2")
    assert str(refusal(path)).startswith(f"{path}, event #2: not valid JSON")


def test_a_line_that_is_not_text_is_refused(db: sqlite3.Connection, path: Path) -> None:
    tamper(db, "UPDATE events SET line = X'7b7d' WHERE seq = 1")
    assert str(refusal(path)) == f"{path}, event #1: the line is bytes, not text"


def test_an_event_whose_own_seq_disagrees_with_its_row_is_refused(
    db: sqlite3.Connection, path: Path
) -> None:
    tamper(db, "UPDATE events SET line = replace(line, '\"seq\": 5', '\"seq\": 6') WHERE seq = 5")
    assert "has seq 6 where 5 was expected" in str(refusal(path))


def test_an_empty_file_is_an_empty_log_until_the_first_append(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    store = SqliteStore(path)
    assert store.read().events == ()
    store.append(small_org(), 0)
    assert store.read().events == tuple(small_org())


def test_a_file_that_is_not_an_orgsim_database_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all " * 200)
    with pytest.raises(LogFormatError, match="not an orgsim log: file is not a database"):
        SqliteStore(garbage).read()
    hire = Hire(seq=1, on="2021", source="s", person="x", name="X")
    with pytest.raises(OrgsimError, match="cannot open the SQLite log"):
        SqliteStore(garbage).append([hire], 0)
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE things (x)")
    with pytest.raises(LogFormatError, match="no such table: events"):
        SqliteStore(other).read()


def test_missing_file_or_a_directory_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such log file"):
        SqliteStore(tmp_path / "nope.sqlite").read()
    assert not (tmp_path / "nope.sqlite").exists()
    with pytest.raises(NotFound, match="is a directory"):
        SqliteStore(tmp_path).read()


def test_places_are_event_numbers(path: Path) -> None:
    assert SqliteStore(path).read().place(3) == f"{path}, event #3"
