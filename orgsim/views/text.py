"""A chart as an indented text tree, for a terminal or a plain-text report."""

from __future__ import annotations

from orgsim.log.dates import PartialDate
from orgsim.questions.chart import Chart, Role
from orgsim.views.escape import terminal_text

__all__ = ["chart_text", "role_line", "scenario_line"]


def role_line(role: Role) -> str:
    """``Title: Name (acting, on leave, since Sep 2024)`` or ``Title: vacant``."""
    title = terminal_text(role.title)
    holder = role.holder
    if holder is None:
        return f"{title}: vacant"
    marks = [mark for mark, on in (("acting", holder.acting), ("on leave", holder.on_leave)) if on]
    marks.append(f"since {holder.since.label()}")
    return f"{title}: {terminal_text(holder.name)} ({', '.join(marks)})"


def scenario_line(scenario: str, set_aside: int) -> str:
    """What every view of a scenario says first, so that it is never taken for history: the
    overlays, and how many later real events they made impossible (unescaped: each view
    escapes it for its medium)."""
    count = "no" if not set_aside else str(set_aside)
    events = "event" if set_aside == 1 else "events"
    return (
        f"SCENARIO: {scenario} (hypothetical, not history; {count} later real {events} set aside)"
    )


def chart_text(chart: Chart, heading: str | None = None) -> str:
    """The roles as a tree (two spaces a level), each with its dotted lines, then the people
    who hold no role."""
    title = heading or chart.organisation or "Organisation"
    known = f", as known on {PartialDate.of(chart.known_on).label()}" if chart.known_on else ""
    lines = [f"{terminal_text(title)} on {PartialDate.of(chart.date).label()}{known}"]
    if chart.scenario is not None:
        lines.append(terminal_text(scenario_line(chart.scenario, chart.set_aside)))
    titles = {role.id: role.title for role in chart.roles}
    for depth, role in chart.walk():
        line = f"{'  ' * depth}{role_line(role)}"
        if role.dotted_to:
            also = ", ".join(terminal_text(titles.get(r, r)) for r in role.dotted_to)
            line += f" [dotted line to {also}]"
        lines.append(line)
    if not chart.roles:
        lines.append("(no roles)")
    others = chart.without_role()
    if others:
        lines.append("Without a role:")
        for person in others:
            leave = ", on leave" if person.on_leave else ""
            lines.append(f"  {terminal_text(person.name)} (joined {person.joined.label()}{leave})")
    return "\n".join(lines) + "\n"
