"""A projection caught up in any number of runs holds what a rebuild from scratch holds, and
:class:`~orgsim.projections.Headcount` agrees with the replay on every month's end."""

from __future__ import annotations

import calendar
import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim import Event, Organisation
from orgsim.errors import OrgsimError
from orgsim.log.events import Hire
from orgsim.projections import Headcount, project, rebuild
from orgsim.store import MemoryStore
from orgsim.strategies import valid_logs

SOURCE = "https://example.com/memo"


def tables(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT * FROM headcount_months ORDER BY month").fetchall()


@settings(max_examples=60)
@given(valid_logs(max_events=25), st.data())
def test_catching_up_in_runs_is_the_same_as_one_rebuild(
    events: list[Event], data: st.DataObject
) -> None:
    org = Organisation(MemoryStore(events))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(events)), max_size=4)))
    with tempfile.TemporaryDirectory() as folder:
        runs, whole = Path(folder) / "runs.sqlite", Path(folder) / "whole.sqlite"
        at = 0
        for cut in [*cuts, len(events)]:
            done = project(Headcount(), org, runs, upto=cut)
            assert (done.start, done.end) == (at, cut)
            at = cut
        rebuild(Headcount(), org, whole)
        assert tables(runs) == tables(whole)
        assert project(Headcount(), org, runs).applied == 0  # caught up: nothing to do
        rebuild(Headcount(), org, runs)  # a rebuild over a read model already there
        assert tables(runs) == tables(whole)


@settings(max_examples=60)
@given(valid_logs(max_events=25))
def test_headcount_is_the_number_of_people_present_at_each_months_end(events: list[Event]) -> None:
    org = Organisation(MemoryStore(events))
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "model.sqlite"
        project(Headcount(), org, database)
        for month, _, _, headcount in Headcount.months(database):
            year, number = map(int, month.split("-"))
            end = dt.date(year, number, calendar.monthrange(year, number)[1])
            assert headcount == len(org.chart(end).people), month


def test_a_checkpoint_from_another_log_is_refused(tmp_path: Path) -> None:
    from orgsim.log.events import CreateRole

    first = [CreateRole(seq=1, on="2024-01-01", source=SOURCE, role="ceo", title="CEO")]
    other = [CreateRole(seq=1, on="2024-01-01", source=SOURCE, role="cto", title="CTO")]
    database = tmp_path / "model.sqlite"
    project(Headcount(), Organisation(MemoryStore(first)), database)
    with pytest.raises(OrgsimError, match="checkpoint is event #1 of another log"):
        project(Headcount(), Organisation(MemoryStore(other)), database)
    hire = Hire(seq=2, on="2024-01-02", source=SOURCE, person="ann", name="Ann", role="ceo")
    org = Organisation(MemoryStore([*first, hire]))
    project(Headcount(), org, database)
    with pytest.raises(OrgsimError, match="cannot go back to #1"):
        project(Headcount(), org, database, upto=1)
    assert Headcount.months(database) == [("2024-01", 1, 0, 1)]


class _Broken(Headcount):
    """A projection of a user's with a mistake in its SQL, made on the second hire."""

    name = "broken"

    def apply(self, db: sqlite3.Connection, event: Event, seen: object) -> None:
        if isinstance(event, Hire) and event.person == "bob":
            db.execute("INSERT INTO no_such_table VALUES (1)")
        super().apply(db, event, seen)  # type: ignore[arg-type]


def test_a_projection_that_fails_names_the_event_and_keeps_nothing(tmp_path: Path) -> None:
    from orgsim.log.events import CreateRole

    events = [
        CreateRole(seq=1, on="2024-01-01", source=SOURCE, role="ceo", title="CEO"),
        Hire(seq=2, on="2024-01-02", source=SOURCE, person="ann", name="Ann", role="ceo"),
        Hire(seq=3, on="2024-01-03", source=SOURCE, person="bob", name="Bob"),
    ]
    org = Organisation(MemoryStore(events))
    database = tmp_path / "model.sqlite"
    project(_Broken(), org, database, upto=2)
    with pytest.raises(OrgsimError, match=r"broken failed on <memory>, event #3 \(#3 hire"):
        project(_Broken(), org, database)
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT seq FROM orgsim_checkpoints").fetchall() == [(2,)]
    assert Headcount.months(database) == [("2024-01", 1, 0, 1)]
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database\n")
    with pytest.raises(OrgsimError, match=r"junk\.sqlite: not a read model.s database"):
        project(Headcount(), org, junk)
