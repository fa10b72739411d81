"""A company that lives day by day and writes down what happens to it as events.

The model keeps its own picture of the organisation (seats, people, what is scheduled) and
only ever emits an event that the rules allow in that picture; since it emits in date order,
replaying its log rebuilds the same picture. What happens:

- Day one: a role tree sized to the headcount (a CEO, department heads, layers of managers,
  people in the seats at the bottom), spans of control varying around ``span``; everyone hired.
- Every day: departures at the ``attrition`` rate, with reasons and sometimes a destination,
  some known only to the month or year (dated the first of the next month or year); leaves of
  absence and returns; new seats as the company grows; renamed and moved teams; now and then a
  layoff round in one department, whose seats are abolished.
- A vacant seat is filled after a delay: a manager seat mostly by promoting a direct report,
  often with one of them acting meanwhile; other seats by a lateral move or an outside hire
  (sometimes a former employee coming back). Each move leaves a seat behind, filled in turn.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from collections.abc import Callable
from typing import Any

import attrs

from orgsim.log.dates import PartialDate
from orgsim.log.events import (
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Reorg,
    Return,
    StepDown,
)
from orgsim.simulation.draws import Bag, poisson
from orgsim.simulation.parameters import Simulation
from orgsim.simulation.words import (
    DEPARTMENTS,
    DESTINATIONS,
    FIRST_NAMES,
    SURNAMES,
    TEAMS,
    Registry,
    slug,
)

__all__ = ["simulate"]

#: Why people leave (layoffs come in rounds of their own), and how often.
_REASONS = ("resigned", "retired", "fired", "died")
_REASON_WEIGHTS = (0.8, 0.1, 0.09, 0.01)
#: Managers' rank by how far above the bottom of the tree their seat is.
_RANKS = ("Manager", "Senior Manager", "Director", "Senior Director")


@attrs.define
class _Seat:
    id: str
    title: str
    parent: str | None
    level: int
    department: int
    team: str
    manager: bool
    cap: int
    children: list[str] = attrs.Factory(list)
    holder: str | None = None
    acting: bool = False
    filling: bool = False


@attrs.define
class _Member:
    id: str
    name: str
    roles: list[str] = attrs.Factory(list)
    leave: int = 0  # the number of the leave they are on, 0 when at work
    leaving: int = 0  # the number of the notice given, 0 when no departure is scheduled


class Company:
    """One run of a :class:`Simulation`: call :meth:`run` once for its events."""

    def __init__(self, parameters: Simulation) -> None:
        self.p = parameters
        self.rng = random.Random(parameters.seed)
        self.source = parameters.command()
        self.events: list[Event] = []
        self.seats: dict[str, _Seat] = {}
        self.people: dict[str, _Member] = {}
        self.present: Bag[str] = Bag()
        self.alumni: Bag[str] = Bag()
        self.managers: Bag[str] = Bag()  # manager seats other than the root
        self.workers: list[Bag[str]] = [Bag() for _ in DEPARTMENTS]  # seats at the bottom
        s = parameters.span
        ratio = max(parameters.people, 2) * (s - 1) / s
        self.bottom = max(1, round(math.log(ratio) / math.log(s)))
        self.open: list[Bag[str]] = [Bag() for _ in range(self.bottom)]  # managers with room
        self.titles = Registry()
        self.ids = Registry("-")
        self.person_ids = Registry("-")
        self.schedule: list[tuple[int, int, tuple[Any, ...]]] = []
        self.counter = 0
        self.departments_made = 0
        self.layoffs = 0
        self.last_layoff = 0
        self.today = parameters.start
        self.target = float(parameters.people)
        self._dates: dict[tuple[dt.date, str], PartialDate] = {}
        self.founded = False
        self.root = self._create(None, 0, manager=parameters.people > 1 or self.bottom > 0)

    # ---- the run -------------------------------------------------------------------------

    def run(self, progress: Callable[[int], None] | None = None) -> list[Event]:
        """Every event of the simulation, numbered from 1, in the order replay applies them."""
        self._found()
        days = (self.p.end - self.p.start).days
        for number in range(1, days + 1):
            self.today = self.p.start + dt.timedelta(days=number)
            self._due()
            self._daily()
            if progress is not None:
                progress(1)
        return self.events

    def _found(self) -> None:
        while len(self.seats) < self.p.people:
            self._add_bottom_seat()
        for number, seat in enumerate(list(self.seats.values())):
            if number < self.p.people:
                self._hire(seat, rehire=False)
            else:
                self._vacate(seat)
        self.founded = True

    def _due(self) -> None:
        ordinal = self.today.toordinal()
        while self.schedule and self.schedule[0][0] <= ordinal:
            _, _, action = heapq.heappop(self.schedule)
            kind, *rest = action
            if kind == "fill":
                self._fill(rest[0])
            elif kind == "acting":
                self._appoint_acting(rest[0])
            elif kind == "return":
                self._return(rest[0], rest[1])
            else:
                self._leave_after_notice(*rest)

    def _daily(self) -> None:
        p, rng = self.p, self.rng
        self.target *= (1 + p.growth) ** (1 / 365)
        while len(self.seats) < self.target:
            self._add_bottom_seat()
        for _ in range(poisson(rng, len(self.present) * p.attrition / 365)):
            self._give_notice(self.present.pick(rng))
        for _ in range(poisson(rng, len(self.present) * p.leave_rate / 365)):
            self._start_leave(self.present.pick(rng))
        for _ in range(poisson(rng, len(self.managers) * p.reorg_rate / 365)):
            self._reorganise(self.seats[self.managers.pick(rng)])
        # A company far above the size it is shrinking to does not wait for people to leave.
        shrinking = len(self.seats) > 1.05 * self.target + self.bottom
        month_since = self.today.toordinal() - self.last_layoff >= 30
        if rng.random() < p.layoff_rate / 365:
            self._lay_off(resize=True)
        elif shrinking and month_since:
            self._lay_off(resize=False)

    def _later(self, days: int, *action: Any) -> None:
        self.counter += 1
        heapq.heappush(self.schedule, (self.today.toordinal() + days, self.counter, action))

    # ---- events --------------------------------------------------------------------------

    def _date(self, day: dt.date, precision: str = "day") -> PartialDate:
        key = (day, precision)
        date = self._dates.get(key)
        if date is None:
            date = PartialDate(
                day.year,
                day.month if precision != "year" else None,
                day.day if precision == "day" else None,
            )
            self._dates[key] = date
        return date

    def _emit(self, kind: type[Event], precision: str = "day", **fields: Any) -> None:
        # Facts reach the records on the day, or up to two weeks later.
        lag = 0 if self.rng.random() < 0.5 else self.rng.randint(1, 14)
        event = kind(
            seq=len(self.events) + 1,
            on=self._date(self.today, precision),
            recorded=self._date(self.today + dt.timedelta(days=lag)),
            source=self.source,
            **fields,
        )
        self.events.append(event)

    # ---- seats ---------------------------------------------------------------------------

    def _create(self, parent: _Seat | None, level: int, *, manager: bool) -> _Seat:
        rng = self.rng
        if parent is None:
            department, team, title = -1, "", "Chief Executive Officer"
        elif level == 1 and manager:
            department = self.departments_made % len(DEPARTMENTS)
            self.departments_made += 1
            team = DEPARTMENTS[department][0]
            title = f"VP, {team}"
        else:
            department = (
                parent.department if parent.department >= 0 else rng.randrange(len(DEPARTMENTS))
            )
            name, work = DEPARTMENTS[department]
            team = parent.team if parent.level >= 2 or not manager else rng.choice(TEAMS)
            if manager:
                rank = _RANKS[min(self.bottom - level, len(_RANKS)) - 1]
                title = f"{rank}, {name} ({team})"
            else:
                team = parent.team if parent.level >= 2 else name
                title = f"{work}, {team}"
        title = self.titles.unique(title)
        cap = max(2, round(self.p.span * rng.uniform(0.6, 1.4)))
        seat = _Seat(
            self.ids.unique("ceo" if parent is None else slug(title)),
            title,
            parent.id if parent else None,
            level,
            department,
            team,
            manager,
            cap,
        )
        self.seats[seat.id] = seat
        if manager and level < self.bottom:
            self.open[level].add(seat.id)
        if parent is not None:
            self._attach(seat, parent)
            if manager:
                self.managers.add(seat.id)
            else:
                self.workers[department].add(seat.id)
        self._emit(CreateRole, role=seat.id, title=title, reports_to=parent.id if parent else None)
        if self.founded:  # a seat added later is filled like any vacancy
            self._vacate(seat)
        return seat

    def _attach(self, seat: _Seat, parent: _Seat) -> None:
        seat.parent = parent.id
        parent.children.append(seat.id)
        if len(parent.children) >= parent.cap and parent.parent is not None:
            self.open[parent.level].discard(parent.id)

    def _detach(self, seat: _Seat) -> None:
        assert seat.parent is not None
        parent = self.seats[seat.parent]
        parent.children.remove(seat.id)
        if len(parent.children) < parent.cap and parent.level < self.bottom:
            self.open[parent.level].add(parent.id)

    def _with_room(self, level: int) -> _Seat:
        """A manager seat at ``level`` with room for one more report, made if there is none
        (the CEO always has room: a company adds departments before it adds a layer)."""
        if level == 0:
            return self.seats[self.root.id]
        if self.open[level]:
            return self.seats[self.open[level].pick(self.rng)]
        return self._create(self._with_room(level - 1), level, manager=True)

    def _add_bottom_seat(self) -> _Seat:
        return self._create(self._with_room(self.bottom - 1), self.bottom, manager=False)

    def _abolish(self, seat: _Seat, note: str) -> None:
        self._clear_acting(seat)
        self._emit(Reorg, role=seat.id, abolished=True, note=note)
        self._detach(seat)
        del self.seats[seat.id]
        if seat.level < self.bottom:
            self.open[seat.level].discard(seat.id)
        self.managers.discard(seat.id)
        if seat.department >= 0:
            self.workers[seat.department].discard(seat.id)

    def _reorganise(self, seat: _Seat) -> None:
        rng = self.rng
        if seat.level >= 2 and rng.random() < 0.5:
            parent = self.seats[seat.parent or ""]
            cousins = [
                self.seats[c]
                for c in self.seats[parent.parent or ""].children
                if c != parent.id and self.seats[c].manager
            ]
            cousins = [
                c for c in cousins if len(c.children) < c.cap and c.department == seat.department
            ]
            if cousins:
                target = rng.choice(cousins)
                self._emit(Reorg, role=seat.id, reports_to=target.id)
                self._detach(seat)
                self._attach(seat, target)
                return
        if seat.level == 1:
            name = DEPARTMENTS[seat.department][0]
            base = f"SVP, {name}" if seat.title.startswith("VP") else f"VP, {name}"
        else:
            seat.team = rng.choice(TEAMS)
            rank = seat.title.split(",")[0]
            base = f"{rank}, {DEPARTMENTS[seat.department][0]} ({seat.team})"
        seat.title = self.titles.unique(base)
        self._emit(Reorg, role=seat.id, title=seat.title)

    # ---- people --------------------------------------------------------------------------

    def _hire(self, seat: _Seat, *, rehire: bool) -> None:
        if rehire and self.alumni:
            person = self.people[self.alumni.pick(self.rng)]
            self.alumni.discard(person.id)
            person.leaving, person.leave = 0, 0
        else:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            person = _Member(self.person_ids.unique(slug(name)), name)
            self.people[person.id] = person
        self._emit(Hire, person=person.id, name=person.name, role=seat.id)
        self.present.add(person.id)
        self._take(person, seat, acting=False)

    def _take(self, person: _Member, seat: _Seat, *, acting: bool) -> None:
        seat.holder, seat.acting = person.id, acting
        person.roles.append(seat.id)

    def _vacate(self, seat: _Seat) -> None:
        """The seat has no holder now: fill it after a delay, with someone acting meanwhile."""
        if seat.holder is not None:
            self.people[seat.holder].roles.remove(seat.id)
        seat.holder, seat.acting = None, False
        if seat.filling:
            return
        seat.filling = True
        mean = self.p.fill_days * (1.5 if seat.children else 1.0)
        self._later(max(1, round(self.rng.expovariate(1 / mean))), "fill", seat.id)
        if seat.children and self.rng.random() < self.p.acting_share:
            self._later(self.rng.randint(0, 5), "acting", seat.id)

    def _clear_acting(self, seat: _Seat) -> None:
        if seat.holder is not None and seat.acting:
            holder = seat.holder
            self._emit(StepDown, person=holder, role=seat.id)
            self.people[holder].roles.remove(seat.id)
            seat.holder, seat.acting = None, False

    def _movable(self, person_id: str | None, also: str | None = None) -> _Member | None:
        """The person, if they can take another seat now: at work, not leaving, one seat held
        (or two, when the second is the acting seat ``also``)."""
        if person_id is None:
            return None
        person = self.people[person_id]
        roles = [r for r in person.roles if r != also]
        ok = person.id in self.present and not person.leaving and not person.leave
        return person if ok and len(roles) == 1 else None

    def _reports(self, seat: _Seat) -> list[_Member]:
        found = (self._movable(self.seats[c].holder, seat.id) for c in seat.children)
        return [person for person in found if person is not None]

    def _appoint_acting(self, seat_id: str) -> None:
        seat = self.seats.get(seat_id)
        if seat is None or seat.holder is not None or not seat.filling:
            return
        candidates = self._reports(seat)
        if candidates:
            person = self.rng.choice(candidates)
            self._emit(Promote, person=person.id, role=seat.id, acting=True, additional=True)
            self._take(person, seat, acting=True)

    def _fill(self, seat_id: str) -> None:
        seat = self.seats.get(seat_id)
        if seat is None or not seat.filling:
            return
        seat.filling = False
        p, rng = self.p, self.rng
        # Adding a bottom seat can add managers above it, so seats overshoot by a few.
        surplus = len(self.seats) - self.target - self.bottom
        if seat.parent is not None and not seat.children and surplus > 0:
            self._abolish(seat, "not refilled: the organisation is shrinking")
            return
        if seat.parent is not None and seat.children and rng.random() < p.reorg_rate:
            siblings = [
                self.seats[s]
                for s in self.seats[seat.parent].children
                if s != seat.id and self.seats[s].manager
            ]
            room = [s for s in siblings if s.cap - len(s.children) >= len(seat.children)]
            if room:
                self._merge(seat, rng.choice(room))
                return
        mover: _Member | None = None
        if seat.children and rng.random() < p.promotion_share:
            candidates = self._reports(seat)
            acting = self._movable(seat.holder, seat.id) if seat.acting else None
            if acting is not None and rng.random() < 0.6:
                mover = acting
            elif candidates:
                mover = rng.choice(candidates)
        elif not seat.manager and seat.department >= 0 and rng.random() < p.lateral_share:
            pool = self.workers[seat.department]
            for _ in range(8):
                other = self.seats[pool.pick(rng)]
                mover = self._movable(other.holder) if other is not seat else None
                if mover is not None:
                    break
        if mover is None or mover.id != seat.holder:
            self._clear_acting(seat)
        if mover is None:
            self._hire(seat, rehire=rng.random() < p.rehire_share)
            return
        left = [self.seats[r] for r in mover.roles if r != seat.id]
        self._emit(Promote, person=mover.id, role=seat.id)
        if seat.holder != mover.id:
            self._take(mover, seat, acting=False)
        seat.acting = False
        for old in left:
            self._vacate(old)

    def _merge(self, seat: _Seat, into: _Seat) -> None:
        self._clear_acting(seat)
        for child in list(seat.children):
            moved = self.seats[child]
            self._emit(Reorg, role=moved.id, reports_to=into.id)
            self._detach(moved)
            self._attach(moved, into)
        self._abolish(seat, f"merged into {into.title}")

    def _give_notice(self, person_id: str) -> None:
        person = self.people[person_id]
        if person.leaving:
            return
        rng = self.rng
        reason = rng.choices(_REASONS, _REASON_WEIGHTS)[0]
        goes_on = reason == "resigned" and rng.random() < 0.4
        destination = rng.choice(DESTINATIONS) if goes_on else None
        roll = rng.random() / self.p.imprecise_share if self.p.imprecise_share else 1.0
        if roll >= 1:
            self._depart(person_id, reason, destination, "day")
            return
        self.counter += 1
        person.leaving = self.counter
        day = self.today
        if roll < 0.2:  # known only to the year: placed on 1 January of the next
            start = dt.date(day.year + 1, 1, 1)
        else:  # known only to the month: placed on the first of the next
            start = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        precision = "year" if roll < 0.2 else "month"
        action = ("notice", person_id, person.leaving, reason, destination, precision)
        self._later((start - day).days, *action)

    def _leave_after_notice(
        self, person_id: str, notice: int, reason: str, destination: str | None, precision: str
    ) -> None:
        if self.people[person_id].leaving == notice and person_id in self.present:
            self._depart(person_id, reason, destination, precision)

    def _depart(
        self,
        person_id: str,
        reason: str,
        destination: str | None,
        precision: str,
        note: str | None = None,
    ) -> None:
        person = self.people[person_id]
        self._emit(
            Depart,
            precision,
            person=person_id,
            reason=reason,
            destination=destination,
            note=note,
        )
        for role in list(person.roles):
            self._vacate(self.seats[role])
        self.present.discard(person_id)
        if reason in {"resigned", "laid-off"}:  # those who may be hired back one day
            self.alumni.add(person_id)
        person.leaving, person.leave = 0, 0

    def _start_leave(self, person_id: str) -> None:
        person = self.people[person_id]
        if person.leave or person.leaving:
            return
        self.counter += 1
        person.leave = self.counter
        self._emit(Leave, person=person_id)
        self._later(self.rng.randint(30, 180), "return", person_id, person.leave)

    def _return(self, person_id: str, leave: int) -> None:
        person = self.people[person_id]
        if person.leave == leave and person_id in self.present:
            self._emit(Return, person=person_id)
            person.leave = 0

    def _lay_off(self, *, resize: bool) -> None:
        """Cut 5-20% of one department's working seats, people and seats both; a round out of
        the blue (``resize``) also lowers the size the company aims at, so it does not hire the
        seats straight back."""
        rng = self.rng
        department = rng.randrange(len(DEPARTMENTS))
        seats = [self.seats[s] for s in self.workers[department].items]
        held = [s for s in seats if s.holder is not None]
        if not held:
            return
        self.layoffs += 1
        self.last_layoff = self.today.toordinal()
        cut = rng.sample(held, max(1, round(len(held) * rng.uniform(0.05, 0.2))))
        note = f"layoff round {self.layoffs}: {DEPARTMENTS[department][0]}"
        for seat in cut:
            if seat.holder is not None:
                self._depart(seat.holder, "laid-off", None, "day", note)
            if seat.id in self.seats and seat.holder is None:
                self._abolish(seat, note)
        if resize:
            self.target = max(1.0, self.target - len(cut))


def simulate(
    parameters: Simulation | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    **changes: Any,
) -> tuple[Event, ...]:
    """The events of a synthetic organisation, numbered from 1, ready to write to a log.

    ``orgsim.simulate(people=300, years=5, seed=1)``, or pass a :class:`Simulation`. Every log it
    gives passes every rule. ``progress`` is called with 1 for each simulated day.
    """
    chosen = attrs.evolve(parameters or Simulation(), **changes) if changes else parameters
    return tuple(Company(chosen or Simulation()).run(progress))
