"""Render the charts the documentation shows, with orgsim's own library calls.

Run: python scripts/docs_images.py      (needs Graphviz's dot)
Writes docs/images/openai-DATE.svg for each date in DATES,
docs/images/openai-2024-06-01-to-2024-10-01.svg (the later chart with the changes since the
earlier date marked), and docs/images/what-if-pachocki-leaves.svg (the scenario of
docs/how-to/simulate-and-what-if.md), docs/images/forecast-2025-12-01-to-2026-12-01.svg (the
forecast of docs/how-to/forecast.md), and docs/images/flows-2024-01-01-to-2025-12-31.svg (the
moves between the bundled organisations, docs/how-to/many-organisations.md), and
docs/images/acme-dotted-lines.svg (the dotted lines of docs/how-to/matrix-reporting.md, drawn
from the log that page builds, docs/examples/acme-matrix.jsonl). Re-run it after
changing the bundled logs or the rendering, and commit the images.
"""

from __future__ import annotations

from pathlib import Path

import orgsim
from orgsim.views import chart_dot, render
from orgsim.views.forecast import forecast_svg
from orgsim.views.sankey import flows_svg

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"

#: The dates docs/openai.md and the README show, and why each matters.
DATES = {
    "2015-12-11": "the founding announcement",
    "2019-03-15": "OpenAI LP: the first CEO",
    "2023-11-18": "the day after Altman's removal",
    "2023-11-21": "Emmett Shear as interim CEO",
    "2024-06-01": "before the summer of departures",
    "2024-10-01": "after Murati, McGrew and Zoph left",
    "2025-06-01": "mid-2025",
}


#: Periods whose moves between the bundled organisations are drawn as a Sankey diagram.
FLOWS = [("2024-01-01", "2025-12-31")]

#: Pairs of dates drawn as the later chart with the changes since the earlier one.
CHANGES = [("2024-06-01", "2024-10-01")]


def main() -> None:
    org = orgsim.load("openai")
    IMAGES.mkdir(parents=True, exist_ok=True)
    for day in DATES:
        target = IMAGES / f"openai-{day}.svg"
        target.write_bytes(render(chart_dot(org.chart(day), heading=org.title), "svg"))
        print(f"wrote {target.relative_to(ROOT)}")
    overlay = orgsim.read_overlay(ROOT / "docs" / "examples" / "pachocki-leaves.jsonl")
    scenario = org.with_events(
        orgsim.Overlay("pachocki-leaves.jsonl", overlay.events, overlay.lines)
    )
    start, end = "2024-09-01", "2024-10-01"
    changes = orgsim.diff(scenario.timeline(), orgsim.parse_day(start), orgsim.parse_day(end))
    source = chart_dot(
        scenario.chart(end), heading=org.title, changes=changes, before=scenario.chart(start)
    )
    target = IMAGES / "what-if-pachocki-leaves.svg"
    target.write_bytes(render(source, "svg"))
    print(f"wrote {target.relative_to(ROOT)}")
    for start, end in CHANGES:
        changes = orgsim.diff(org.timeline(), orgsim.parse_day(start), orgsim.parse_day(end))
        source = chart_dot(
            org.chart(end), heading=org.title, changes=changes, before=org.chart(start)
        )
        target = IMAGES / f"openai-{start}-to-{end}.svg"
        target.write_bytes(render(source, "svg"))
        print(f"wrote {target.relative_to(ROOT)}")
    for start, end in FLOWS:
        target = IMAGES / f"flows-{start}-to-{end}.svg"
        target.write_text(flows_svg(orgsim.flows(start, end)), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    # The forecast of docs/how-to/forecast.md, as `orgsim forecast --to 2026-12-01 --runs 1000
    # --seed 1 --format svg` draws it.
    found = org.forecast("2026-12-01", runs=1000, seed=1)
    target = IMAGES / f"forecast-{found.start}-to-{found.end}.svg"
    title = f"{org.title}: forecast from {found.start} to {found.end}"
    target.write_text(forecast_svg(found, title=title), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    # The chart of docs/how-to/matrix-reporting.md, as its `orgsim render` draws it.
    acme = orgsim.load(ROOT / "docs" / "examples" / "acme-matrix.jsonl")
    target = IMAGES / "acme-dotted-lines.svg"
    target.write_bytes(render(chart_dot(acme.chart("2024-10-01"), heading="Acme"), "svg"))
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
