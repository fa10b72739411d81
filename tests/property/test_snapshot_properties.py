"""A snapshot answers, accepts and refuses exactly what the log itself does.

Two copies of one log grow side by side, event by event: one opened from its snapshot (each
append checked on the snapshot's replay state and written into it), the other read whole every
time. Every append must have the same outcome on both, the logs must stay byte for byte the
same, and at the end the snapshot, updated append by append, must answer every chart and lookup
as the log does and hold the same rows as a snapshot written afresh from it. The events grown
include late arrivals (backdated) and retractions, which the snapshot hands to the log itself.
And a log edited by hand to the same size, its modification time set back, is never answered
for by the snapshot of what it was.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from pathlib import Path

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from orgsim import Event, Hire, Organisation, PartialDate, Retract, Timeline, load, write_log
from orgsim.errors import OrgsimError
from orgsim.snapshot import snapshot_path
from orgsim.strategies import breaking_events, valid_logs

TODAY = dt.date(2030, 1, 1)
DAYS = st.dates(min_value=dt.date(2019, 12, 1), max_value=dt.date(2021, 6, 1))

#: The rows a snapshot holds, without the ids that differ between one updated and one rebuilt.
_TABLES = {
    "spans": "kind, key, event, event_day, ended, ended_by, start, created, title, reports_to, "
    "person, acting, name",
    "meta": "format, size, mtime_ns, ctime_ns, inode, seq, tail, count, first, last",
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


def _answers(log: Path, days: list[dt.date], people: list[str], *, snapshot: bool) -> object:
    """The charts of ``log`` on ``days`` and the names of ``people`` (what a snapshot answers
    by itself), or the error that refuses them."""
    try:
        org = load(log, snapshot=snapshot)
        charts = [attrs.evolve(org.chart(day), organisation=None) for day in days]
        return charts, org.span(), [_lookup(org.name_of, person) for person in people]
    except OrgsimError as error:
        return f"{type(error).__name__}: {error}"


@settings(max_examples=40, deadline=None)
@given(valid_logs(20), st.data(), st.lists(DAYS, min_size=1, max_size=6))
def test_a_same_size_hand_edit_with_its_modification_time_set_back_is_never_hidden(
    events: list[Event], data: st.DataObject, days: list[dt.date]
) -> None:
    """Someone edits a name or a title in the log by hand, keeping its length, and sets the
    file's modification time back: the snapshot must not answer for the log it no longer is
    (the log itself then answers, or refuses: its hash chain no longer holds)."""
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch, "log.jsonl")
        write_log(log, events)
        try:
            load(log, snapshot=True)  # writes the snapshot
        except OrgsimError:
            return
        assume(snapshot_path(log).exists())
        lines = log.read_bytes().splitlines(keepends=True)
        named = [n for n, line in enumerate(lines) if b'"name": "' in line or b'"title": "' in line]
        assume(named)
        number = data.draw(st.sampled_from(named))
        line = lines[number]
        field = b'"name": "' if b'"name": "' in line else b'"title": "'
        at = line.index(field) + len(field)
        letter = line[at : at + 1]
        assume(letter.isascii() and letter.isalpha())
        lines[number] = line[:at] + (b"Q" if letter != b"Q" else b"Z") + line[at + 1 :]
        before = log.stat()
        log.write_bytes(b"".join(lines))
        os.utime(log, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert log.stat().st_size == before.st_size
        people = sorted({e.person for e in events if isinstance(e, Hire)})
        found = _answers(log, days, people, snapshot=True)
        assert found == _answers(log, days, people, snapshot=False)


def _append(org: Organisation, event: Event, log: Path) -> str:
    """What appending ``event`` to ``org`` (whose log is at ``log``) gives: the event, or the
    error that refuses it, its log named LOG."""
    try:
        (appended,) = org.append(attrs.evolve(event, seq=0), today=TODAY)
    except OrgsimError as error:
        return f"{type(error).__name__}: {error}".replace(str(log), "LOG")
    return repr(appended)


@settings(max_examples=150, deadline=None)
@given(valid_logs(20), st.data())
def test_events_aimed_at_every_rule_get_the_same_answer_through_the_snapshot(
    events: list[Event], data: st.DataObject
) -> None:
    """An append through a snapshot reads only what its event touches. Events aimed at each
    rule (a holder's role taken, someone absent promoted, a role abolished with reports or
    moved under its own report, a second leave...), dated on the log's last day so that they
    go through the snapshot, must each be accepted or refused exactly as by the log read
    whole, one after another in one process (the replay kept between appends) and in fresh
    ones."""
    applied = Timeline.build(events).applied
    assume(applied)
    last = PartialDate.of(applied[-1].on.start)
    with tempfile.TemporaryDirectory() as scratch:
        quick, whole = Path(scratch, "a", "log.jsonl"), Path(scratch, "b", "log.jsonl")
        for log in (quick, whole):
            log.parent.mkdir()
            write_log(log, events)
        load(quick, snapshot=True)
        kept_quick, kept_whole = load(quick), load(whole, snapshot=False)
        assert kept_quick._lazy
        grown = list(events)
        for _ in range(data.draw(st.integers(1, 4))):
            aimed = data.draw(breaking_events(grown))
            event = aimed if isinstance(aimed, Retract) else attrs.evolve(aimed, on=last)
            answer = _append(kept_whole, event, whole)
            assert _append(kept_quick, event, quick) == answer
            assert quick.read_bytes() == whole.read_bytes()
            grown = list(kept_whole.events)
        fresh = data.draw(breaking_events(grown))
        event = fresh if isinstance(fresh, Retract) else attrs.evolve(fresh, on=last)
        assert _outcome(quick, event, snapshot=True) == _outcome(whole, event, snapshot=False)
