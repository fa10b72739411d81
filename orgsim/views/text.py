"""A chart as an indented text tree, for a terminal or a plain-text report."""

from __future__ import annotations

from orgsim.log.dates import PartialDate
from orgsim.questions.chart import Chart, Role
from orgsim.views.escape import terminal_text

__all__ = ["chart_text", "role_line"]


def role_line(role: Role) -> str:
    """``Title: Name (acting, on leave, since Sep 2024)`` or ``Title: vacant``."""
    title = terminal_text(role.title)
    holder = role.holder
    if holder is None:
        return f"{title}: vacant"
    marks = [mark for mark, on in (("acting", holder.acting), ("on leave", holder.on_leave)) if on]
    marks.append(f"since {holder.since.label()}")
    return f"{title}: {terminal_text(holder.name)} ({', '.join(marks)})"


def chart_text(chart: Chart, heading: str | None = None) -> str:
    """The roles as a tree (two spaces a level), then the people who hold no role."""
    title = heading or chart.organisation or "Organisation"
    known = f", as known on {PartialDate.of(chart.known_on).label()}" if chart.known_on else ""
    lines = [f"{terminal_text(title)} on {PartialDate.of(chart.date).label()}{known}"]
    if chart.scenario is not None:
        lines.append(f"SCENARIO: {terminal_text(chart.scenario)} (hypothetical, not history)")
    lines += [f"{'  ' * depth}{role_line(role)}" for depth, role in chart.walk()]
    if not chart.roles:
        lines.append("(no roles)")
    others = chart.without_role()
    if others:
        lines.append("Without a role:")
        for person in others:
            leave = ", on leave" if person.on_leave else ""
            lines.append(f"  {terminal_text(person.name)} (joined {person.joined.label()}{leave})")
    return "\n".join(lines) + "\n"
