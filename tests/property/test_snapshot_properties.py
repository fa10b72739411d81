"""A snapshot answers, accepts and refuses exactly what the log itself does.

Two copies of one log grow side by side, event by event: one opened from its snapshot (each
append checked on the snapshot's replay state and written into it), the other read whole every
time. Every append must have the same outcome on both, the logs must stay byte for byte the
same, and at the end the snapshot, updated append by append, must answer every chart and lookup
as the log does and hold the same rows as a snapshot written afresh from it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim import Event, load, write_log
from orgsim.errors import OrgsimError
from orgsim.snapshot import snapshot_path
from orgsim.strategies import valid_logs

TODAY = dt.date(2030, 1, 1)
DAYS = st.dates(min_value=dt.date(2019, 12, 1), max_value=dt.date(2021, 6, 1))

#: The rows a snapshot holds, without the ids that differ between one updated and one rebuilt.
_TABLES = {
    "spans": "kind, key, event, event_day, ended, ended_by, start, created, title, reports_to, "
    "person, acting, name",
    "meta": "format, size, mtime_ns, ctime_ns, inode, seq, tail, latest, count, first, last",
}


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return {
            table: sorted(db.execute(f"SELECT {columns} FROM {table}"), key=repr)
            for table, columns in _TABLES.items()
        }


def _outcome(log: Path, event: Event, *, snapshot: bool) -> str:
    org = load(log, snapshot=snapshot)
    try:
        (appended,) = org.append(attrs.evolve(event, seq=0), today=TODAY)
    except OrgsimError as error:
        return f"{type(error).__name__}: {error}".replace(str(log.parent), "DIR")
    return repr(appended)


@settings(max_examples=40, deadline=None)
@given(valid_logs(20), st.integers(0, 20), st.lists(DAYS, min_size=1, max_size=8))
def test_a_log_grown_through_its_snapshot_answers_as_the_log_does(
    events: list[Event], split: int, days: list[dt.date]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        quick, whole = Path(scratch, "a", "log.jsonl"), Path(scratch, "b", "log.jsonl")
        for log in (quick, whole):
            log.parent.mkdir()
            write_log(log, events[:split])
        try:
            load(quick, snapshot=True)  # writes the snapshot the appends go through
        except OrgsimError:
            return  # a prefix of a log with late arrivals need not be valid on its own
        for event in events[split:]:
            expected = _outcome(whole, event, snapshot=False)
            assert _outcome(quick, event, snapshot=True) == expected
        assert quick.read_bytes() == whole.read_bytes()

        answered = load(quick, snapshot=True)
        truth = load(whole, snapshot=False)
        for day in days:
            assert answered.chart(day) == truth.chart(day)
        assert answered.span() == truth.span()
        timeline = truth.timeline()
        for person, stints in timeline.stints.items():
            assert answered.name_of(person) == truth.name_of(person)
            for name in {stint.name for stint in stints}:
                assert _lookup(answered.person_id, name) == _lookup(truth.person_id, name)
        for role, versions in timeline.versions.items():
            for title in {role} | {version.title for version in versions}:
                assert _lookup(answered.role_id, title) == _lookup(truth.role_id, title)

        snapshot = snapshot_path(quick)
        if snapshot.exists() and answered._lazy:  # still fresh: compare with one made anew
            grown = _rows(snapshot)
            snapshot.unlink()
            load(quick, snapshot=True)
            assert grown == _rows(snapshot)


def _lookup(find: object, query: str) -> str:
    assert callable(find)
    try:
        return str(find(query))
    except OrgsimError as error:
        return f"{type(error).__name__}: {error}"
