"""The organisation as a replay has built it so far: what the rules read before each event.

Replay (:mod:`orgsim.replay.timeline`) changes this state; the rules (:mod:`orgsim.replay.rules`)
only read it. Keeping it in its own module lets both import it without importing each other.
"""

from __future__ import annotations

import attrs

from orgsim.log.dates import PartialDate
from orgsim.log.events import CreateRole, Depart, Event, Hire, Leave, Reorg

__all__ = ["PersonNow", "ReplayState", "RoleNow", "TenureNow"]


@attrs.define
class RoleNow:
    """A role that exists now: its current title, manager and dotted lines, and the events
    behind them."""

    role: str
    title: str
    reports_to: str | None
    created: CreateRole
    changed: Event
    """The event that set the current title and manager (the creation, or the last reorg)."""
    since: PartialDate
    dotted_to: tuple[str, ...] = ()
    """The roles it answers to by a dotted line, beside its manager."""


@attrs.define
class TenureNow:
    """Who holds a role now, how, and the event that put them there."""

    person: str
    acting: bool
    event: Event


@attrs.define
class PersonNow:
    """Someone in the organisation now: their name, the hire, their roles and any leave."""

    name: str
    joined: Hire
    roles: list[str]
    leave: Leave | None = None


@attrs.define
class ReplayState:
    """The organisation as replay has built it so far. Rules read it; only replay changes it."""

    roles: dict[str, RoleNow] = attrs.Factory(dict)
    holders: dict[str, TenureNow] = attrs.Factory(dict)
    """Per role id, its holder; a vacant role has none."""
    people: dict[str, PersonNow] = attrs.Factory(dict)
    """Everyone in the organisation now."""
    departures: dict[str, Depart] = attrs.Factory(dict)
    """Everyone who has left (and not come back), with their departure: rule 2 cites it."""
    abolitions: dict[str, Reorg] = attrs.Factory(dict)
    """Every abolished role (not created again), with its abolition: rule 3 cites it."""

    def copy(self) -> ReplayState:
        """An independent copy: replay can go on from it without touching this one."""
        return ReplayState(
            roles={
                key: RoleNow(
                    r.role, r.title, r.reports_to, r.created, r.changed, r.since, r.dotted_to
                )
                for key, r in self.roles.items()
            },
            holders={
                key: TenureNow(t.person, t.acting, t.event) for key, t in self.holders.items()
            },
            people={
                key: PersonNow(p.name, p.joined, list(p.roles), p.leave)
                for key, p in self.people.items()
            },
            departures=dict(self.departures),
            abolitions=dict(self.abolitions),
        )
