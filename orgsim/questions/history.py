"""A person's history: every stay in the organisation, the roles held in it, the leaves, and
when, why and where they left."""

from __future__ import annotations

import attrs

from orgsim.log.events import Depart, Hire
from orgsim.questions.spells import Departure, Spell, belongs_to, measured_to, not_found, title_on
from orgsim.replay.timeline import Timeline

__all__ = ["History", "RoleSpell", "Stay", "history"]


@attrs.frozen
class RoleSpell:
    """A person in one role."""

    role: str
    title: str
    acting: bool
    spell: Spell


@attrs.frozen
class Stay:
    """One time in the organisation: joined, roles, leaves, departure (None if still there)."""

    name: str
    spell: Spell
    roles: tuple[RoleSpell, ...]
    leaves: tuple[Spell, ...]
    departure: Departure | None
    origin: str | None = None
    """Where they came from, as their hire says (None if it does not)."""


@attrs.frozen
class History:
    """Everything a log says about one person, in order. A re-hire makes a second stay."""

    person: str
    name: str
    stays: tuple[Stay, ...]


def history(timeline: Timeline, person: str) -> History:
    """Every stay of ``person`` (an id or a name)."""
    person = timeline.person_id(person) if person not in timeline.stints else person
    stints = timeline.stints.get(person)
    if not stints:
        raise not_found(timeline, "person", person)
    today = measured_to(timeline)
    stays = []
    for stint in stints:
        within = [t for t in timeline.roles_held.get(person, ()) if belongs_to(t, stint)]
        leaves = [a for a in timeline.absences.get(person, ()) if belongs_to(a, stint)]
        departure = None
        if isinstance(stint.ended_by, Depart):
            event = stint.ended_by
            departure = Departure.of(timeline, event)
        stays.append(
            Stay(
                name=stint.name,
                spell=Spell.of(stint, today),
                roles=tuple(
                    RoleSpell(
                        t.role,
                        title_on(timeline, t.role, t.start.start),
                        t.acting,
                        Spell.of(t, today),
                    )
                    for t in within
                ),
                leaves=tuple(Spell.of(a, today) for a in leaves),
                departure=departure,
                origin=stint.event.origin if isinstance(stint.event, Hire) else None,
            )
        )
    return History(person=person, name=stints[-1].name, stays=tuple(stays))
