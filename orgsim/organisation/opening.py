"""Opening a log: ``load`` and ``create``, the library's first call, and ``validate``, which
decides whether a log obeys every rule without building its timeline."""

from __future__ import annotations

from pathlib import Path

from orgsim.collector import quiet_collector
from orgsim.organisation.bulk import check_jsonl
from orgsim.organisation.organisation import Organisation
from orgsim.progress import Progress, within
from orgsim.replay.replay import Checked, check_log
from orgsim.replay.rules import RuleViolation
from orgsim.store import JsonlStore, open_store

__all__ = ["create", "load", "validate"]


def create(path: str | Path) -> Organisation:
    """Start a new, empty log at ``path``, which must not exist yet: a SQLite database for a
    ``.sqlite``, ``.sqlite3`` or ``.db`` file, a log in PostgreSQL for a ``postgresql://`` URL,
    else a JSON Lines file."""
    store = open_store(path)
    store.create()
    return Organisation(store)


def load(
    where: str | Path,
    *,
    lenient: bool = False,
    progress: Progress | None = None,
    snapshot: bool | None = None,
) -> Organisation:
    """Open a log: a bundled one by name (``"openai"``), or a JSON Lines or SQLite file by
    path. ``progress`` is told the share of the loading done (reading, then replaying).

    A JSON Lines log is opened from the snapshot beside it when there is a fresh one
    (:mod:`orgsim.snapshot`): a chart, a lookup or an append then costs what it touches, and
    the log itself is read only for a question that needs more. After a log is read whole, a
    snapshot is written beside it when it is large (over 8 MB) or had one. ``snapshot=True``
    writes one for any log, ``False`` neither reads nor writes one."""
    return Organisation(open_store(where), lenient=lenient, progress=progress, snapshot=snapshot)


def validate(where: str | Path, *, progress: Progress | None = None) -> Checked | None:
    """Whether the log at ``where`` obeys every rule, decided without building its timeline:
    what it holds when it does, None when it breaks a rule (then ``load(where,
    lenient=True).violations`` lists every problem, each placed in the log).

    The log is read and checked as :func:`load` reads and checks it (a log that cannot be read
    raises the same error), by the same rule code; only the intervals a timeline keeps for questions
    across time are not made. A JSON Lines log is first checked in bulk
    (:mod:`orgsim.organisation.bulk`: no event objects at all), and read this way only when that
    check is not sure of it. ``progress`` as for :func:`load`."""
    store = open_store(where)
    if isinstance(store, JsonlStore):  # most often proved sound in bulk (orgsim.organisation.bulk)
        checked = check_jsonl(store, progress)
        if checked is not None:
            return checked
    with quiet_collector():
        stored = store.read(within(progress, 0.0, 0.5))
    try:
        return check_log(stored.events, name=store.name, progress=within(progress, 0.5, 1.0))
    except RuleViolation:
        return None
