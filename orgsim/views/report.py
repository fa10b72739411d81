"""The answers of the questions across time (:mod:`orgsim.questions`) as text: history, succession,
churn and diff."""

from __future__ import annotations

import datetime as dt
from typing import assert_never

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
from orgsim.questions.churn import Churn
from orgsim.questions.diff import Diff
from orgsim.questions.history import History
from orgsim.questions.spells import Departure, Spell
from orgsim.questions.succession import Gap, Incumbent, Succession
from orgsim.replay.timeline import Timeline
from orgsim.views.escape import terminal_text as safe

__all__ = [
    "churn_text",
    "describe_event",
    "diff_text",
    "duration",
    "history_text",
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
            return f"New role: {event.title}{under}"
        case Reorg() if event.abolished:
            return f"Role abolished: {_last_title(timeline, event.role)}"
        case Reorg():
            details = [f"now titled {event.title}"] if event.title else []
            if event.reports_to:
                details.append(f"now reporting to {what(event.reports_to)}")
            if event.root:
                details.append("now reporting to no one")
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
