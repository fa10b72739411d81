"""Fuzzing the loader: whatever bytes a log file holds, loading it either succeeds or raises an
OrgsimError (never another exception); and a chained log that was damaged and still loads has
kept every event but possibly its last one."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import orgsim
from orgsim import Event, JsonlStore, OrgsimError, SqliteStore
from orgsim.strategies import valid_logs


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def load(path: Path) -> tuple[Event, ...] | None:
    """The events of the log at ``path``, or None when orgsim refuses it (as it may)."""
    try:
        return orgsim.load(path).events
    except OrgsimError:
        return None


JSONISH = st.lists(
    st.sampled_from(
        ['{"seq": 1, ', '"kind": "hire", ', '"on": "2024", ', '"prev": "', "}", "\n", "\r\n"]
    )
    | st.text(max_size=8),
    max_size=20,
).map(lambda parts: "".join(parts).encode("utf-8", errors="surrogatepass"))


@given(st.binary(max_size=4000) | JSONISH)
def test_any_bytes_load_or_raise_an_orgsim_error(data: bytes) -> None:
    with scratch() as directory:
        path = directory / "fuzz.jsonl"
        path.write_bytes(data)
        load(path)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one to three random changes: a line's source rewritten (still a valid
    event: only the hash chain can see it), a byte flipped, bytes deleted or inserted, the end
    cut off, a line repeated, two lines swapped."""
    for _ in range(draw(st.integers(1, 3))):
        lines = data.splitlines(keepends=True)
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(
            st.sampled_from(["edit", "flip", "delete", "insert", "truncate", "repeat", "swap"])
        )
        if kind == "edit" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = re.sub(rb'"source": "[^"]*"', b'"source": "edited"', lines[i])
            data = b"".join(lines)
        elif kind == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        elif kind == "truncate":
            data = data[:at]
        elif kind in {"repeat", "swap"} and lines:
            i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            if kind == "repeat":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"".join(lines)
    return data


@given(valid_logs(max_events=15), st.data())
def test_a_damaged_chained_log_is_refused_or_keeps_all_but_its_last_event(
    events: list[Event], data: st.DataObject
) -> None:
    with scratch() as directory:
        path = directory / "log.jsonl"
        JsonlStore(path).append(events, 0)
        path.write_bytes(data.draw(damaged(path.read_bytes())))
        loaded = load(path)
        if loaded:  # the chain vouches for every line that has a line after it
            assert loaded[:-1] == tuple(events[: len(loaded) - 1])


@given(valid_logs(max_events=8), st.data())
def test_a_damaged_sqlite_file_loads_or_raises_an_orgsim_error(
    events: list[Event], data: st.DataObject
) -> None:
    with scratch() as directory:
        path = directory / "log.sqlite"
        SqliteStore(path).append(events, 0)
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
        flips = data.draw(st.lists(st.integers(0, path.stat().st_size - 1), max_size=8))
        damaged = bytearray(path.read_bytes())
        for at in flips:
            damaged[at] ^= 0xFF
        path.write_bytes(bytes(damaged))
        (directory / "log.sqlite-wal").unlink(missing_ok=True)
        (directory / "log.sqlite-shm").unlink(missing_ok=True)
        load(path)
