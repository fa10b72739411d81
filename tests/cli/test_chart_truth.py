"""Charts that tell the truth: the same order in every render, no frame of one card, a cut
that shows, everyone present on the picture, and wide charts that wrap."""

from __future__ import annotations

import re
import subprocess

import pytest

import orgsim
from orgsim.views import chart_dot
from orgsim.views.layout import COLUMN, _columns, plan_of
from tests.helpers import needs_dot


def rows_of(source: str) -> list[list[str]]:
    """The role cards of a drawing, rank by rank, left to right, as Graphviz placed them."""
    plain = subprocess.run(["dot", "-Tplain"], input=source.encode(), capture_output=True)
    at: dict[float, list[tuple[float, str]]] = {}
    for line in plain.stdout.decode().splitlines():
        part = line.split()
        if part[0] == "node" and re.fullmatch(r"r\d+", part[1]):
            at.setdefault(round(float(part[3]), 1), []).append((float(part[2]), part[1]))
    return [[name for _, name in sorted(row)] for _, row in sorted(at.items(), reverse=True)]


@needs_dot
@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("2015-12-11", "2018-06-01"),
        ("2019-01-01", "2019-06-01"),
        ("2023-11-01", "2023-11-21"),
        ("2024-06-01", "2024-10-01"),
        ("2024-12-01", "2025-06-01"),
    ],
)
def test_roles_keep_their_order_with_or_without_changes_marked(earlier: str, later: str) -> None:
    org = orgsim.load("openai")
    chart = org.chart(later)
    plain = chart_dot(chart)
    marked = chart_dot(chart, changes=org.diff(earlier, later), before=org.chart(earlier))
    assert rows_of(plain) == rows_of(marked)


def test_columns_are_balanced_and_never_hold_one_card() -> None:
    for count in range(5, 40):
        sizes = [len(c) for c in _columns([object()] * count)]  # type: ignore[list-item]
        assert sum(sizes) == count and max(sizes) <= COLUMN and min(sizes) >= 2
        assert max(sizes) - min(sizes) <= 1


def test_a_cut_role_says_what_is_below_it() -> None:
    chart = orgsim.load("openai").chart("2024-10-01").subtree(None, 1)
    assert chart.cut == {"chief-scientist": 1, "cto": 1, "safety-systems-lead": 1}
    assert chart_dot(chart).count("+ 1 role below") == 3
    assert "role below" not in chart_dot(orgsim.load("openai").chart("2024-10-01"))


def test_people_without_a_role_are_on_the_picture() -> None:
    chart = orgsim.load("openai").chart("2024-10-01")
    source = chart_dot(chart)
    assert f"without a role ({len(chart.without_role())})" in source
    assert "Wojciech Zaremba" in source


def test_a_manager_with_many_reports_gets_them_in_rows() -> None:
    events = orgsim.simulate(people=2000, years=0, seed=3)
    chart = orgsim.Timeline.build(events)
    drawn = orgsim.Chart.at(chart, events[0].on.start)
    plan = plan_of(drawn)
    ceo = next(r for r in drawn.roles if r.reports_to is None)
    vps = [r for r in drawn.roles if r.reports_to == ceo.id]
    assert len(vps) > 4
    assert len({plan.rank[vp.id] for vp in vps}) > 1  # not all on one very wide level
