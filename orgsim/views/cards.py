"""What a card says and how it looks: the HTML-like labels of a role's card, of a person who
left (a ghost), of the legend, of the lists at the bottom and of the lines above a chart.

They are written here, apart from the drawing, because the same label is both drawn and measured
before it is drawn (:mod:`~orgsim.views.folding` plans a page from the widths of the cards as
they will read). Every string from data goes through
:func:`~orgsim.views.escape.html_label_text`.

- A role whose reports were cut off (``--depth``, or folded onto a page of its own) says how many
  roles are below it (and on which page); people in the organisation without a role are listed
  at the bottom (the first :data:`LISTED`).
- With ``changes`` (a :class:`~orgsim.questions.diff.Diff` from an earlier date), cards carry marks
  (new role, new in role, moved); a person who left gets a dashed card with the title their
  role had then and when they left it; those who held no role are listed apart; a legend
  explains the marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from orgsim.log.dates import PartialDate
from orgsim.questions.chart import Chart, Role
from orgsim.questions.diff import Diff
from orgsim.questions.spells import Departure
from orgsim.views.escape import html_label_text
from orgsim.views.text import scenario_line

#: The outline and fill of each kind of card: a held role, one acting or on leave, a vacant
#: role, a person who left.
COLOURS = {
    "filled": ("#4a6fa5", "#eef3fb"),
    "marked": ("#c98a00", "#fff4d6"),
    "vacant": ("#9a9a9a", "#ffffff"),
    "ghost": ("#b0b0b0", "#f7f7f7"),
}
_GREEN = "#1e7b34"
_AMBER = "#9a5b00"
_SCENARIO = "#b00020"


@attrs.frozen
class Marks:
    """What changed about one card since the earlier date."""

    new_role: bool = False
    new_holder: bool = False
    moved_from: str | None = None


def _row(text: str, colour: str = "#000000", size: int = 11, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<TR><TD><FONT POINT-SIZE="{size}" COLOR="{colour}">{inner}</FONT></TD></TR>'


def _table(rows: Sequence[str]) -> str:
    return f'<<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0">{"".join(rows)}</TABLE>>'


#: The colour of a dotted line (matrix reporting), drawn and named on the card.
DOTTED = "#6a4c93"


def role_label(
    role: Role,
    marks: Marks,
    below: int = 0,
    where: str | None = None,
    dotted: Sequence[str] = (),
) -> str:
    """The HTML-like label of one role: title, holder, since when, marks, how many roles are
    below it when the chart was cut there (and ``where`` they are drawn, when they are), and
    the titles of the roles it answers to by a dotted line (``dotted``): named on the card as
    well as drawn, since the line may go to another page, or be hard to follow on a broad one."""
    rows = [_row(html_label_text(role.title), bold=True)]
    if dotted:
        also = ", ".join(html_label_text(title) for title in dotted)
        rows.append(_row(f"dotted line to {also}", DOTTED, 8))
    if below:
        on = f", on {html_label_text(where)}" if where else ""
        rows.append(_row(f"+ {below} role{'s' if below > 1 else ''} below{on}", "#555555", 8))
    if marks.new_role:
        rows.append(_row("NEW ROLE", _GREEN, 8, bold=True))
    holder = role.holder
    if holder is None:
        rows.append(_row("<I>Vacant</I>", "#8a8a8a"))
        return _table(rows)
    rows.append(_row(html_label_text(holder.name)))
    states = [s for s, on in (("ACTING", holder.acting), ("ON LEAVE", holder.on_leave)) if on]
    if states:
        rows.append(_row(" · ".join(states), _AMBER, 8, bold=True))
    if marks.moved_from is not None:
        rows.append(_row(f"MOVED from {html_label_text(marks.moved_from)}", _GREEN, 8, bold=True))
    elif marks.new_holder and not marks.new_role:
        rows.append(_row("NEW IN ROLE", _GREEN, 8, bold=True))
    rows.append(_row(f"since {holder.since.label()}", "#555555", 9))
    return _table(rows)


def role_style(role: Role) -> dict[str, str]:
    """How a role's card looks: filled when held, amber when acting or on leave, dashed when
    vacant."""
    if role.holder is None:
        kind, style = "vacant", "rounded,dashed"
    elif role.holder.acting or role.holder.on_leave:
        kind, style = "marked", "rounded,filled"
    else:
        kind, style = "filled", "rounded,filled"
    colour, fill = COLOURS[kind]
    if kind == "vacant":  # as tall as a held seat's card, so the tops of a rank line up
        return {"style": style, "color": colour, "fillcolor": fill, "height": "0.72"}
    return {"style": style, "color": colour, "fillcolor": fill}


def marks_of(chart: Chart, changes: Diff | None) -> dict[str, Marks]:
    """The marks of each of ``chart``'s roles that ``changes`` touched (none without them)."""
    if changes is None:
        return {}
    moved = {move.person: move for move in changes.moved}
    found: dict[str, Marks] = {}
    for role in chart.roles:
        holder = role.holder
        move = moved.get(holder.person) if holder else None
        previous = [r for r in move.before if r != role.id] if move else []
        found[role.id] = Marks(
            new_role=role.id in changes.created,
            new_holder=role.id in changes.filled or role.id in changes.changed_hands,
            moved_from=changes.titles.get(previous[0], previous[0]) if previous else None,
        )
    return found


def ghost_label(name: str, departure: Departure) -> str:
    """Who left, the role they last held under the title it had then, and when they left it
    (and the organisation, when that was later)."""
    rows = [_row(html_label_text(name), "#6b6b6b", bold=True)]
    title = html_label_text(departure.last_title or departure.last_role or "")
    rows.append(_row(f"LEFT {title}", "#8a8a8a", 8, bold=True))
    where = f", to {html_label_text(departure.destination)}" if departure.destination else ""
    ended = departure.last_role_ended
    if ended is not None and ended != departure.on:
        rows.append(_row(f"stepped down {ended.label()}", "#8a8a8a", 9))
        rows.append(_row(f"left {departure.on.label()}: {departure.reason}{where}", "#8a8a8a", 9))
    else:
        rows.append(_row(f"{departure.on.label()}: {departure.reason}{where}", "#8a8a8a", 9))
    return _table(rows)


def legend_label(changes: Diff) -> str:
    """What the marks and the kinds of card mean."""
    start = PartialDate.of(changes.start).label()
    rows = [
        _row(f"<B>Changes since {start}</B>", size=10),
        _row("NEW ROLE · NEW IN ROLE · MOVED: changed since then", _GREEN, 9),
        _row("grey dashed card: a person who has left", "#6b6b6b", 9),
        _row("dashed card: vacant role; amber: acting or on leave", "#6b6b6b", 9),
    ]
    return _table(rows)


def caption_lines(chart: Chart, heading: str | None) -> tuple[str, ...]:
    """The lines above a chart, as HTML-like label text: what and when, and a warning when it
    is a what-if."""
    caption = f"{heading or chart.organisation or 'Organisation'} on "
    caption += PartialDate.of(chart.date).label()
    if chart.known_on is not None:
        caption += f" (as known on {PartialDate.of(chart.known_on).label()})"
    lines: tuple[str, ...] = (f"<B>{html_label_text(caption)}</B>",)
    if chart.scenario is not None:  # a hypothetical chart must never pass for history
        warning = scenario_line(chart.scenario, chart.set_aside)
        lines += (f'<FONT COLOR="{_SCENARIO}">{html_label_text(warning)}</FONT>',)
    return lines


def page_line(
    chart: Chart, root: str, number: int, count: int, pages: Mapping[str | None, int]
) -> str:
    """Which page this is, whose team it shows, and where that role's manager is drawn."""
    role = chart.role(root)
    lines = [f"Page {number} of {count}: {role.title} and below"]
    manager = role.reports_to
    if manager is not None:
        above: str | None = manager
        while above is not None and above not in pages:  # the page the manager is on
            above = chart.role(above).reports_to
        lines.append(f"reporting to {chart.role(manager).title}, on page {pages.get(above, 1)}")
    font = '<FONT POINT-SIZE="11" COLOR="#555555">'
    return "<BR/>".join(f"{font}{html_label_text(line)}</FONT>" for line in lines)


def roleless_leavers(changes: Diff) -> list[tuple[str, Departure | None]]:
    """Those who left holding no role: listed apart, since there is no card to hang them from."""
    return [(p, d) for p, d in changes.left if d is None or d.last_role is None]


def leavers_label(changes: Diff) -> str:
    """The list of those who left holding no role, and when and why they left."""
    rows = [_row(f"LEFT since {PartialDate.of(changes.start).label()}, holding no role",
                 "#6b6b6b", 9, bold=True)]  # fmt: skip
    for person, departure in roleless_leavers(changes):
        name = html_label_text(changes.names.get(person, person))
        if departure is None:
            rows.append(_row(name, "#6b6b6b", 9))
            continue
        where = f", to {html_label_text(departure.destination)}" if departure.destination else ""
        rows.append(_row(f"{name}: {departure.on.label()}, {departure.reason}{where}",
                         "#6b6b6b", 9))  # fmt: skip
    return _table(rows)


#: The most names listed of the people present without a role.
LISTED = 12


def others_label(chart: Chart) -> str:
    """The list of people in the organisation without a role (the first LISTED of them)."""
    people = chart.without_role()
    rows = [_row(f"In the organisation, without a role ({len(people)})", "#555555", 9, bold=True)]
    for person in people[:LISTED]:
        leave = " (on leave)" if person.on_leave else ""
        rows.append(_row(html_label_text(person.name) + leave, "#555555", 9))
    if len(people) > LISTED:
        rows.append(_row(f"and {len(people) - LISTED} more", "#555555", 9))
    return _table(rows)
