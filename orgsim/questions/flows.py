"""Moves between organisations: where people went, and where they came from, from both sides.

One log holds one organisation, so a move is told twice: a departure from one log (its
``destination``) and a hire in another (its ``origin``). Given the timelines of several
organisations (a workspace), :func:`moves` joins the two sides of each move into one
:class:`Move`, :func:`flows` counts them between two dates, organisation to organisation, and
:func:`disagreements` lists the moves whose two sides do not agree.

A destination or an origin holds an organisation's name (a line of version 1, where it was
free text, is read as its text up to the first bracket, semicolon or comma: see
:mod:`orgsim.log.upcasting`). It *names* an organisation of the workspace when it is the
organisation's title or name, in any case, hyphens read as spaces ("thinking machines lab"
names ``thinking-machines``, titled "Thinking Machines Lab"). One that names none is an
organisation outside the workspace, called by that name ("Google DeepMind").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from orgsim.errors import OrgsimError
from orgsim.log.dates import BY, FROM, PartialDate, Precision
from orgsim.log.events import Depart, Event, Hire
from orgsim.questions.spells import date_range
from orgsim.replay.timeline import Timeline

__all__ = [
    "TOLERANCE_DAYS",
    "Disagreement",
    "Flow",
    "Flows",
    "Move",
    "Party",
    "Side",
    "days_apart",
    "disagreements",
    "flows",
    "moves",
    "named",
]

#: How far apart the two sides of a move may be dated and still agree: a founder's new company
#: is often announced months after they left the old one.
TOLERANCE_DAYS = 183


@attrs.frozen
class Party:
    """An organisation of a workspace, as the questions see it: its name (an id such as
    ``openai``), its title (``OpenAI``), and its timeline."""

    name: str
    title: str
    timeline: Timeline = attrs.field(repr=False, eq=False)


@attrs.frozen
class Side:
    """One side of a move as one log tells it: the departure or the hire, in which log."""

    organisation: str
    """The name of the organisation whose log holds ``event``."""
    event: Event
    """The :class:`~orgsim.log.events.Depart` or :class:`~orgsim.log.events.Hire`."""

    @property
    def on(self) -> PartialDate:
        return self.event.on

    @property
    def source(self) -> str:
        return self.event.source


@attrs.frozen
class Move:
    """A person going from one organisation to another, with each side its log tells.

    ``origin`` and ``destination`` are names of organisations of the workspace, or the text of
    one outside it. ``left`` is the departure from the origin (None when the origin is outside
    the workspace, or its log has no such departure); ``joined`` the hire at the destination
    (likewise)."""

    person: str
    name: str
    origin: str
    destination: str
    left: Side | None
    joined: Side | None

    @property
    def on(self) -> PartialDate:
        """When the move is dated: the departure, or the hire when no departure is logged."""
        side = self.left or self.joined
        assert side is not None
        return side.on

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(side.source for side in (self.left, self.joined) if side is not None)


@attrs.frozen
class Flow:
    """Everyone who went from ``origin`` to ``destination`` in the period, in date order."""

    origin: str
    destination: str
    moves: tuple[Move, ...]

    @property
    def count(self) -> int:
        return len(self.moves)


@attrs.frozen
class Flows:
    """The moves between organisations from ``start`` to ``end`` (both included), grouped into
    flows, the largest first. ``titles`` gives the title of every organisation named (those
    outside the workspace are their own title); ``members`` are the workspace's names."""

    start: dt.date
    end: dt.date
    flows: tuple[Flow, ...]
    titles: Mapping[str, str]
    members: tuple[str, ...]

    @property
    def moves(self) -> tuple[Move, ...]:
        return tuple(move for flow in self.flows for move in flow.moves)


@attrs.frozen
class Disagreement:
    """A move whose two sides do not agree, or whose other side is missing, with every event
    involved (each with the organisation whose log holds it) so that a message can place it."""

    message: str
    sides: tuple[Side, ...]


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", text.casefold()).split())


def named(text: str | None, parties: Sequence[Party], *, besides: str | None = None) -> str | None:
    """The name of the party ``text`` (a destination or an origin) names, if any, other than
    ``besides``: the party's title or name, in any case, hyphens read as spaces."""
    if not text:
        return None
    wanted = _normal(text)
    for party in parties:
        if party.name != besides and wanted in {_normal(party.title), _normal(party.name)}:
            return party.name
    return None


def _earliest(date: PartialDate) -> dt.date | None:
    return None if date.bound == BY else date.start


def _latest(date: PartialDate) -> dt.date | None:
    """The last day ``date`` may mean (None: no limit)."""
    if date.bound == FROM:
        return None
    if date.precision is Precision.DAY:
        return date.start
    if date.precision is Precision.MONTH:
        assert date.month is not None
        return dt.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return dt.date(date.year, 12, 31)


def days_apart(one: PartialDate, other: PartialDate) -> int:
    """How many days lie between the days two dates may mean (0 when they may be the same
    day): "Sep 2024" and "2 Oct 2024" are 2 days apart, "by May 2021" and "28 May 2021" 0."""
    gaps = [0]
    for first, second in ((one, other), (other, one)):
        late, early = _latest(first), _earliest(second)
        if late is not None and early is not None:
            gaps.append((early - late).days)
    return max(gaps)


def _departures(party: Party) -> Iterable[Depart]:
    return (e for e in party.timeline.applied if isinstance(e, Depart))


def _hires(party: Party) -> Iterable[Hire]:
    return (e for e in party.timeline.applied if isinstance(e, Hire))


def _nearest(sides: Sequence[Side], on: PartialDate) -> Side | None:
    return min(sides, key=lambda side: days_apart(side.on, on), default=None)


def moves(parties: Sequence[Party]) -> tuple[Move, ...]:
    """Every move the logs of ``parties`` tell, in date order: each departure whose
    destination is known, joined to the nearest hire of the same person at the destination
    (when it is a party), and each hire whose origin is known and that no departure has
    claimed, joined to the nearest departure of that person from the origin."""
    by_name = {party.name: party for party in parties}
    found: list[Move] = []
    claimed: set[tuple[str, int]] = set()
    for party in parties:
        for departure in _departures(party):
            if not departure.destination:
                continue
            target = named(departure.destination, parties, besides=party.name)
            joined: Side | None = None
            if target is not None:
                hires = [
                    Side(target, hire)
                    for hire in _hires(by_name[target])
                    if hire.person == departure.person
                ]
                joined = _nearest(hires, departure.on)
                if joined is not None:
                    claimed.add((target, joined.event.seq))
            found.append(
                Move(
                    departure.person,
                    party.timeline.name_of(departure.person),
                    party.name,
                    target or departure.destination.strip(),
                    Side(party.name, departure),
                    joined,
                )
            )
    for party in parties:
        for hire in _hires(party):
            if not hire.origin or (party.name, hire.seq) in claimed:
                continue
            source = named(hire.origin, parties, besides=party.name)
            left: Side | None = None
            if source is not None:
                departures = [
                    Side(source, departure)
                    for departure in _departures(by_name[source])
                    if departure.person == hire.person
                ]
                left = _nearest(departures, hire.on)
            origin = source or hire.origin.strip()
            found.append(
                Move(hire.person, hire.name, origin, party.name, left, Side(party.name, hire))
            )
    return tuple(sorted(found, key=lambda move: (move.on.start, move.person, move.destination)))


def flows(
    parties: Sequence[Party],
    start: dt.date | str,
    end: dt.date | str,
    *,
    between: Iterable[str] | None = None,
) -> Flows:
    """The moves dated from ``start`` to ``end`` (dates or ``"YYYY-MM-DD"``, both included;
    a range given backwards is refused), grouped by origin and destination, the largest flow
    first. ``between`` keeps only the moves whose both ends are among those organisations
    (names of parties, or of organisations outside the workspace as :attr:`Flows.titles` calls
    them); a single name keeps every move into or out of that organisation, since a move has
    two ends and "among one" would keep none. An unknown name is refused."""
    first, last = date_range(start, end)
    found = [move for move in moves(parties) if first <= move.on.start <= last]
    titles = {party.name: party.title for party in parties}
    for move in found:
        for end_name in (move.origin, move.destination):
            titles.setdefault(end_name, end_name)
    if between is not None:
        wanted = {_resolve(name, parties, titles) for name in between}
        if len(wanted) == 1:
            found = [m for m in found if m.origin in wanted or m.destination in wanted]
        else:
            found = [m for m in found if m.origin in wanted and m.destination in wanted]
    grouped: dict[tuple[str, str], list[Move]] = {}
    for move in found:
        grouped.setdefault((move.origin, move.destination), []).append(move)
    ordered = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))
    used = {name for move in found for name in (move.origin, move.destination)}
    return Flows(
        first,
        last,
        tuple(
            Flow(origin, destination, tuple(people)) for (origin, destination), people in ordered
        ),
        {
            name: title
            for name, title in titles.items()
            if name in used or name in {p.name for p in parties}
        },
        tuple(party.name for party in parties),
    )


def _resolve(name: str, parties: Sequence[Party], titles: Mapping[str, str]) -> str:
    """The organisation ``name`` means in a ``between`` list: a party by name or title, or an
    outside organisation as the moves call it (any case)."""
    party = named(name, parties)
    if party is not None and _normal(name) in {_normal(party), _normal(titles[party])}:
        return party
    for known in titles:
        if _normal(known) == _normal(name):
            return known
    choices = ", ".join(sorted(titles))
    raise OrgsimError(f"no organisation {name!r} in the workspace or its moves (known: {choices})")


def disagreements(
    parties: Sequence[Party], tolerance_days: int = TOLERANCE_DAYS
) -> tuple[Disagreement, ...]:
    """Every move between two parties whose sides do not agree: one side missing where the
    other log knows the person (a departure to a party whose log has them but never hires
    them, a hire from a party whose log has them but never sees them leave, or has their name
    under another id), the two dated more than ``tolerance_days`` apart, or the hire's origin
    naming another organisation than the one they left. A move told by one log, of someone the
    other has never heard of, is not a disagreement: each log covers whom it covers."""
    if tolerance_days < 0:
        raise OrgsimError(f"a tolerance is a number of days, 0 or more, not {tolerance_days}")
    titles = {party.name: party.title for party in parties}
    by_name = {party.name: party for party in parties}
    problems: list[Disagreement] = []
    for move in moves(parties):
        inside = move.origin in titles and move.destination in titles
        if not inside:
            continue
        origin, destination = titles[move.origin], titles[move.destination]
        if move.joined is None or move.left is None:
            # Told by one log only. A log that has never heard of the person (it covers the
            # leadership, they were not in it) leaves nothing to disagree with; one that knows
            # them, or knows their name under another id, does.
            told = move.left or move.joined
            assert told is not None
            other = move.destination if move.joined is None else move.origin
            hint = _same_name(parties, other, move.name, move.person)
            if not hint and move.person not in by_name[other].timeline.stints:
                continue
            if move.joined is None:
                message = (
                    f"{move.name} ({move.person}) left {origin} for {destination} on "
                    f"{told.on.label()}, but {destination}'s log never hires {move.person}"
                )
            else:
                message = (
                    f"{move.name} ({move.person}) joined {destination} from {origin} on "
                    f"{told.on.label()}, but {origin}'s log never sees {move.person} leave"
                )
            problems.append(Disagreement(message + hint, (told,)))
            continue
        hire = move.joined.event
        assert isinstance(hire, Hire)
        said = named(hire.origin, parties, besides=move.destination) if hire.origin else None
        if hire.origin and said != move.origin:
            problems.append(
                Disagreement(
                    f"{move.name} ({move.person}) left {origin} for {destination}, but "
                    f"{destination}'s log says they came from {hire.origin}",
                    (move.left, move.joined),
                )
            )
        apart = days_apart(move.left.on, move.joined.on)
        if apart > tolerance_days:
            problems.append(
                Disagreement(
                    f"{move.name} ({move.person}) left {origin} on {move.left.on.label()} and "
                    f"joined {destination} on {move.joined.on.label()}: {apart} days apart, "
                    f"more than the {tolerance_days} allowed",
                    (move.left, move.joined),
                )
            )
    return tuple(problems)


def _same_name(parties: Sequence[Party], where: str, name: str, person: str) -> str:
    """A hint when the other log has the same name under another id."""
    party = next(p for p in parties if p.name == where)
    others = sorted(
        key
        for key, stints in party.timeline.stints.items()
        if key != person and any(_normal(s.name) == _normal(name) for s in stints)
    )
    if not others:
        return ""
    return f" (it has {name} as {', '.join(others)}: one person needs one id in every log)"
