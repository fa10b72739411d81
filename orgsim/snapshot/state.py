"""The replay state at the end of the log, read from the snapshot's open spans: only what an
appended event touches, so that an append costs what it touches.

A role that exists is its open version (and its holder, the open tenure); someone present is
their open stint (their leave, their roles); a departure or an abolition the rules cite is what
closed someone's or some role's last span. The events behind them are read from the log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TypeVar

import attrs

from orgsim.errors import StaleSnapshot
from orgsim.log.dates import PartialDate
from orgsim.log.events import CreateRole, Depart, Event, Hire, Leave, Reorg, mentioned
from orgsim.replay.state import PersonNow, ReplayState, RoleNow, TenureNow
from orgsim.snapshot.lines import events_at
from orgsim.snapshot.schema import ABSENCE, STINT, VERSION, dotted_of, start_of

__all__ = ["read_state"]


def read_state(
    db: sqlite3.Connection,
    log: Path,
    state: ReplayState,
    event: Event,
    looked: tuple[set[str], set[str]],
) -> None:
    """Put into ``state`` what :meth:`~orgsim.snapshot.Snapshot.replay_for` promises for
    ``event``, read from the open spans, unless ``looked`` says it was read already (the
    people and roles it names; it may have changed since). ``looked`` is updated."""
    named_people, named_roles = mentioned(event)
    looked_people, looked_roles = looked
    people = {person: Present.read(db, person) for person in named_people - looked_people}
    roles = set(named_roles)
    for present in people.values():
        roles.update(present.roles if present else ())
    if isinstance(event, Reorg) and event.abolished:
        below = "SELECT key FROM spans WHERE kind = 0 AND ended IS NULL AND reports_to = ?"
        roles.update(str(key) for (key,) in db.execute(below, (event.role,)))
        # Its dotted reports too (rare, and never indexed: a scan of the open versions).
        dotted = (
            "SELECT key FROM spans WHERE kind = 0 AND ended IS NULL AND dotted IS NOT NULL "
            "AND instr(' ' || dotted || ' ', ?) > 0"
        )
        roles.update(str(key) for (key,) in db.execute(dotted, (f" {event.role} ",)))
    # The roles above each (rule 3 follows reporting lines up), read a level at a time.
    found: dict[str, Standing | None] = {}
    wanted = roles - looked_roles
    while wanted:
        for role in wanted:
            found[role] = Standing.read(db, role)
        above = {row.reports_to for row in map(found.__getitem__, wanted) if row}
        wanted = {role for role in above if role} - looked_roles - found.keys()
    gone_people = {p: closer(db, STINT, p) for p, present in people.items() if not present}
    gone_roles = {r: closer(db, VERSION, r) for r, standing in found.items() if not standing}
    seqs = {seq for present in people.values() if present for seq in present.events()}
    seqs.update(seq for standing in found.values() if standing for seq in standing.events())
    seqs.update(seq for seq in (*gone_people.values(), *gone_roles.values()) if seq)
    events = events_at(db, log, seqs)
    for person, present in people.items():
        if present is not None:
            leave = None if present.leave is None else as_kind(Leave, events[present.leave], log)
            joined = as_kind(Hire, events[present.joined], log)
            state.people[person] = PersonNow(joined.name, joined, list(present.roles), leave)
        elif (departed := gone_people[person]) is not None:
            state.departures[person] = as_kind(Depart, events[departed], log)
    for role, standing in found.items():
        if standing is not None:
            state.roles[role] = RoleNow(
                role,
                standing.title,
                standing.reports_to,
                as_kind(CreateRole, events[standing.created], log),
                events[standing.changed],
                standing.since,
                standing.dotted_to,
            )
            if standing.holder is not None:
                person, acting, seq = standing.holder
                state.holders[role] = TenureNow(person, acting, events[seq])
        elif (closed := gone_roles[role]) is not None:
            abolition = as_kind(Reorg, events[closed], log)
            if abolition.abolished:
                state.abolitions[role] = abolition
    looked_people.update(people)
    looked_roles.update(found)


def closer(db: sqlite3.Connection, kind: int, key: str) -> int | None:
    """The seq of the event that closed the last span of ``kind`` of ``key`` (a person's
    departure, a role's abolition), if its last span is closed."""
    row = db.execute(
        "SELECT ended_by FROM spans WHERE kind = ? AND key = ? "
        "ORDER BY event_day DESC, event DESC LIMIT 1",
        (kind, key),
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


@attrs.frozen
class Present:
    """Someone in the organisation at the end of the log, as the open spans have them."""

    joined: int
    leave: int | None
    roles: tuple[str, ...]
    """In the order they were taken (replay order of the tenures' events)."""

    @classmethod
    def read(cls, db: sqlite3.Connection, person: str) -> Present | None:
        open_span = "SELECT event FROM spans WHERE kind = ? AND key = ? AND ended IS NULL"
        stint = db.execute(open_span, (STINT, person)).fetchone()
        if stint is None:
            return None
        leave = db.execute(open_span, (ABSENCE, person)).fetchone()
        held = db.execute(
            "SELECT key FROM spans WHERE kind = 1 AND ended IS NULL AND person = ? "
            "ORDER BY event_day, event",
            (person,),
        ).fetchall()
        return cls(stint[0], None if leave is None else leave[0], tuple(r[0] for r in held))

    def events(self) -> list[int]:
        return [self.joined] if self.leave is None else [self.joined, self.leave]


@attrs.frozen
class Standing:
    """A role that exists at the end of the log, and its holder, as the open spans have them."""

    title: str
    reports_to: str | None
    created: int
    changed: int
    since: PartialDate
    holder: tuple[str, bool, int] | None
    dotted_to: tuple[str, ...]

    @classmethod
    def read(cls, db: sqlite3.Connection, role: str) -> Standing | None:
        version = db.execute(
            "SELECT title, reports_to, created, event, start, event_day, dotted FROM spans "
            "WHERE kind = 0 AND key = ? AND ended IS NULL",
            (role,),
        ).fetchone()
        if version is None:
            return None
        title, reports_to, created, changed, start, day, dotted = version
        holder = db.execute(
            "SELECT person, acting, event FROM spans WHERE kind = 1 AND key = ? AND ended IS NULL",
            (role,),
        ).fetchone()
        held = None if holder is None else (str(holder[0]), bool(holder[1]), int(holder[2]))
        since = start_of(start, day)
        return cls(title, reports_to, created, changed, since, held, dotted_of(dotted))

    def events(self) -> list[int]:
        held = [] if self.holder is None else [self.holder[2]]
        return [self.created, self.changed, *held]


_E = TypeVar("_E", bound=Event)


def as_kind(kind: type[_E], event: Event, log: Path) -> _E:
    """``event``, which the snapshot says is a ``kind``; stale when the log says otherwise."""
    if not isinstance(event, kind):
        raise StaleSnapshot(f"{log}: event #{event.seq} is not what its snapshot says")
    return event
