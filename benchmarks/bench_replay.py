"""How fast orgsim reads, replays and queries a large log. Prints figures; asserts nothing.

Run: python benchmarks/bench_replay.py [EVENTS]   (default 100000)

The synthetic log is a company that grows to thousands of roles: roles are created under random
managers, people are hired into vacancies, promoted, sent on leave and leave, every day a few
events, so that the log has the shape (not just the size) of real effective-dated HR data.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import attrs

import orgsim
from orgsim import (
    Chart,
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Return,
    Timeline,
)
from orgsim.store import JsonlStore

T = TypeVar("T")


def synthetic_log(size: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    day = dt.date(2000, 1, 1)
    roles: list[str] = []
    vacant: list[str] = []
    holder: dict[str, str] = {}
    people: dict[str, list[str]] = {}
    on_leave: set[str] = set()
    events: list[Event] = []
    next_person = 0

    def add(event: Event) -> None:
        events.append(event)

    while len(events) < size:
        if rng.random() < 0.3:
            day += dt.timedelta(days=1)
        on = orgsim.PartialDate.of(day)
        roll = rng.random()
        if roll < 0.15 or not roles:
            role = f"role-{len(roles)}"
            boss = rng.choice(roles) if roles else None
            add(
                CreateRole(
                    on=on, source="bench", role=role, title=f"Role {len(roles)}", reports_to=boss
                )
            )
            roles.append(role)
            vacant.append(role)
        elif roll < 0.55 and vacant:
            person = f"p-{next_person}"
            next_person += 1
            role = vacant.pop(rng.randrange(len(vacant)))
            add(Hire(on=on, source="bench", person=person, name=f"Person {person}", role=role))
            holder[role] = person
            people[person] = [role]
        elif roll < 0.75 and vacant and people:
            person = rng.choice(list(people))
            role = vacant.pop(rng.randrange(len(vacant)))
            add(Promote(on=on, source="bench", person=person, role=role))
            for old in people[person]:
                del holder[old]
                vacant.append(old)
            holder[role] = person
            people[person] = [role]
        elif roll < 0.85 and people:
            person = rng.choice(list(people))
            if person in on_leave:
                add(Return(on=on, source="bench", person=person))
                on_leave.discard(person)
            else:
                add(Leave(on=on, source="bench", person=person))
                on_leave.add(person)
        elif people:
            person = rng.choice(list(people))
            add(Depart(on=on, source="bench", person=person, reason="resigned"))
            for old in people.pop(person):
                del holder[old]
                vacant.append(old)
            on_leave.discard(person)
    return [attrs.evolve(e, seq=n) for n, e in enumerate(events, start=1)]


def timed(label: str, action: Callable[[], T], repeat: int = 1) -> T:
    best = float("inf")
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<46} {best * 1000:10.1f} ms")
    return result


def main(size: int) -> None:
    events = synthetic_log(size)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "big.jsonl"
        store = JsonlStore(path)
        store.append(events, 0)
        print(f"{len(events)} events, {path.stat().st_size / 1e6:.1f} MB")
        stored = timed("read the JSON Lines log (decode, check chain)", store.read, repeat=3)
        timeline = timed(
            "replay into a timeline (all rules checked)",
            lambda: Timeline.build(stored.events),
            repeat=3,
        )
        print(f"  {len(timeline.versions)} roles, {len(timeline.stints)} people")
        last = max(e.on.start for e in events)
        middle = dt.date.fromordinal((dt.date(2000, 1, 1).toordinal() + last.toordinal()) // 2)
        chart = timed(
            "chart on one date (middle of the log)", lambda: Chart.at(timeline, middle), repeat=5
        )
        print(f"  {len(chart.roles)} roles, {len(chart.people)} people on {middle}")
        timed(
            "chart on 12 dates (one a month for a year)",
            lambda: [Chart.at(timeline, middle + dt.timedelta(days=30 * k)) for k in range(12)],
        )
        org = timed("orgsim.load (read + replay)", lambda: orgsim.load(path))
        newcomer = Hire(
            on=orgsim.PartialDate.of(last), source="bench", person="newcomer", name="New Comer"
        )
        timed(
            "append one event (checked: replay goes on from the timeline)",
            lambda: org.append(newcomer),
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
