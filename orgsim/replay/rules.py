"""The six rules every timeline obeys, each written once, here.

Rules 1 to 3 are checks on the next event: each looks at the organisation as replay has built it so
far (a :class:`~orgsim.replay.state.ReplayState`) and raises
:class:`~orgsim.replay.rules.RuleViolation` naming the rule, the event and the earlier event it
conflicts with (:func:`check`). Checks never change the state: applying an event is replay's job,
deciding whether it may be applied is theirs. Rule 4 names a backdated event as the cause of what it
breaks (:func:`late_arrival`), rule 5 is the order replay applies events in (:func:`replay_order`),
and rule 6 decides which events retractions withdraw (:func:`withdrawn`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final, assert_never

import attrs

from orgsim.errors import OrgsimError
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
    of_kind,
)
from orgsim.replay.state import ReplayState

__all__ = [
    "LATE_ARRIVAL",
    "ONE_HOLDER",
    "ORDER",
    "PRESENCE",
    "RETRACTION",
    "RULES",
    "STRUCTURE",
    "Rule",
    "RuleViolation",
    "RuleViolations",
    "blame_retraction",
    "check",
    "late_arrival",
    "replay_order",
    "withdrawn",
]


class RuleViolation(OrgsimError):
    """An event breaks one of the rules of the timeline (see ``orgsim.replay.rules``).

    ``event`` is the event that could not be applied, ``conflict`` the earlier event it clashes
    with (when there is one). ``where`` maps a seq to a place (file and line) for the message.
    """

    def __init__(
        self,
        rule: int,
        rule_name: str,
        message: str,
        event: Event,
        conflict: Event | None = None,
    ) -> None:
        self.rule = rule
        self.rule_name = rule_name
        self.message = message
        self.event = event
        self.conflict = conflict
        self.place: str | None = None
        self.conflict_place: str | None = None
        super().__init__(self.describe())

    def located(self, place: str | None, conflict_place: str | None) -> RuleViolation:
        """Attach where the event (and its conflict) stand in a file, for the message."""
        self.place = place
        self.conflict_place = conflict_place
        self.args = (self.describe(),)
        return self

    def describe(self) -> str:
        where = f"{self.place}: " if self.place else ""
        text = (
            f"{where}rule {self.rule} ({self.rule_name}) broken by event "
            f"{self.event.brief()}: {self.message}"
        )
        if self.conflict is not None:
            cwhere = f" at {self.conflict_place}" if self.conflict_place else ""
            text += f"; conflicts with event {self.conflict.brief()}{cwhere}"
        return text

    def __str__(self) -> str:
        return self.describe()


class RuleViolations(OrgsimError):
    """Several rule violations, reported together by a lenient load."""

    def __init__(self, violations: Sequence[RuleViolation]) -> None:
        self.violations = tuple(violations)
        lines = [f"{len(self.violations)} rule violation(s):"]
        lines += [f"  {v.describe()}" for v in self.violations]
        super().__init__("\n".join(lines))


@attrs.frozen
class Rule:
    """One promise of the timeline, with the number and name errors cite."""

    number: int
    name: str
    statement: str

    def broken(self, message: str, event: Event, conflict: Event | None = None) -> RuleViolation:
        return RuleViolation(self.number, self.name, message, event, conflict)


ONE_HOLDER: Final = Rule(1, "one holder", "No role has two holders at the same moment.")
PRESENCE: Final = Rule(
    2,
    "presence",
    "A person holds roles only between joining and leaving; nobody absent is promoted, sent on "
    "leave or departed, and nobody present is hired again.",
)
STRUCTURE: Final = Rule(
    3,
    "structure",
    "Roles exist before they are filled or reported to, by a solid or a dotted line; solid "
    "reporting lines form a forest at every date, and a dotted line never doubles one; a role is "
    "abolished only when vacant and with no reports, solid or dotted.",
)
LATE_ARRIVAL: Final = Rule(
    4,
    "late arrival",
    "A backdated event is accepted only if the whole timeline still obeys the rules with it.",
)
ORDER: Final = Rule(
    5,
    "order",
    "Events apply in order of their date (an imprecise date counts from its start), and events "
    "on the same date in seq order, so replay is deterministic.",
)
RETRACTION: Final = Rule(
    6,
    "retraction",
    "A retraction withdraws one earlier event that is not itself a retraction, at most once, "
    "and is not recorded before the event it withdraws was known.",
)

RULES: Final = (ONE_HOLDER, PRESENCE, STRUCTURE, LATE_ARRIVAL, ORDER, RETRACTION)


def _present(state: ReplayState, event: Event, person: str) -> None:
    if person not in state.people:
        departed = state.departures.get(person)
        why = "has left the organisation" if departed else "has never joined"
        raise PRESENCE.broken(f"{person} {why}", event, departed)


def _role_exists(state: ReplayState, event: Event, role: str) -> None:
    if role not in state.roles:
        abolished = state.abolitions.get(role)
        why = "has been abolished" if abolished else "does not exist yet"
        raise STRUCTURE.broken(f"role {role} {why}", event, abolished)


def _vacant_for(state: ReplayState, event: Event, role: str, person: str) -> None:
    tenure = state.holders.get(role)
    if tenure is not None and tenure.person != person:
        raise ONE_HOLDER.broken(f"role {role} is held by {tenure.person}", event, tenure.event)


def _check_create(state: ReplayState, event: CreateRole) -> None:
    existing = state.roles.get(event.role)
    if existing is not None:
        raise STRUCTURE.broken(f"role {event.role} already exists", event, existing.created)
    if event.reports_to is not None:
        _role_exists(state, event, event.reports_to)
    for other in event.dotted_to:
        _role_exists(state, event, other)


def _check_reorg(state: ReplayState, event: Reorg) -> None:
    _role_exists(state, event, event.role)
    if event.abolished:
        tenure = state.holders.get(event.role)
        if tenure is not None:
            raise STRUCTURE.broken(
                f"role {event.role} is still held by {tenure.person}", event, tenure.event
            )
        below = [other for other in state.roles.values() if other.reports_to == event.role]
        if below:
            # The one made first is named, whatever order the state holds roles in (a
            # snapshot's holds only those an append touches, in the order it read them).
            other = min(below, key=lambda role: role.created.seq)
            raise STRUCTURE.broken(
                f"role {other.role} still reports to {event.role}", event, other.changed
            )
        dotted = [other for other in state.roles.values() if event.role in other.dotted_to]
        if dotted:
            other = min(dotted, key=lambda role: role.created.seq)
            raise STRUCTURE.broken(
                f"role {other.role} still has a dotted line to {event.role}", event, other.changed
            )
        return
    _check_dotted(state, event)
    if event.reports_to is not None:
        _role_exists(state, event, event.reports_to)
        manager: str | None = event.reports_to
        while manager is not None:
            if manager == event.role:
                raise STRUCTURE.broken(
                    f"{event.role} reporting to {event.reports_to} would make a cycle", event
                )
            manager = state.roles[manager].reports_to


def _check_dotted(state: ReplayState, event: Reorg) -> None:
    """A reorg's dotted lines go to roles that exist, and none is the role's solid line as
    the reorg leaves it (the manager it gives, or the one it keeps)."""
    now = state.roles[event.role]
    for other in event.dotted_to or ():
        _role_exists(state, event, other)
    manager = None if event.root else event.reports_to or now.reports_to
    dotted = now.dotted_to if event.dotted_to is None else event.dotted_to
    if manager is not None and manager in dotted:
        raise STRUCTURE.broken(
            f"{event.role} would report to {manager} by a solid and a dotted line at once "
            f"(end the dotted line in the same reorg, with dotted_to)",
            event,
            now.changed,
        )


def _check_hire(state: ReplayState, event: Hire) -> None:
    joined = state.people.get(event.person)
    if joined is not None:
        raise PRESENCE.broken(
            f"{event.person} is already in the organisation", event, joined.joined
        )
    if event.role is not None:
        _role_exists(state, event, event.role)
        _vacant_for(state, event, event.role, event.person)


def _check_promote(state: ReplayState, event: Promote) -> None:
    _present(state, event, event.person)
    _role_exists(state, event, event.role)
    _vacant_for(state, event, event.role, event.person)


def _check_stepdown(state: ReplayState, event: StepDown) -> None:
    _present(state, event, event.person)
    tenure = state.holders.get(event.role)
    if tenure is None or tenure.person != event.person:
        holder = f"held by {tenure.person}" if tenure else "vacant"
        raise PRESENCE.broken(
            f"{event.person} does not hold {event.role} (it is {holder})",
            event,
            tenure.event if tenure else None,
        )


def _check_leave(state: ReplayState, event: Leave) -> None:
    _present(state, event, event.person)
    began = state.people[event.person].leave
    if began is not None:
        raise PRESENCE.broken(f"{event.person} is already on leave", event, began)


def _check_return(state: ReplayState, event: Return) -> None:
    _present(state, event, event.person)
    if state.people[event.person].leave is None:
        raise PRESENCE.broken(f"{event.person} is not on leave", event)


def _check_depart(state: ReplayState, event: Depart) -> None:
    _present(state, event, event.person)


def check(state: ReplayState, event: Event) -> None:
    """Rules 1 to 3: raise :class:`RuleViolation` if ``event`` cannot be applied to ``state``.

    A retraction is never applied (rule 6 has taken it and its target out), so it passes.
    """
    # The commonest kinds first: a match tries its cases in turn, for every event replayed.
    match event := of_kind(event):
        case Hire():
            _check_hire(state, event)
        case Depart():
            _check_depart(state, event)
        case Promote():
            _check_promote(state, event)
        case CreateRole():
            _check_create(state, event)
        case Reorg():
            _check_reorg(state, event)
        case StepDown():
            _check_stepdown(state, event)
        case Leave():
            _check_leave(state, event)
        case Return():
            _check_return(state, event)
        case Retract():
            pass
        case unknown:
            assert_never(unknown)


def replay_order(event: Event) -> tuple[dt.date, int]:
    """Rule 5: by date (an imprecise date at its start), then by seq."""
    return (event.on.start, event.seq)


def withdrawn(events: Sequence[Event], violations: list[RuleViolation] | None = None) -> set[int]:
    """Rule 6: the seqs that the retractions among ``events`` withdraw.

    A retraction that breaks the rule raises, or, when ``violations`` is given (a lenient
    replay), is listed there and withdraws nothing.
    """
    retractions = sorted((e for e in events if isinstance(e, Retract)), key=lambda e: e.seq)
    if not retractions:  # most logs: spare a map of every event
        return set()
    by_seq = {event.seq: event for event in events}
    taken: dict[int, Retract] = {}
    for event in retractions:
        target = by_seq.get(event.target)
        problem: RuleViolation | None = None
        if target is None or target.seq >= event.seq:
            problem = RETRACTION.broken(f"there is no earlier event #{event.target}", event)
        elif isinstance(target, Retract):
            problem = RETRACTION.broken("a retraction cannot itself be retracted", event, target)
        elif event.known_from.start < target.known_from.start:
            problem = RETRACTION.broken(
                f"it is recorded before #{event.target}, which it withdraws, was known",
                event,
                target,
            )
        elif event.target in taken:
            problem = RETRACTION.broken(
                f"#{event.target} is already retracted", event, taken[event.target]
            )
        if problem is not None:
            if violations is None:
                raise problem
            violations.append(problem)
            continue
        taken[event.target] = event
    return set(taken)


def late_arrival(
    violation: RuleViolation, before: Sequence[Event], new: Sequence[Event]
) -> RuleViolation:
    """Rule 4: when ``new`` events, checked after the log ``before``, break a rule, and one of
    the events involved is backdated before what the timeline already holds, that event is the
    cause: the violation is restated as rule 4, naming it. Otherwise ``violation`` stands.

    Late only among the effective dates already in the timeline: a retraction's date is when
    a correction was made, and a withdrawn event is not there at all.
    """
    taken = {e.target for e in before if isinstance(e, Retract)}
    latest = max(
        (e.on.start for e in before if not isinstance(e, Retract) and e.seq not in taken),
        default=None,
    )
    involved = (violation.event, violation.conflict)
    backdated = [e for e in new if latest is not None and e.on.start < latest]
    culprit = next((e for e in backdated if e in involved), None)
    if culprit is None:
        return violation
    other = violation.conflict if violation.event.seq == culprit.seq else violation.event
    return LATE_ARRIVAL.broken(
        f"it is backdated before events already logged, and then rule {violation.rule} "
        f"({violation.rule_name}) breaks: {violation.message}",
        culprit,
        other,
    )


def blame_retraction(violation: RuleViolation, new: Sequence[Event]) -> RuleViolation:
    """Rule 6's part in a violation: when ``new`` events include a retraction, and what they
    break is an event the retraction leaves behind, the retraction is the cause: it is named
    first. Otherwise ``violation`` stands."""
    retraction = next((e for e in new if isinstance(e, Retract) and e is not violation.event), None)
    if retraction is None or violation.rule == RETRACTION.number:
        return violation
    return RuleViolation(
        violation.rule,
        violation.rule_name,
        f"retracting #{retraction.target} would leave event {violation.event.brief()} "
        f"broken: {violation.message}",
        retraction,
        violation.event,
    )
