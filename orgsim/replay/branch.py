"""Branches: a counterfactual scenario as a history of its own, not a refusal.

A what-if that changes the past ("what if she had resigned in January?") makes some of the real
events after it impossible: the log promotes her in March. A branch is the log up to the day the
scenario first changes, the scenario's own events, then the later real events that still make
sense. Each later real event that the branch makes impossible is *set aside*: not applied, and
listed with the rule it would break, never silently lost. An event that fails because an event
before it was set aside (the promotion of someone whose hire was set aside) is set aside too,
and names that event as the reason.

The scenario's own events obey every rule as strictly as a log's: one that breaks a rule is
refused. A strict scenario (``strict=True`` in
:meth:`~orgsim.organisation.Organisation.with_events`, ``--strict`` on the command line) has no
branch: a real event it makes impossible refuses the whole scenario, as a log would be refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from orgsim.log.events import CreateRole, Event, Hire, Retract, mentioned
from orgsim.replay.rules import RuleViolation

__all__ = ["Branch", "SetAside", "SetAsides", "branch_of"]


@attrs.frozen
class Branch:
    """Where a scenario leaves the real log: its events are numbered from ``first`` on, and it
    changes nothing before ``day``."""

    first: int
    """The seq of the scenario's first event: every event from it on is hypothetical."""
    day: dt.date
    """The first day the scenario changes: its earliest event, or the earliest event it
    withdraws."""

    def hypothetical(self, event: Event) -> bool:
        return event.seq >= self.first

    def may_set_aside(self, event: Event) -> bool:
        """Whether ``event`` is a real event the scenario may have made impossible: one on or
        after the day it branches. Real events before it stand as the log has them."""
        return event.seq < self.first and event.on.start >= self.day


def branch_of(events: Iterable[Event], first: int) -> Branch | None:
    """The branch a scenario numbered from ``first`` makes in ``events`` (the log and the
    scenario together), or None when the scenario holds no event."""
    by_seq: dict[int, Event] | None = None
    days: list[dt.date] = []
    everything = tuple(events)
    for event in everything:
        if event.seq < first:
            continue
        if isinstance(event, Retract):
            if by_seq is None:
                by_seq = {e.seq: e for e in everything}
            target = by_seq.get(event.target)
            if target is not None:  # a retraction changes history from its target's day
                days.append(target.on.start)
        else:
            days.append(event.on.start)
    return Branch(first, min(days)) if days else None


@attrs.frozen
class SetAside:
    """A real event a scenario made impossible, and why."""

    event: Event
    violation: RuleViolation
    """The rule the event would break in the scenario, with the event it conflicts with."""
    because: Event | None = None
    """The real event set aside before it that this one depends on (the hire of the person it
    promotes, say), or None when the scenario itself is the reason."""

    def reason(self) -> str:
        """The reason in words, for every view."""
        violation = self.violation
        said = f"rule {violation.rule} ({violation.rule_name}): {violation.message}"
        if violation.conflict is not None:
            said += f" (event {violation.conflict.brief()})"
        if self.because is not None:
            return f"it depends on #{self.because.seq}, set aside before it; {said}"
        return said


class SetAsides:
    """The real events a branch sets aside, collected during one replay."""

    def __init__(self, branch: Branch) -> None:
        self.branch = branch
        self.found: list[SetAside] = []
        self._gone_people: dict[str, Event] = {}
        self._gone_roles: dict[str, Event] = {}

    def take(self, event: Event, violation: RuleViolation) -> bool:
        """Set ``event`` aside for ``violation`` if the branch may; False when it may not (the
        violation then stands)."""
        if not self.branch.may_set_aside(event):
            return False
        people, roles = mentioned(event)
        because = next(
            (self._gone_people[p] for p in sorted(people) if p in self._gone_people),
            next((self._gone_roles[r] for r in sorted(roles) if r in self._gone_roles), None),
        )
        self.found.append(SetAside(event, violation, because))
        # What the event would have brought in, others after it may need: name it as theirs.
        if isinstance(event, Hire):
            self._gone_people.setdefault(event.person, event)
        elif isinstance(event, CreateRole):
            self._gone_roles.setdefault(event.role, event)
        return True
