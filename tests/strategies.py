"""Hypothesis strategies for orgsim's own tests: valid logs built through a small model, and
arbitrary event sequences that may break any rule."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from orgsim import (
    Chart,
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    PartialDate,
    Promote,
    Reorg,
    Return,
    StepDown,
    Timeline,
)

PEOPLE = ("ann", "bob", "cy", "dee", "eve")
ROLES = ("ceo", "cto", "cfo", "vp", "lead")
S = "test"
START = dt.date(2020, 1, 1)


@st.composite
def dates(draw: st.DrawFn, within: int = 400) -> PartialDate:
    """A date up to ``within`` days after the start of every generated log, of any precision."""
    day = START + dt.timedelta(days=draw(st.integers(0, within)))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    if precision == "month":
        return PartialDate(day.year, day.month)
    if precision == "year":
        return PartialDate(day.year)
    return PartialDate.of(day)


def _any_event(
    draw: st.DrawFn, on: PartialDate, people: tuple[str, ...], roles: tuple[str, ...]
) -> Event:
    person = draw(st.sampled_from(people))
    role = draw(st.sampled_from(roles))
    other = draw(st.none() | st.sampled_from(roles))
    flag = draw(st.booleans())
    promote = Promote(
        on=on, source=S, person=person, role=role, acting=flag, additional=draw(st.booleans())
    )
    hire = Hire(
        on=on,
        source=S,
        person=person,
        name=person.title(),
        role=other,
        acting=flag and other is not None,
    )
    # Taking a role is weighted up: it is what collides with an existing holder (rule 1).
    choices: list[Event] = [
        promote,
        promote,
        promote,
        hire,
        CreateRole(on=on, source=S, role=role, title=role.upper(), reports_to=other),
        Reorg(on=on, source=S, role=role, reports_to=other, root=other is None),
        Reorg(on=on, source=S, role=role, abolished=True),
        StepDown(on=on, source=S, person=person, role=role),
        Leave(on=on, source=S, person=person),
        Return(on=on, source=S, person=person),
        Depart(on=on, source=S, person=person, reason="resigned"),
    ]
    return draw(st.sampled_from(choices))


@attrs.define
class _Model:
    """Just enough of an organisation to choose only events that obey the rules."""

    parent: dict[str, str | None] = attrs.Factory(dict)
    holder: dict[str, str] = attrs.Factory(dict)
    present: set[str] = attrs.Factory(set)
    on_leave: set[str] = attrs.Factory(set)

    def below(self, role: str) -> set[str]:
        found = {role}
        changed = True
        while changed:
            extra = {r for r, p in self.parent.items() if p in found} - found
            changed = bool(extra)
            found |= extra
        return found

    def roles_of(self, person: str) -> list[str]:
        return [r for r, p in self.holder.items() if p == person]


@st.composite
def valid_logs(draw: st.DrawFn, max_size: int = 30) -> list[Event]:
    """Logs that obey every rule: hires, moves, acting spells, leaves, departures, re-hires,
    reorgs and abolitions, in date order (see ``backdated`` for late arrivals)."""
    model = _Model()
    day = START
    events: list[Event] = []
    for _ in range(draw(st.integers(0, max_size))):
        day += dt.timedelta(days=draw(st.integers(0, 20)))
        on = PartialDate.of(day)
        vacant = [r for r in model.parent if r not in model.holder]
        options = ["role"] if len(model.parent) < len(ROLES) else []
        if model.parent:
            options.append("reorg")
        if set(PEOPLE) - model.present:
            options.append("hire")
        if model.present:
            options += ["depart", "leave"]
            if vacant:
                options.append("promote")
            if model.holder:
                options.append("stepdown")
        if not options:
            break
        kind = draw(st.sampled_from(options))
        event: Event
        if kind == "role":
            role = draw(st.sampled_from([r for r in ROLES if r not in model.parent]))
            boss = draw(st.none() | st.sampled_from(sorted(model.parent))) if model.parent else None
            event = CreateRole(on=on, source=S, role=role, title=role.upper(), reports_to=boss)
            model.parent[role] = boss
        elif kind == "reorg":
            role = draw(st.sampled_from(sorted(model.parent)))
            bosses = sorted(set(model.parent) - model.below(role))
            abolishable = role not in model.holder and role not in model.parent.values()
            action = draw(
                st.sampled_from(
                    ["title", "root"]
                    + (["move"] if bosses else [])
                    + (["abolish"] if abolishable else [])
                )
            )
            if action == "title":
                event = Reorg(on=on, source=S, role=role, title=f"{role.upper()} {len(events)}")
            elif action == "root":
                event = Reorg(on=on, source=S, role=role, root=True)
                model.parent[role] = None
            elif action == "move":
                boss = draw(st.sampled_from(bosses))
                event = Reorg(on=on, source=S, role=role, reports_to=boss)
                model.parent[role] = boss
            else:
                event = Reorg(on=on, source=S, role=role, abolished=True)
                del model.parent[role]
        elif kind == "hire":
            person = draw(st.sampled_from(sorted(set(PEOPLE) - model.present)))
            role = draw(st.none() | st.sampled_from(vacant)) if vacant else None
            acting = role is not None and draw(st.booleans())
            event = Hire(
                on=on, source=S, person=person, name=person.title(), role=role, acting=acting
            )
            model.present.add(person)
            if role:
                model.holder[role] = person
        elif kind == "promote":
            person = draw(st.sampled_from(sorted(model.present)))
            role = draw(st.sampled_from(vacant))
            additional = draw(st.booleans())
            event = Promote(
                on=on,
                source=S,
                person=person,
                role=role,
                acting=draw(st.booleans()),
                additional=additional,
            )
            if not additional:
                for held in model.roles_of(person):
                    del model.holder[held]
            model.holder[role] = person
        elif kind == "stepdown":
            role = draw(st.sampled_from(sorted(model.holder)))
            event = StepDown(on=on, source=S, person=model.holder.pop(role), role=role)
        elif kind == "leave":
            person = draw(st.sampled_from(sorted(model.present)))
            if person in model.on_leave:
                event = Return(on=on, source=S, person=person)
                model.on_leave.discard(person)
            else:
                event = Leave(on=on, source=S, person=person)
                model.on_leave.add(person)
        else:
            person = draw(st.sampled_from(sorted(model.present)))
            event = Depart(on=on, source=S, person=person, reason="resigned")
            model.present.discard(person)
            model.on_leave.discard(person)
            for held in model.roles_of(person):
                del model.holder[held]
        events.append(event)
    return [attrs.evolve(e, seq=n) for n, e in enumerate(events, start=1)]


def arbitrary_logs(max_size: int = 25) -> st.SearchStrategy[list[Event]]:
    """Logs that often break a rule, and sometimes do not: a valid log with events of any kind
    appended, or with one event aimed at a rule (a second holder, a reporting cycle)."""
    return st.one_of(_perturbed_logs(max_size), _aimed_logs(max_size))


@st.composite
def _aimed_logs(draw: st.DrawFn, max_size: int) -> list[Event]:
    """A valid log, then an event dated on one of its days that would give a held role a
    second holder or make a reporting cycle that day (a late arrival when the day is past)."""
    events = draw(valid_logs(max_size))
    days = sorted({e.on.start for e in events})
    if not days:
        return events
    day = draw(st.sampled_from(days))
    chart = Chart.at(Timeline.build(events), day)
    on = PartialDate.of(day)
    aimed: list[Event] = []
    for role in chart.roles:
        if role.holder is not None:
            aimed += [
                Promote(on=on, source=S, person=p.id, role=role.id)
                for p in chart.people
                if p.id != role.holder.person
            ]
        boss = role.reports_to
        while boss is not None:
            aimed.append(Reorg(on=on, source=S, role=boss, reports_to=role.id))
            boss = chart.role(boss).reports_to
    if not aimed:
        return events
    extra = draw(st.sampled_from(aimed))
    return [*events, attrs.evolve(extra, seq=len(events) + 1)]


@st.composite
def _perturbed_logs(draw: st.DrawFn, max_size: int) -> list[Event]:
    events = draw(valid_logs(max_size))
    people = tuple(sorted({e.person for e in events if isinstance(e, Hire)})) or PEOPLE[:2]
    roles = tuple(sorted({e.role for e in events if isinstance(e, CreateRole)})) or ROLES[:2]
    span = max((e.on.start for e in events), default=START) - START
    logged = [e.on for e in events]
    when = dates(span.days + 10) | st.sampled_from(logged) if logged else dates(10)
    extra = [_any_event(draw, draw(when), people, roles) for _ in range(draw(st.integers(1, 3)))]
    return [attrs.evolve(e, seq=n) for n, e in enumerate(events + extra, start=1)]
