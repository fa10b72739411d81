"""Hypothesis strategies for orgsim logs, for testing code that consumes or produces them.

Needs Hypothesis (``pip install 'orgsim[strategies]'``). The main ones:

- :func:`valid_logs`: logs that obey every rule: hires, promotions, interim (acting)
  appointments, second hats, leaves and returns, departures and re-hires, role creation,
  retitling, moves, dotted lines (matrix reporting) and abolition; optionally backdated
  events (written to the log after later ones), ``recorded`` dates later than ``on``, and
  retractions.
- :func:`breaking_events`: for a given log, single events aimed at one rule each (a second
  holder, someone absent, a missing role, a reporting cycle); most of them break it.
- :func:`messy_logs`: a valid log followed by a few such events: accepted or refused, the code
  under test must cope with both.
- :func:`events`: any single event over the id pools, valid or not, for state machines.

Example::

    from hypothesis import given
    import orgsim
    from orgsim.strategies import valid_logs

    @given(valid_logs())
    def test_my_report_never_crashes(events):
        timeline = orgsim.Timeline.build(events)
        my_report(timeline)

Generated ids come from small pools (``PEOPLE``, ``ROLES``) so that events meet each other.

May import: errors, log, replay, questions.
"""

from __future__ import annotations

import datetime as dt

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "orgsim.strategies needs Hypothesis: pip install 'orgsim[strategies]'"
    ) from error

from orgsim.log.dates import PartialDate
from orgsim.log.events import (
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Reorg,
    Retract,
    Return,
    StepDown,
)
from orgsim.questions.chart import Chart
from orgsim.replay.rules import RuleViolation
from orgsim.replay.timeline import Timeline

__all__ = [
    "PEOPLE",
    "ROLES",
    "START",
    "breaking_events",
    "dates",
    "events",
    "messy_logs",
    "next_events",
    "numbered",
    "valid_logs",
]

PEOPLE = ("ann", "bob", "cy", "dee", "eve", "fay")
ROLES = ("ceo", "cto", "cfo", "vp", "lead", "ops")
START = dt.date(2020, 1, 1)
SOURCE = "hypothesis"


def numbered(events: list[Event]) -> list[Event]:
    """The events with seq 1, 2, 3, ... in list order, as a log would number them."""
    return [attrs.evolve(event, seq=number) for number, event in enumerate(events, start=1)]


@st.composite
def dates(draw: st.DrawFn, within: int = 400) -> PartialDate:
    """A date in the ``within`` days from :data:`START`, known to the day, month or year."""
    day = START + dt.timedelta(days=draw(st.integers(0, within)))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    if precision == "month":
        return PartialDate(day.year, day.month)
    if precision == "year":
        return PartialDate(day.year)
    return PartialDate.of(day)


@attrs.define
class _Model:
    """Just enough of an organisation to choose events that obey the rules."""

    parent: dict[str, str | None] = attrs.Factory(dict)
    dotted: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    """Per role, the roles it answers to by a dotted line (when it has any)."""
    holder: dict[str, str] = attrs.Factory(dict)
    present: set[str] = attrs.Factory(set)
    on_leave: set[str] = attrs.Factory(set)
    with_dotted: bool = True
    """Whether roles may be given dotted lines."""

    def below(self, role: str) -> set[str]:
        """``role`` and every role under it."""
        found = {role}
        while extra := {r for r, p in self.parent.items() if p in found} - found:
            found |= extra
        return found

    def dotted_reports(self, role: str) -> list[str]:
        return [other for other, lines in self.dotted.items() if role in lines]

    def roles_of(self, person: str) -> list[str]:
        return [role for role, who in self.holder.items() if who == person]

    def vacate(self, person: str) -> None:
        for role in self.roles_of(person):
            del self.holder[role]


def _next_event(draw: st.DrawFn, model: _Model, on: PartialDate, number: int) -> Event | None:
    """One event that obeys the rules given ``model``, which it updates."""
    vacant = sorted(r for r in model.parent if r not in model.holder)
    options = ["role"] if len(model.parent) < len(ROLES) else []
    if model.parent:
        options.append("reorg")
    if set(PEOPLE) - model.present:
        options += ["hire", "hire"]
    if model.present:
        options += ["depart", "leave"]
        if vacant:
            options += ["promote", "promote"]
        if model.holder:
            options.append("stepdown")
    if not options:
        return None
    kind = draw(st.sampled_from(options))
    if kind == "role":
        role = draw(st.sampled_from([r for r in ROLES if r not in model.parent]))
        boss = draw(st.none() | st.sampled_from(sorted(model.parent))) if model.parent else None
        dotted = _dotted_lines(draw, model, sorted(set(model.parent) - {boss}))
        model.parent[role] = boss
        if dotted:
            model.dotted[role] = dotted
        return CreateRole(
            on=on,
            source=SOURCE,
            role=role,
            title=role.upper(),
            reports_to=boss,
            dotted_to=dotted,
        )
    if kind == "reorg":
        return _reorg(draw, model, on, number)
    if kind == "hire":
        person = draw(st.sampled_from(sorted(set(PEOPLE) - model.present)))
        into = draw(st.none() | st.sampled_from(vacant)) if vacant else None
        acting = into is not None and draw(st.booleans())
        model.present.add(person)
        if into is not None:
            model.holder[into] = person
        name = f"{person.title()} {number}"  # a re-hire may come back under a new name
        return Hire(on=on, source=SOURCE, person=person, name=name, role=into, acting=acting)
    if kind == "promote":
        person = draw(st.sampled_from(sorted(model.present)))
        role = draw(st.sampled_from(vacant))
        additional = draw(st.booleans())
        if not additional:
            model.vacate(person)
        model.holder[role] = person
        acting = draw(st.booleans())
        return Promote(
            on=on, source=SOURCE, person=person, role=role, acting=acting, additional=additional
        )
    if kind == "stepdown":
        role = draw(st.sampled_from(sorted(model.holder)))
        return StepDown(on=on, source=SOURCE, person=model.holder.pop(role), role=role)
    person = draw(st.sampled_from(sorted(model.present)))
    if kind == "leave" and person in model.on_leave:
        model.on_leave.discard(person)
        return Return(on=on, source=SOURCE, person=person)
    if kind == "leave":
        model.on_leave.add(person)
        return Leave(on=on, source=SOURCE, person=person)
    model.present.discard(person)
    model.on_leave.discard(person)
    model.vacate(person)
    reason = draw(st.sampled_from(["resigned", "fired", "retired", "unknown"]))
    return Depart(on=on, source=SOURCE, person=person, reason=reason)


def _dotted_lines(draw: st.DrawFn, model: _Model, others: list[str]) -> tuple[str, ...]:
    """Mostly none; sometimes one or two dotted lines to ``others``."""
    if not model.with_dotted or not others or draw(st.integers(0, 3)):
        return ()
    return tuple(draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True)))


def _reorg(draw: st.DrawFn, model: _Model, on: PartialDate, number: int) -> Reorg:
    role = draw(st.sampled_from(sorted(model.parent)))
    bosses = sorted(set(model.parent) - model.below(role))
    abolishable = (
        role not in model.holder
        and role not in model.parent.values()
        and not model.dotted_reports(role)
    )
    actions = (
        ["title", "root"]
        + (["dotted"] if model.with_dotted else [])
        + (["move"] if bosses else [])
        + (["abolish"] if abolishable else [])
    )
    action = draw(st.sampled_from(actions))
    if action == "title":
        return Reorg(on=on, source=SOURCE, role=role, title=f"{role.upper()} {number}")
    if action == "root":
        model.parent[role] = None
        return Reorg(on=on, source=SOURCE, role=role, root=True)
    if action == "dotted":
        manager = model.parent[role]
        dotted = _dotted_lines(draw, model, sorted(set(model.parent) - {role, manager}))
        model.dotted[role] = dotted
        return Reorg(on=on, source=SOURCE, role=role, dotted_to=dotted)
    if action == "move":
        boss = draw(st.sampled_from(bosses))
        model.parent[role] = boss
        lines = model.dotted.get(role, ())
        if boss not in lines:
            return Reorg(on=on, source=SOURCE, role=role, reports_to=boss)
        # A dotted line made solid: the dotted one ends in the same reorg.
        model.dotted[role] = tuple(line for line in lines if line != boss)
        return Reorg(on=on, source=SOURCE, role=role, reports_to=boss, dotted_to=model.dotted[role])
    del model.parent[role]
    model.dotted.pop(role, None)
    return Reorg(on=on, source=SOURCE, role=role, abolished=True)


@st.composite
def _in_date_order(draw: st.DrawFn, max_events: int, dotted: bool = True) -> list[Event]:
    model = _Model(with_dotted=dotted)
    day = START
    events: list[Event] = []
    for number in range(draw(st.integers(0, max_events))):
        day += dt.timedelta(days=draw(st.integers(0, 20)))
        event = _next_event(draw, model, PartialDate.of(day), number)
        if event is None:
            break
        events.append(event)
    return events


def _late_order(draw: st.DrawFn, events: list[Event]) -> list[Event]:
    """The same events in an order a log might receive them: a random interleaving of the
    dates, keeping the order of events on the same date (rule 5 makes that order matter)."""
    groups: dict[dt.date, list[Event]] = {}
    for event in events:
        groups.setdefault(event.on.start, []).append(event)
    queues = [list(group) for group in groups.values()]
    ordered: list[Event] = []
    while queues:
        queue = draw(st.sampled_from(queues))
        ordered.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    return ordered


def _with_recorded(draw: st.DrawFn, events: list[Event]) -> list[Event]:
    """Each event known some days after it took effect (or on the day)."""
    recorded = []
    for event in events:
        lag = draw(st.integers(0, 30))
        recorded.append(
            attrs.evolve(event, recorded=PartialDate.of(event.on.start + dt.timedelta(lag)))
        )
    return recorded


def _with_retractions(draw: st.DrawFn, events: list[Event], count: int) -> list[Event]:
    """Retract up to ``count`` earlier events, keeping only retractions the rules accept."""
    log = list(events)
    for _ in range(count):
        if not log:
            break
        target = draw(st.sampled_from([e for e in log if not isinstance(e, Retract)]))
        last = max(e.known_from.start for e in log)
        retraction = Retract(
            seq=len(log) + 1,
            on=PartialDate.of(last),
            source=SOURCE,
            target=target.seq,
            reason="generated correction",
        )
        try:
            Timeline.build([*log, retraction])
        except RuleViolation:
            continue
        log.append(retraction)
    return log


def valid_logs(
    max_events: int = 30,
    *,
    backdated: bool = True,
    recorded: bool = True,
    retractions: bool = True,
    dotted: bool = True,
) -> st.SearchStrategy[list[Event]]:
    """Numbered logs that obey every rule.

    ``backdated`` lets events reach the log out of date order (late arrivals); ``recorded``
    gives events ``recorded`` dates up to 30 days after ``on``; ``retractions`` appends up to
    two retractions that leave the timeline valid; ``dotted`` gives some roles dotted lines.
    """

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        events = draw(_in_date_order(max_events, dotted))
        if backdated and draw(st.booleans()):
            events = _late_order(draw, events)
        if recorded and draw(st.booleans()):
            events = _with_recorded(draw, events)
        events = numbered(events)
        if retractions and events and draw(st.booleans()):
            events = _with_retractions(draw, events, draw(st.integers(1, 2)))
        return events

    return build()


def next_events(events: list[Event]) -> st.SearchStrategy[Event]:
    """An event that the valid log ``events`` accepts, dated on or after its last date.

    Unnumbered (``seq`` 0), ready for ``Organisation.append``: a state machine uses it to grow
    a log step by step.
    """
    timeline = Timeline.build(events)
    last = max((e.on.start for e in timeline.applied), default=START)
    chart = Chart.at(timeline, last)
    model = _Model(
        parent={role.id: role.reports_to for role in chart.roles},
        dotted={role.id: role.dotted_to for role in chart.roles if role.dotted_to},
        holder={role.id: role.holder.person for role in chart.roles if role.holder},
        present={person.id for person in chart.people},
        on_leave={person.id for person in chart.people if person.on_leave},
    )

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        day = last + dt.timedelta(days=draw(st.integers(0, 20)))
        event = _next_event(
            draw,
            attrs.evolve(
                model,
                parent=dict(model.parent),
                dotted=dict(model.dotted),
                holder=dict(model.holder),
                present=set(model.present),
                on_leave=set(model.on_leave),
            ),
            PartialDate.of(day),
            len(events),
        )
        if event is None:  # every role and person is used up: a harmless retitle
            role = draw(st.sampled_from(sorted(model.parent)))
            return Reorg(on=PartialDate.of(day), source=SOURCE, role=role, title="Renamed")
        return event

    return build()


@st.composite
def events(draw: st.DrawFn, within: int = 400) -> Event:
    """Any single event over the id pools, dated in the ``within`` days from :data:`START`:
    it may obey the rules of a given log or break them. Unnumbered (``seq`` 0)."""
    on = draw(dates(within))
    person = draw(st.sampled_from(PEOPLE))
    role = draw(st.sampled_from(ROLES))
    other = draw(st.none() | st.sampled_from(ROLES))
    acting = draw(st.booleans())
    choices: list[Event] = [
        CreateRole(on=on, source=SOURCE, role=role, title=role.upper(), reports_to=other),
        Reorg(on=on, source=SOURCE, role=role, reports_to=other, root=other is None),
        Reorg(on=on, source=SOURCE, role=role, title=f"New {role}"),
        Reorg(
            on=on,
            source=SOURCE,
            role=role,
            dotted_to=(() if other is None or other == role else (other,)),
        ),
        Reorg(on=on, source=SOURCE, role=role, abolished=True),
        Hire(
            on=on,
            source=SOURCE,
            person=person,
            name=person.title(),
            role=other,
            acting=acting and other is not None,
        ),
        Promote(
            on=on,
            source=SOURCE,
            person=person,
            role=role,
            acting=acting,
            additional=draw(st.booleans()),
        ),
        StepDown(on=on, source=SOURCE, person=person, role=role),
        Leave(on=on, source=SOURCE, person=person),
        Return(on=on, source=SOURCE, person=person),
        Depart(on=on, source=SOURCE, person=person, reason="resigned"),
    ]
    return draw(st.sampled_from(choices))


def breaking_events(events: list[Event]) -> st.SearchStrategy[Event]:
    """Single events aimed at a rule of the log ``events``, numbered to follow it.

    Each is drawn from the organisation on one of the log's dates: a present person promoted
    into a role someone else holds (rule 1); someone absent promoted or departed, someone
    present hired again, a return without a leave, a step down from a role not held (rule 2);
    a role created twice, filled before it exists, abolished while held or with reports (solid
    or dotted), moved under its own report, given a dotted line to a role that does not exist
    or to its own manager (rule 3); an event retracted twice, a retraction retracted, or
    a withdrawal that leaves later events without their grounds (rule 6 and the others). Most
    break a rule; a few turn out harmless.
    """
    seq = len(events) + 1
    timeline = Timeline.build(events)
    days = sorted({e.on.start for e in timeline.applied}) or [START]
    ever_people = sorted(timeline.stints) or list(PEOPLE[:2])

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        day = draw(st.sampled_from(days))
        on = PartialDate.of(day)
        chart = Chart.at(timeline, day)
        present = {p.id for p in chart.people}
        aimed: list[Event] = []
        for role in chart.roles:
            if role.holder is not None:
                aimed += [
                    Promote(on=on, source=SOURCE, person=p, role=role.id)
                    for p in sorted(present - {role.holder.person})
                ]
                aimed.append(CreateRole(on=on, source=SOURCE, role=role.id, title="Again"))
                aimed.append(Reorg(on=on, source=SOURCE, role=role.id, abolished=True))
                aimed += [
                    StepDown(on=on, source=SOURCE, person=p, role=role.id)
                    for p in sorted(present - {role.holder.person})[:1]
                ]
            if chart.reports(role.id) or chart.dotted_reports(role.id):
                aimed.append(Reorg(on=on, source=SOURCE, role=role.id, abolished=True))
            if role.reports_to is not None:
                aimed.append(
                    Reorg(on=on, source=SOURCE, role=role.id, dotted_to=(role.reports_to,))
                )
            for line in role.dotted_to:
                aimed.append(Reorg(on=on, source=SOURCE, role=role.id, reports_to=line))
            boss = role.reports_to
            while boss is not None:
                aimed.append(Reorg(on=on, source=SOURCE, role=boss, reports_to=role.id))
                boss = chart.role(boss).reports_to
        for person in sorted(set(ever_people) - present):
            aimed.append(Depart(on=on, source=SOURCE, person=person, reason="unknown"))
            if chart.roles:
                aimed.append(Promote(on=on, source=SOURCE, person=person, role=chart.roles[0].id))
        missing = sorted(set(ROLES) - {r.id for r in chart.roles})
        for role in chart.roles[:1]:
            aimed += [
                Reorg(on=on, source=SOURCE, role=role.id, dotted_to=(r,))
                for r in missing
                if r != role.id
            ]
        for person in sorted(present)[:1]:
            aimed += [Promote(on=on, source=SOURCE, person=person, role=r) for r in missing]
            aimed.append(Leave(on=on, source=SOURCE, person=person))
            aimed.append(Return(on=on, source=SOURCE, person=person))
            aimed.append(Hire(on=on, source=SOURCE, person=person, name="Twice"))
        aimed += _aimed_retractions(events)
        if not aimed:
            aimed.append(Return(on=on, source=SOURCE, person=draw(st.sampled_from(PEOPLE))))
        return attrs.evolve(draw(st.sampled_from(aimed)), seq=seq)

    return build()


def _aimed_retractions(events: list[Event]) -> list[Event]:
    """Retractions aimed at rule 6 (a second retraction of the same event, a retraction of a
    retraction) and at the rules a withdrawal can break (the first events of the log)."""
    if not events:
        return []
    known = PartialDate.of(max(e.known_from.start for e in events))
    targets = [e.target for e in events if isinstance(e, Retract)]
    targets += [e.seq for e in events if isinstance(e, Retract)]
    targets += [e.seq for e in events[:3] if not isinstance(e, Retract)]
    return [
        Retract(on=known, recorded=known, source=SOURCE, target=target, reason="aimed")
        for target in targets
    ]


def messy_logs(max_events: int = 25) -> st.SearchStrategy[list[Event]]:
    """A valid log followed by one to three events aimed at its rules: often refused."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        events = draw(valid_logs(max_events))
        for _ in range(draw(st.integers(1, 3))):
            try:
                extra = draw(breaking_events(events))
            except RuleViolation:  # the log is already broken: nothing more to aim at
                break
            events = [*events, extra]
        return events

    return build()
