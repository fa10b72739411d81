"""The answers of the questions across time (:mod:`orgsim.questions`) as text: history, succession,
churn and diff."""

from __future__ import annotations

import datetime as dt
from typing import Final, assert_never

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
    of_kind,
)
from orgsim.questions.chains import Chain, Chains, Step
from orgsim.questions.churn import Churn
from orgsim.questions.diff import Diff
from orgsim.questions.history import History
from orgsim.questions.impact import Impact
from orgsim.questions.spells import Departure, Spell
from orgsim.questions.succession import Gap, Incumbent, Succession
from orgsim.replay.timeline import Timeline
from orgsim.views.escape import terminal_text as safe

__all__ = [
    "chains_text",
    "churn_text",
    "describe_event",
    "diff_text",
    "duration",
    "history_text",
    "impact_text",
    "succession_text",
]


def duration(days: int, approximate: bool = False) -> str:
    """``3 days``, ``7 weeks``, ``5 months``, ``2.7 years``; ``about`` when approximate."""
    if days < 14:
        text = f"{days} day{'s' if days != 1 else ''}"
    elif days < 70:
        text = f"{days // 7} weeks"
    elif days < 730:
        text = f"{days / 30.44:.0f} months"
    else:
        text = f"{days / 365.25:.1f} years"
    return f"about {text}" if approximate else text


def _span(start: PartialDate, end: PartialDate | None) -> str:
    return f"{start.label()} to {end.label()}" if end else f"since {start.label()}"


def _spell(spell: Spell) -> str:
    length = duration(spell.days, spell.approximate)
    return f"{_span(spell.start, spell.end)} ({length}{'' if spell.end else ' so far'})"


def _departure(departure: Departure) -> str:
    text = f"left {departure.on.label()}: {departure.reason}"
    if departure.destination:
        text += f", to {safe(departure.destination)}"
    return text


def history_text(found: History) -> str:
    """Every stay of a person: when they joined, each role, each leave, how they left."""
    lines = [f"{safe(found.name)} ({found.person})"]
    for stay in found.stays:
        origin = f", from {safe(stay.origin)}" if stay.origin else ""
        lines.append(f"  joined {stay.spell.start.label()}{origin}")
        for held in stay.roles:
            acting = ", acting" if held.acting else ""
            lines.append(f"    {safe(held.title)}{acting}: {_spell(held.spell)}")
        lines += [f"    on leave: {_spell(leave)}" for leave in stay.leaves]
        stayed = duration(stay.spell.days, stay.spell.approximate)
        if stay.departure is not None:
            lines.append(f"  {_departure(stay.departure)} (after {stayed})")
        else:
            lines.append(f"  still there ({stayed} so far)")
    return "\n".join(lines) + "\n"


def succession_text(found: Succession) -> str:
    """The holders of a role in order, with the vacancies between them."""
    title = found.titles[-1][1]
    lines = [f"{safe(title)} ({found.role}), created {found.created.label()}"]
    if len(found.titles) > 1:
        lines.append(
            "  titles: " + "; ".join(f"{safe(t)} from {d.label()}" for d, t in found.titles)
        )
    entries: list[tuple[dt.date, int, str]] = []
    for holder in found.holders:
        entries.append((holder.spell.start.start, 1, _holder(holder)))
    for gap in found.gaps:
        entries.append((gap.start.start, 0, _gap(gap)))
    lines += [f"  {text}" for _, _, text in sorted(entries, key=lambda e: (e[0], e[1]))]
    if found.abolished is not None:
        lines.append(f"  abolished {found.abolished.label()}")
    return "\n".join(lines) + "\n"


def _holder(holder: Incumbent) -> str:
    acting = " (acting)" if holder.acting else ""
    return f"{safe(holder.name)}{acting}: {_spell(holder.spell)}"


def _gap(gap: Gap) -> str:
    length = duration(gap.days, gap.approximate)
    return f"(vacant): {_span(gap.start, gap.end)} ({length}{'' if gap.end else ' so far'})"


def churn_text(found: Churn) -> str:
    """Counts per period, roles that turned over, where leavers went, how long they stayed."""
    named = found.names
    start, end = PartialDate.of(found.start).label(), PartialDate.of(found.end).label()
    lines = [f"Churn from {start} to {end}, by {found.by}", ""]
    lines.append(f"{'period':<9} {'arrivals':>8} {'departures':>10} {'role changes':>12}")
    for period in found.periods:
        note = f"  ({period.approximate} dated only coarser)" if period.approximate else ""
        lines.append(
            f"{period.label:<9} {period.arrivals:>8} {period.departures:>10} "
            f"{period.role_changes:>12}{note}"
        )
    lines.append(
        f"{'total':<9} {len(found.arrivals):>8} {len(found.departures):>10} "
        f"{sum(p.role_changes for p in found.periods):>12}"
    )
    if found.turnover:
        lines += ["", "Roles with more than one holder:"]
        for turn in found.turnover:
            who = ", ".join(safe(named.get(p, p)) for p in turn.holders)
            lines.append(f"  {safe(turn.title)}: {len(turn.holders)} holders ({who})")
    if found.destinations:
        lines += ["", "Where leavers went:"]
        lines += [f"  {count}  {safe(where)}" for where, count in found.destinations]
        lines.append("Why: " + ", ".join(f"{reason} {count}" for reason, count in found.reasons))
    if found.average_tenure_days is not None:
        average = duration(round(found.average_tenure_days), found.tenure_approximate)
        lines.append(f"Average time in the organisation of those who left: {average}")
    return "\n".join(lines) + "\n"


def diff_text(found: Diff) -> str:
    """What changed between two dates, in sentences a reader can scan."""
    name, title = found.names, found.titles
    start, end = PartialDate.of(found.start).label(), PartialDate.of(found.end).label()
    lines = [f"Changes from {start} to {end}"]
    if found.empty:
        return lines[0] + "\n  (none)\n"

    def people(ids: tuple[str, ...]) -> str:
        return ", ".join(safe(name.get(p, p)) for p in ids)

    def roles(ids: tuple[str, ...]) -> str:
        return ", ".join(safe(title.get(r, r)) for r in ids) or "(no role)"

    if found.joined:
        lines.append(f"Joined: {people(found.joined)}")
    for person, departure in found.left:
        how = _departure(departure) if departure else "left"
        lines.append(f"Left: {safe(name.get(person, person))} ({how})")
    for move in found.moved:
        lines.append(f"Moved: {safe(move.name)}: {roles(move.before)} -> {roles(move.after)}")
    for label, ids in (
        ("Roles created", found.created),
        ("Roles abolished", found.abolished),
        ("Vacated", found.vacated),
        ("Filled", found.filled),
        ("Changed hands", found.changed_hands),
    ):
        if ids:
            lines.append(f"{label}: {roles(ids)}")
    for change in found.retitled:
        lines.append(f"Retitled: {safe(change.before or '')} -> {safe(change.after or '')}")
    for change in found.reparented:
        before = title.get(change.before, change.before) if change.before else "(top)"
        after = title.get(change.after, change.after) if change.after else "(top)"
        lines.append(
            f"Now reports elsewhere: {safe(title.get(change.role, change.role))}: "
            f"{safe(before)} -> {safe(after)}"
        )
    for dotted in found.dotted:
        changes = [f"now also to {roles(dotted.added)}"] if dotted.added else []
        changes += [f"no longer to {roles(dotted.ended)}"] if dotted.ended else []
        lines.append(
            f"Dotted lines: {safe(title.get(dotted.role, dotted.role))}: {'; '.join(changes)}"
        )
    return "\n".join(lines) + "\n"


def describe_event(event: Event, timeline: Timeline) -> str:
    """One plain sentence for an event, with names and titles (not safe for markup: a view that
    writes HTML or DOT escapes it, as every view does)."""
    day = event.on.start

    def who(person: str) -> str:
        stint = timeline.stint_at(person, day)
        return stint.name if stint else timeline.name_of(person)

    def what(role: str) -> str:
        version = timeline.role_at(role, day)
        return version.title if version else role

    acting = " (acting)" if getattr(event, "acting", False) else ""
    match event := of_kind(event):
        case CreateRole():
            under = f", reporting to {what(event.reports_to)}" if event.reports_to else ""
            if event.dotted_to:
                under += ", dotted line to " + ", ".join(what(r) for r in event.dotted_to)
            return f"New role: {event.title}{under}"
        case Reorg() if event.abolished:
            return f"Role abolished: {_last_title(timeline, event.role)}"
        case Reorg():
            details = [f"now titled {event.title}"] if event.title else []
            if event.reports_to:
                details.append(f"now reporting to {what(event.reports_to)}")
            if event.root:
                details.append("now reporting to no one")
            if event.dotted_to:
                lines = ", ".join(what(line) for line in event.dotted_to)
                details.append(f"now with a dotted line to {lines}")
            elif event.dotted_to is not None:
                details.append("no longer with dotted lines")
            return f"Role changed: {_title_before(timeline, event)}, {' and '.join(details)}"
        case Hire() if event.role:
            origin = f", from {event.origin}" if event.origin else ""
            return f"{event.name} joined as {what(event.role)}{acting}{origin}"
        case Hire():
            return f"{event.name} joined" + (f" from {event.origin}" if event.origin else "")
        case Promote():
            also = " (in addition)" if event.additional else ""
            return f"{who(event.person)} became {what(event.role)}{acting}{also}"
        case StepDown():
            return f"{who(event.person)} stepped down as {_last_title(timeline, event.role)}"
        case Leave():
            return f"{who(event.person)} went on leave"
        case Return():
            return f"{who(event.person)} returned from leave"
        case Depart():
            where = f", to {event.destination}" if event.destination else ""
            return f"{timeline.name_of(event.person)} left ({event.reason}{where})"
        case Retract():
            return event.brief()  # never replayed, so never one of a day's changes
        case unknown:
            assert_never(unknown)


def _title_before(timeline: Timeline, event: Reorg) -> str:
    versions = timeline.versions.get(event.role, ())
    before = [v for v in versions if v.ended_by is event]
    return before[0].title if before else _last_title(timeline, event.role)


def _last_title(timeline: Timeline, role: str) -> str:
    versions = timeline.versions.get(role, ())
    return versions[-1].title if versions else role


def chains_text(found: Chains) -> str:
    """The vacancy chains of a window: how many, how long, how they ended, then each chain
    with its moves in order."""
    start, end = PartialDate.of(found.start).label(), PartialDate.of(found.end).label()
    lines = [f"Vacancy chains opened from {start} to {end}"]
    if not found.chains:
        return lines[0] + "\n  (none)\n"
    lengths = ", ".join(f"length {length}: {count}" for length, count in found.by_length)
    count = len(found.chains)
    lines.append(
        f"{count} chain{'s' if count != 1 else ''}, mean length {found.mean_length}; {lengths}"
    )
    lines.append("Ended: " + ", ".join(f"{kind} {count}" for kind, count in found.by_end))
    opened = ", ".join(f"{_OPENED[kind]} {count}" for kind, count in found.by_opener)
    lines.append(f"Opened by: {opened}")
    for chain in found.chains:
        lines += ["", _chain_head(found, chain)]
        for number, step in enumerate(chain.steps, 1):
            following = chain.steps[number] if number < len(chain.steps) else None
            lines.append(
                f"  {number}. {safe(step.title)}: {_filled(found, chain, step, following)}"
            )
    return "\n".join(lines) + "\n"


_OPENED: Final = {
    "depart": "departures",
    "stepdown": "step-downs",
    "role": "new roles",
    "promote": "moves out of a second role",
}


def _chain_head(found: Chains, chain: Chain) -> str:
    event = chain.opened_by

    def name(person: str) -> str:
        return safe(found.names.get(person, person))

    if isinstance(event, Depart):
        where = f" to {safe(event.destination)}" if event.destination else ""
        how = f"{name(event.person)} left ({event.reason}{where})"
    elif isinstance(event, StepDown):
        how = f"{name(event.person)} stepped down"
    elif isinstance(event, Promote):
        how = f"{name(event.person)} moved to {safe(found.titles.get(event.role, event.role))}"
    else:
        how = "new role"
    return f"{event.on.label()}, {how}: length {chain.length}, {chain.end}"


def _filled(found: Chains, chain: Chain, step: Step, following: Step | None) -> str:
    if step.person is None or step.filled is None:
        return "abolished" if chain.end == "abolished" else "still open"
    who = safe(found.names.get(step.person, step.person)) + (" (acting)" if step.acting else "")
    if following is not None:
        how = f"from {safe(following.title)}"
    elif chain.end == "additional":
        how = "as a second role"
    elif isinstance(step.filled_by, Hire):
        how = "hired"
    else:
        how = "promoted from no role"
    return f"{who}, {how}, {step.filled.label()}"


_METRICS: Final = (
    ("headcount", "headcount"),
    ("roles", "roles"),
    ("vacancies", "vacancies"),
    ("layers", "layers"),
    ("managers", "managers"),
    ("span_mean", "mean span of control"),
    ("span_median", "median span of control"),
    ("span_max", "widest span of control"),
    ("without_role", "people without a role"),
)


def impact_text(found: Impact) -> str:
    """The shape of the organisation with a scenario beside its shape without: one row per
    metric, with the difference."""
    day = PartialDate.of(found.date).label()
    what = f"scenario {safe(found.scenario)}" if found.scenario else "the scenario"
    lines = [f"Impact of {what} on {day}", ""]
    width = max(len(label) for _, label in _METRICS)
    lines.append(f"{'':<{width}}  {'base':>8}  {'scenario':>8}  {'change':>8}")
    for field, label in _METRICS:
        base, scenario, change = (
            getattr(side, field) for side in (found.base, found.proposed, found.difference)
        )
        lines.append(
            f"{label:<{width}}  {_number(base):>8}  {_number(scenario):>8}  "
            f"{_number(change, signed=True):>8}"
        )
    return "\n".join(lines) + "\n"


def _number(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"+{text}" if signed and value > 0 else text
