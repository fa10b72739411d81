"""Golden tests on the DOT text: any change to the drawing shows up as a reviewable diff.

To accept a deliberate change: ORGSIM_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_dot_golden.py
and review the files in tests/golden/ before committing them.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from orgsim import Chart, CreateRole, Depart, Event, Hire, Leave, Promote, Timeline, diff
from orgsim.views import chart_dot
from tests.helpers import SOURCE as S
from tests.helpers import numbered, small_org

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
D = dt.date


def company() -> list[Event]:
    """A CEO with a CTO (who has one report), and six leaf reports: enough to stack."""
    events = small_org() + [
        CreateRole(
            on="2020-04-01", source=S, role="eng", title="Head of Engineering", reports_to="cto"
        ),
        Promote(on="2020-04-01", source=S, person="cy", role="eng", acting=True),
        Leave(on="2020-04-02", source=S, person="bob"),
    ]
    for number in range(6):
        events.append(
            CreateRole(
                on="2020-05-01",
                source=S,
                role=f"vp-{number}",
                title=f"VP {number}",
                reports_to="ceo",
            )
        )
    events += [
        Hire(on="2020-05-02", source=S, person="dee", name="Dee Park", role="vp-0"),
        Hire(on="2020-05-02", source=S, person="eli", name="Eli Stone", role="vp-1"),
        Depart(
            on="2020-06-01",
            source=S,
            person="eli",
            reason="resigned",
            destination="Rival & Co <Ltd>",
        ),
    ]
    return numbered(events)


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ORGSIM_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: run with ORGSIM_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def timeline() -> Timeline:
    return Timeline.build(company())


def test_plain_chart(timeline: Timeline) -> None:
    check("company-2020-06-15.dot", chart_dot(Chart.at(timeline, D(2020, 6, 15)), "Acme"))


def test_chart_with_changes_since(timeline: Timeline) -> None:
    before, after = D(2020, 5, 10), D(2020, 6, 15)
    text = chart_dot(
        Chart.at(timeline, after),
        "Acme",
        changes=diff(timeline, before, after),
        before=Chart.at(timeline, before),
    )
    check("company-since-2020-05-10.dot", text)


def test_part_of_the_chart(timeline: Timeline) -> None:
    part = Chart.at(timeline, D(2020, 6, 15)).subtree("cto", depth=1)
    check("company-cto-depth-1.dot", chart_dot(part, "Acme"))


def test_marks_and_stacking_are_in_the_text(timeline: Timeline) -> None:
    text = chart_dot(Chart.at(timeline, D(2020, 6, 15)), "Acme")
    # six leaf reports: two framed columns of three, with no line drawn between their cards
    assert text.count("subgraph cluster_r0_") == 2 and text.count("lhead=cluster_r0_") == 2
    assert text.count("[style=invis weight=10]") == 4
    assert "ACTING" in text and "ON LEAVE" in text and "Vacant" in text
    assert "ordering=out" in text
