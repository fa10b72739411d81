"""A forecast and a backtest in words, and a forecast as a picture.

The text says first what the forecast is (from when to when, how many runs, the seed) and what
it assumed, then each role; the picture draws, for each role, the chance its holder changes
and the chance it is vacant as two bars. The SVG refers to nothing outside itself, and every
string from the log is escaped (:func:`~orgsim.views.escape.xml_text`).
"""

from __future__ import annotations

import datetime as dt

from orgsim.forecasting import Backtest, Forecast
from orgsim.forecasting.estimates import TENURE_BANDS, YEAR
from orgsim.log.dates import PartialDate
from orgsim.views.escape import terminal_text, xml_text

__all__ = ["backtest_text", "forecast_svg", "forecast_text"]


def _day(day: dt.date) -> str:
    return PartialDate.of(day).label()


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _band(band: int) -> str:
    start = TENURE_BANDS[band] / YEAR
    if band + 1 < len(TENURE_BANDS):
        return f"{start:g}-{TENURE_BANDS[band + 1] / YEAR:g}y"
    return f"{start:g}y+"


def _level(level: int) -> str:
    return f"{level}+" if level == 3 else str(level)


def forecast_text(found: Forecast) -> str:
    """The forecast as a report: assumptions, each role, departures, chains."""
    estimates = found.estimates
    since = _day(estimates.since) if estimates.since else "nothing"
    lines = [
        f"Forecast from {_day(found.start)} to {_day(found.end)}: {found.runs} runs, "
        f"seed {found.seed}",
        f"Estimated from the history since {since} (docs/how-to/forecast.md says how)",
        "",
        "Holders leave, per year (exit / move; events and years of exposure in brackets):",
    ]
    for level in range(len(estimates.fills)):
        cells = []
        for band in range(len(TENURE_BANDS)):
            h = estimates.hazard(level, band)
            cells.append(
                f"{_band(band)} {h.exit_rate:.2f}/{h.move_rate:.2f} "
                f"[{h.exits + h.moves} in {h.years:.1f}y]"
            )
        lines.append(f"  level {_level(level)}: " + ", ".join(cells))
    lines.append("Vacancies (mean days empty; filled from reports / inside / outside; acting):")
    for fill in estimates.fills:
        lines.append(
            f"  level {_level(fill.level)}: {fill.mean_days:.0f} days [{fill.fills} fills]; "
            f"{_percent(fill.from_reports)} / {_percent(fill.inside)} / "
            f"{_percent(fill.outside)}; acting {_percent(fill.acting)}"
        )
    lines += ["", "Role (holder on the first day): chance the holder changes, chance vacant"]
    for role in found.roles:
        holder = terminal_text(role.holder_name) if role.holder_name else "vacant"
        acting = ", acting" if role.acting else ""
        lines.append(
            f"{'  ' * role.level}{terminal_text(role.title)} ({holder}{acting}): "
            f"changes {_percent(role.changes)}, vacant {_percent(role.vacant)}"
        )
        likely = [s for s in role.successors if s.probability >= 0.01][:3]
        if likely:
            names = ", ".join(f"{terminal_text(s.name)} {_percent(s.probability)}" for s in likely)
            lines.append(f"{'  ' * role.level}  first filled by: {names}")
    departures = found.departures
    lines += ["", f"Expected departures of holders: {departures.total:.1f}"]
    lines += [f"  {terminal_text(team)}: {count:.2f}" for team, count in departures.by_team]
    lines.append(
        "  by level: "
        + ", ".join(f"{_level(level)}: {count:.2f}" for level, count in departures.by_level)
    )
    mean = found.mean_chain_length
    chains = ", ".join(f"length {n}: {count:.2f}" for n, count in found.chain_lengths)
    lines.append(
        f"Vacancy chains per run: {chains or 'none'}"
        + (f"; mean length {mean:.2f}" if mean is not None else "")
    )
    return "\n".join(lines) + "\n"


def backtest_text(found: Backtest) -> str:
    """The backtest: each role's forecast beside what happened, then the scores."""
    lines = [
        f"Backtest: forecast from {_day(found.cut)} (as known then) to {_day(found.end)}, "
        f"{found.forecast.runs} runs, seed {found.forecast.seed}",
        "",
        "Role: forecast chance the holder changes, what happened",
    ]
    for outcome in found.outcomes:
        happened = "changed" if outcome.changed else "same holder"
        lines.append(f"  {terminal_text(outcome.title)}: {_percent(outcome.forecast)}, {happened}")
    changed = sum(outcome.changed for outcome in found.outcomes)
    skill = found.skill
    lines += [
        "",
        f"{changed} of {len(found.outcomes)} roles changed holder",
        f"Brier score: {found.brier:.3f} (0 is perfect; lower is better)",
        f"Naive forecast, {_percent(found.base_rate)} for every role (the share that changed "
        f"in the same time before {_day(found.cut)}): {found.naive_brier:.3f}",
        f"Skill: {skill:+.2f} (above 0: better than the naive forecast)"
        if skill is not None
        else "Skill: not defined (the naive forecast is perfect)",
    ]
    return "\n".join(lines) + "\n"


_ROW = 22
_LABEL = 340
_BAR = 320
_CHAR = 7.0


def forecast_svg(found: Forecast, *, title: str | None = None) -> str:
    """Each role's chance of a new holder (dark) and of standing vacant (light) as bars."""
    heading = title or f"Forecast from {_day(found.start)} to {_day(found.end)}"
    width = _LABEL + _BAR + 80
    top = 70
    height = top + _ROW * len(found.roles) + 30
    parts = [
        f'<text x="16" y="26" font-weight="bold" font-size="15">{xml_text(heading)}</text>',
        f'<text x="16" y="46" font-size="12">{found.runs} runs, seed {found.seed}: chance '
        "the holder changes (dark), chance the role is vacant (light)</text>",
    ]
    for number, role in enumerate(found.roles):
        y = top + number * _ROW
        holder = role.holder_name or "vacant"
        label = f"{'  ' * role.level}{role.title} ({holder})"
        limit = int(_LABEL / _CHAR)
        shown = label if len(label) <= limit else label[: limit - 1] + "…"
        parts.append(
            f'<text x="16" y="{y + 14}" font-size="12" xml:space="preserve">'
            f"<title>{xml_text(label)}</title>{xml_text(shown)}</text>"
        )
        changes, vacant = role.changes * _BAR, role.vacant * _BAR
        parts.append(
            f'<rect x="{_LABEL}" y="{y + 3}" width="{changes:.1f}" height="14" fill="#4e79a7">'
            f"<title>changes: {_percent(role.changes)}</title></rect>"
        )
        parts.append(
            f'<rect x="{_LABEL}" y="{y + 12}" width="{vacant:.1f}" height="5" fill="#a0cbe8">'
            f"<title>vacant: {_percent(role.vacant)}</title></rect>"
        )
        parts.append(
            f'<text x="{_LABEL + changes + 6:.1f}" y="{y + 14}" font-size="11">'
            f"{_percent(role.changes)}</text>"
        )
    body = "\n".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">\n'
        f'<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n'
    )
