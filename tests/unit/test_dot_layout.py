"""The drawing as Graphviz lays it out, read from ``dot -Tjson``: stacked reports framed as
siblings, and charts drawn to a width that stay within it, on as many pages as they need."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from typing import Any

import attrs
import pytest

import orgsim
from orgsim import Chart
from orgsim.views.dot import TALLEST, Page, chart_dot, chart_pages
from orgsim.views.layout import plan_of
from orgsim.views.rendering import page_width
from tests.helpers import needs_dot

Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def layout(source: str) -> dict[str, Any]:
    """What Graphviz made of ``source``: its JSON, with every object named."""
    done = subprocess.run(["dot", "-Tjson"], input=source.encode(), capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    drawn: dict[str, Any] = json.loads(done.stdout)
    return drawn


def width_of(drawn: dict[str, Any]) -> float:
    left, _, right, _ = (float(n) for n in drawn["bb"].split(","))
    return right - left


def node_box(node: dict[str, Any]) -> Box:
    x, y = (float(n) for n in node["pos"].split(","))
    half_w, half_h = float(node["width"]) * 36, float(node["height"]) * 36
    return (x - half_w, y - half_h, x + half_w, y + half_h)


def cluster_box(cluster: dict[str, Any]) -> Box:
    left, bottom, right, top = (float(n) for n in cluster["bb"].split(","))
    return (left, bottom, right, top)


def inside(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )  # fmt: skip


def stacks(drawn: dict[str, Any]) -> dict[str, list[str]]:
    """Each frame of stacked reports (``cluster_rN_K``, the K-th column of the card ``rN``)
    and the cards in it, as Graphviz drew them."""
    objects = drawn["objects"]
    return {
        o["name"]: [objects[n]["name"] for n in o.get("nodes", [])]
        for o in objects
        if re.fullmatch(r"cluster_r\d+_\d+", o["name"])
    }


def openai(day: str = "2024-10-01") -> Chart:
    org = orgsim.load("openai")
    return org.chart(day)


@needs_dot
@pytest.mark.parametrize("day", ["2023-11-21", "2024-10-01", "2025-06-01"])
def test_stacked_reports_are_siblings_in_a_frame_the_manager_reaches(day: str) -> None:
    drawn = layout(chart_dot(openai(day)))
    objects = drawn["objects"]
    by_name = {o["name"]: o for o in objects}
    frames = stacks(drawn)
    assert frames, "the chart has stacked reports"
    edges = [
        (objects[e["tail"]]["name"], objects[e["head"]]["name"], e)
        for e in drawn["edges"]
        if e.get("style") != "invis"
    ]
    for frame, cards in frames.items():
        assert len(cards) >= 2
        box = cluster_box(by_name[frame])
        # (a) no line is drawn between two cards of a stack
        assert not [(t, h) for t, h, _ in edges if t in cards and h in cards], frame
        # (b) every card of the stack lies inside its frame
        for card in cards:
            assert inside(node_box(by_name[card]), box), (frame, card)
        # (c) one line comes from the manager, and it ends at the frame, not at a card
        manager = "r" + frame.split("_")[1][1:]
        into = [e for t, h, e in edges if h in cards]
        assert len(into) == 1 and objects[into[0]["tail"]]["name"] == manager, frame
        assert into[0]["lhead"] == frame
        x, y = into[0]["_draw_"][-1]["points"][-1]
        top_card = max(node_box(by_name[c])[3] for c in cards)
        assert abs(y - box[3]) < 1.5 and y > top_card + 3, (frame, y, box, top_card)
        assert box[0] - 1 <= x <= box[2] + 1


def company() -> Chart:
    events = orgsim.simulate(people=200, years=1, seed=0)
    return Chart.at(orgsim.Timeline.build(events), dt.date(2015, 6, 1))


WIDTHS = ["a4", "letter", "screen", "1400px", "11in"]


@pytest.fixture(scope="module")
def charts() -> dict[str, Chart]:
    return {"company": company(), "openai": openai()}


def roles_on(page: Page) -> set[str]:
    return set(re.findall(r"^\tr\d+ \[label=<.*?<B>(.*?)</B>", page.source, re.M))


@needs_dot
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["company", "openai"])
def test_a_chart_drawn_to_a_width_stays_within_it(
    charts: dict[str, Chart], name: str, width: str
) -> None:
    inches = page_width(width)
    pages = chart_pages(charts[name], name, width=inches)
    for page in pages:
        wide = width_of(layout(page.source))
        assert wide <= inches * 72, f"page {page.number} is {wide / 72:.2f} in wide"


@needs_dot
def test_the_company_is_wider_than_a_screen_without_a_width(charts: dict[str, Chart]) -> None:
    """Without a width the plan is the default one (no page size, every card on one drawing):
    the 200-person company is then far wider than a screen, which the tests above would not
    show."""
    source = chart_dot(charts["company"])
    assert not re.search(r"\bsize=", source)
    assert width_of(layout(source)) > 2 * page_width("screen") * 72


@pytest.mark.parametrize("width", ["a4", "screen"])
def test_every_role_is_drawn_and_every_folded_team_has_its_page(
    charts: dict[str, Chart], width: str
) -> None:
    chart = charts["company"]
    pages = chart_pages(chart, "co", width=page_width(width), link=lambda p: f"{p.root}.svg")
    assert len(pages) > 1 and pages[0].root is None
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    roots = [p.root for p in pages[1:]]
    assert len(set(roots)) == len(roots)
    linked = [link for p in pages for link in re.findall(r'URL="([^"]+)"', p.source)]
    assert sorted(linked) == sorted(f"{root}.svg" for root in roots)  # each page linked once
    drawn = set().union(*(roles_on(p) for p in pages))
    assert drawn == {role.title for role in chart.roles}
    for page in pages[1:]:
        assert f"Page {page.number} of {len(pages)}" in page.source


def test_pages_are_deterministic(charts: dict[str, Chart]) -> None:
    chart = charts["company"]
    assert chart_pages(chart, "co", width=7.27) == chart_pages(chart, "co", width=7.27)


def test_a_chart_that_fits_is_one_page_with_no_fold(charts: dict[str, Chart]) -> None:
    (page,) = chart_pages(charts["openai"], "OpenAI", width=page_width("screen"))
    assert page.root is None and "on page" not in page.source


def test_page_height_is_bounded_where_a_team_can_be_folded(charts: dict[str, Chart]) -> None:
    """A page holds its top, that top's reports and as much as fits; what a fold cannot
    shorten (a top's own long stacks) may run long, nothing else."""
    from orgsim.views.folding import sheets_of
    from orgsim.views.measure import RANK

    room = page_width("screen") * 72
    for sheet in sheets_of(charts["company"], room, {}):
        ranks = max(sheet.plan.rank.values()) + 1
        assert ranks * RANK <= TALLEST * room or not sheet.plan.reports.keys() - {
            r.id for r in sheet.chart.roles if r.reports_to is None
        }


@pytest.mark.parametrize(
    ("text", "inches"),
    [("a4", 7.27), ("letter", 7.5), ("screen", 20.0), ("1440px", 15.0), ("11in", 11.0),
     ("25.4cm", 10.0), ("254mm", 10.0), (" A4 ", 7.27)],
)  # fmt: skip
def test_widths_are_named_or_measured(text: str, inches: float) -> None:
    assert page_width(text) == pytest.approx(inches)


def test_pixels_count_at_the_pictures_resolution() -> None:
    assert page_width("1500px", dpi=150) == pytest.approx(10.0)


@pytest.mark.parametrize("text", ["7", "abc", "-3in", "0in", "1.5in", "300in", "3 feet", "1e3px"])
def test_nonsense_widths_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"width|inches"):
        page_width(text)


def with_dotted_lines(chart: Chart) -> Chart:
    """``chart`` with every fourth role answering by a dotted line to the role three before
    it (never its own manager): lines across teams and ranks, up and down."""
    roles = list(chart.roles)
    for index in range(3, len(roles), 4):
        other = roles[index - 3]
        if other.id != roles[index].reports_to:
            roles[index] = attrs.evolve(roles[index], dotted_to=(other.id,))
    return attrs.evolve(chart, roles=tuple(roles))


def ranks_and_order(drawn: dict[str, Any]) -> list[list[str]]:
    """The cards (by their titles' first line) on each rank, left to right, top rank first."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for o in drawn["objects"]:
        if re.fullmatch(r"r\d+", o["name"]) and "pos" in o:
            x, y = (float(n) for n in o["pos"].split(","))
            rows.setdefault(y, []).append((x, o["name"]))
    return [[name for _, name in sorted(row)] for _, row in sorted(rows.items(), reverse=True)]


@needs_dot
@pytest.mark.parametrize("day", ["2023-11-21", "2024-10-01"])
def test_dotted_lines_are_dashed_edges_that_move_no_card(day: str) -> None:
    plain = openai(day)
    crossed = with_dotted_lines(plain)
    lines = [(r.id, r.dotted_to[0]) for r in crossed.roles if r.dotted_to]
    assert len(lines) >= 3
    drawn = layout(chart_dot(crossed))
    names = {o["_gvid"]: o["name"] for o in drawn["objects"]}
    node = {role.id: f"r{n}" for n, role in enumerate(plan_of(crossed).order)}
    dashed = {
        (names[e["tail"]], names[e["head"]]) for e in drawn["edges"] if e.get("style") == "dashed"
    }
    assert dashed == {(node[other], node[role]) for role, other in lines}
    # Every card keeps its rank and its place in the rank's order.
    assert ranks_and_order(drawn) == ranks_and_order(layout(chart_dot(plain)))


@needs_dot
@pytest.mark.parametrize(
    ("role", "other"),
    [
        ("board-larry-summers", "board-nicole-seligman"),  # neighbouring ranks, two frames
        ("cfo", "ciso"),
        ("chief-scientist", "vp-consumer-product"),
        ("board-paul-nakasone", "cto"),  # two trees
    ],
)
def test_a_dotted_line_between_neighbouring_ranks_of_two_clusters_is_drawn(
    role: str, other: str
) -> None:
    """Graphviz 2.43 crashed on each of these when the dashed edge came after the tree's."""
    chart = openai()
    roles = tuple(attrs.evolve(r, dotted_to=(other,)) if r.id == role else r for r in chart.roles)
    drawn = layout(chart_dot(attrs.evolve(chart, roles=roles)))
    assert sum(e.get("style") == "dashed" for e in drawn["edges"]) == 1


@needs_dot
def test_a_dotted_line_to_a_role_on_another_page_is_named_on_the_card() -> None:
    chart = with_dotted_lines(company())
    pages = chart_pages(chart, width=page_width("a4"))
    assert len(pages) > 1
    drawn = [layout(page.source) for page in pages]
    lines = sum(1 for r in chart.roles if r.dotted_to)
    dashed = sum(e.get("style") == "dashed" for d in drawn for e in d.get("edges", []))
    named = sum(page.source.count("dotted line to") for page in pages)
    # Every card with a dotted line says so (a folded manager's card is on two pages), and
    # a line to a role on another page is named there, not drawn.
    assert named >= lines
    assert 0 < dashed < named
