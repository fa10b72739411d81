"""The explorer page: its data says what the library says, it is escaped and self-contained, it
grows linearly with the log, and it works in a real Chromium at desktop and at phone width."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

import orgsim
from orgsim import CreateRole, Hire, Promote, Timeline
from orgsim.questions.history import history
from orgsim.questions.succession import succession
from orgsim.simulation import simulate
from orgsim.views.explorer import explorer_data
from orgsim.views.html import explorer_html
from orgsim.views.steps import timeline_states
from tests.helpers import SOURCE, numbered, run, small_org
from tests.integration.browser import Opened, opened

HOSTILE = "</script><script>alert(1)</script>"
SCRIPT_SOURCE = "javascript:alert(1)"


def hostile_log() -> list[orgsim.Event]:
    """A title, a name, a note and a source that would run if they were taken as markup."""
    return numbered(
        small_org()
        + [
            CreateRole(on="2020-04-01", source=SOURCE, role="cfo", title=HOSTILE, reports_to="ceo"),
            Hire(
                on="2020-04-02",
                source=SCRIPT_SOURCE,
                note=HOSTILE,
                person="eve",
                name=HOSTILE,
                role="cfo",
            ),
            CreateRole(on="2020-05-01", source=SOURCE, role="coo", title="COO", reports_to="ceo"),
            Promote(on="2020-05-01", source="data:text/html,<b>x</b>", person="cy", role="coo"),
        ]
    )


def _label(date: orgsim.PartialDate | None) -> str | None:
    return None if date is None else date.label()


# --- the data --------------------------------------------------------------------------


def test_every_box_cites_the_change_that_put_it_there() -> None:
    data = explorer_data(Timeline.build(hostile_log()), "Acme")
    assert data["sources"] == [SOURCE, SCRIPT_SOURCE, "data:text/html,<b>x</b>"]  # each once
    steps = data["steps"]
    for step in steps:
        assert len(step["citations"]) == len(step["changes"])
        for item in step["roles"] + step["holders"]:
            assert 0 <= item["cite"] < len(step["changes"])
    eve = next(s for s in steps if s["date"] == "2020-04-02")
    [holder] = eve["holders"]
    assert eve["changes"][holder["cite"]].endswith("joined as " + HOSTILE)
    assert eve["citations"][holder["cite"]] == [1, HOSTILE]


def _histories(data: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """Each person's roles, stay by stay, read off the roles' lines as the page's script does."""
    found: dict[str, list[list[Any]]] = {
        person: [[] for _ in p["stays"]] for person, p in data["people"].items()
    }
    for role_id, role in data["roles"].items():
        for entry in role["line"]:
            if len(entry) == 6:
                person, stay, acting, start, end, title = entry
                found[person][stay].append([role_id, role["titles"][title][1], acting, start, end])
    return found


def assert_agrees_with_the_library(timeline: Timeline) -> None:
    """The page's histories and successions are :func:`history`'s and :func:`succession`'s."""
    data = explorer_data(timeline, "test")
    held = _histories(data)
    for person in timeline.stints:
        told = history(timeline, person)
        page = data["people"][person]
        assert page["name"] == told.name
        for stay, shown, roles in zip(told.stays, page["stays"], held[person], strict=True):
            departure = stay.departure
            assert shown == [
                stay.name,
                stay.spell.start.label(),
                _label(stay.spell.end),
                departure.reason if departure else None,
                departure.destination if departure else None,
            ]
            by_start = sorted(stay.roles, key=lambda r: (r.spell.start.start, r.role))
            assert sorted(roles, key=lambda r: (_start(timeline, r), r[0])) == [
                [r.role, r.title, r.acting, r.spell.start.label(), _label(r.spell.end)]
                for r in by_start
            ], person
    for role in timeline.versions:
        told_role = succession(timeline, role)
        shown_role = data["roles"][role]
        assert shown_role["titles"] == [[d.label(), t] for d, t in told_role.titles]
        assert shown_role["created"] == told_role.created.label()
        assert shown_role["abolished"] == _label(told_role.abolished)
        holders = [e for e in shown_role["line"] if len(e) == 6]
        assert [[h[0], h[2], h[3], h[4]] for h in holders] == [
            [i.person, i.acting, i.spell.start.label(), _label(i.spell.end)]
            for i in told_role.holders
        ]
        names = [data["people"][h[0]]["stays"][h[1]][0] for h in holders]
        assert names == [i.name for i in told_role.holders]
        gaps = [e for e in shown_role["line"] if len(e) == 2]
        assert gaps == [[g.start.label(), _label(g.end)] for g in told_role.gaps], role


def _start(timeline: Timeline, entry: list[Any]) -> dt.date:
    """The start of a held role as a date, to order a page's entries as history orders them."""
    role, _, _, start, _ = entry
    return next(t.start.start for t in timeline.tenures[role] if t.start.label() == start)


def test_histories_and_successions_say_what_the_library_says() -> None:
    assert_agrees_with_the_library(orgsim.load("openai").timeline())
    assert_agrees_with_the_library(Timeline.build(hostile_log()))
    assert_agrees_with_the_library(Timeline.build(simulate(people=40, years=4, rehire_share=0.5)))


def test_a_vacancy_sits_between_holders_in_a_line() -> None:
    line = explorer_data(orgsim.load("openai").timeline(), "OpenAI")["roles"]["ceo"]["line"]
    assert [entry[0] for entry in line if len(entry) == 6] == [
        "sam-altman",
        "mira-murati",
        "emmett-shear",
        "sam-altman",
    ]


def test_the_page_escapes_every_string_and_asks_for_nothing() -> None:
    page = explorer_html(Timeline.build(hostile_log()), title=HOSTILE, scenario=HOSTILE)
    assert HOSTILE not in page
    assert "<script>alert" not in page
    assert page.count("<script") == 2  # the data element and the page's own script
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title
    data_text = page.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    assert "\\u003c/script\\u003e" in data_text and "<" not in data_text
    assert json.loads(data_text)["scenario"] == HOSTILE  # the escapes are still JSON
    outside = page.replace(data_text, "")
    assert not re.search(r"https?://|\bsrc=|\bhref=|@import|url\(", outside)  # nothing to fetch


def _data_size(people: int, years: int) -> tuple[int, int]:
    """Events and bytes of the page's data for a simulated log."""
    events = simulate(people=people, years=years)
    page = explorer_html(Timeline.build(events), "Sim")
    empty = explorer_html(Timeline.build([]), "Sim")
    return len(events), len(page.encode("utf-8")) - len(empty.encode("utf-8"))


def test_the_page_grows_linearly_with_the_log() -> None:
    small_events, small_bytes = _data_size(people=100, years=5)
    large_events, large_bytes = _data_size(people=200, years=5)
    assert large_events > 1.8 * small_events
    per_event = (small_bytes / small_events, large_bytes / large_events)
    assert max(per_event) < 1.2 * min(per_event), per_event


# --- in a browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def openai_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    org = orgsim.load("openai")
    path = tmp_path_factory.mktemp("explorer") / "openai.html"
    path.write_text(explorer_html(org.timeline(), org.title), encoding="utf-8")
    return path


DESKTOP = (1280, 800)
PHONE = (390, 844)
JS_CARDS = """nodes => nodes.map(node => {
  const above = node.parentElement.parentElement.parentElement;
  return [
    node.dataset.role,
    node.querySelector('.title').textContent,
    node.dataset.person || null,
    above.tagName === 'LI' ? above.firstElementChild.dataset.role : null,
  ];
})"""


def boxes_shown(seen: Opened) -> list[list[Any]]:
    cards: list[list[Any]] = seen.page.eval_on_selector_all("#tree .card[data-role]", JS_CARDS)
    return sorted(cards)


def boxes_of(chart: orgsim.Chart) -> list[list[Any]]:
    return sorted(
        [role.id, role.title, role.holder.person if role.holder else None, role.reports_to]
        for role in chart.roles
    )


def slide_to(seen: Opened, index: int) -> None:
    seen.page.eval_on_selector(
        "#slider",
        "(s, i) => { s.value = String(i); s.dispatchEvent(new Event('input')); }",
        index,
    )


def assert_quiet(seen: Opened, page_file: Path) -> None:
    """No request but the page itself, no error, no dialog."""
    assert set(seen.requests) == {page_file.as_uri()}
    assert seen.problems == []
    assert seen.dialogs == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_slider_moves_the_chart_to_each_date(openai_page: Path, size: tuple[int, int]) -> None:
    org = orgsim.load("openai")
    steps = explorer_data(org.timeline(), org.title)["steps"]
    with opened(openai_page, *size) as seen:
        last = len(steps) - 1
        for index in [0, last // 4, last // 2, (3 * last) // 4, last - 1, last]:
            slide_to(seen, index)
            day = dt.date.fromisoformat(steps[index]["date"])
            assert seen.page.text_content("#date") == steps[index]["label"]
            assert boxes_shown(seen) == boxes_of(org.chart(day)), day
        seen.page.keyboard.press("ArrowLeft")  # the page has focus: the arrows move the date
        assert seen.page.text_content("#date") == steps[last - 1]["label"]
        # Once every transition is over, the copies of the boxes that left are gone.
        seen.page.wait_for_function("() => !document.querySelector('#ghosts .card')")
        assert_quiet(seen, openai_page)


def test_boxes_glide_arrive_and_leave(openai_page: Path) -> None:
    moving = """nodes => nodes.filter(n => getComputedStyle(n).transform !== 'none').length"""
    with opened(openai_page, *DESKTOP, fragment="#2023-11-19") as seen:
        page = seen.page
        # Slower than the page's 0.4 s, so that a busy machine still sees them under way.
        page.add_style_tag(content=".card { transition-duration: 3s !important; }")
        page.click("#next")  # 21 Nov 2023: a new board, Altman back
        assert page.text_content("#date") == "21 Nov 2023"
        leaving = page.locator("#ghosts .card.ghost")
        assert leaving.count() > 0  # copies of the old board's boxes, fading where they stood
        assert page.eval_on_selector_all("#tree .card", moving) > 0  # the rest on their way
        settled = """() => !document.querySelector('#ghosts .card') &&
          Array.from(document.querySelectorAll('#tree .card')).every(n => {
            const style = getComputedStyle(n);
            return style.transform === 'none' && style.opacity === '1';
          })"""
        page.wait_for_function(settled, timeout=10_000)  # every box in place, the copies gone
        assert_quiet(seen, openai_page)


def test_play_steps_through_the_dates(openai_page: Path) -> None:
    with opened(openai_page, *DESKTOP, fragment="#2016-01-01") as seen:
        before = seen.page.text_content("#date")
        seen.page.click("#play")
        seen.page.wait_for_timeout(1500)
        seen.page.click("#play")  # pause
        assert seen.page.text_content("#date") != before
        assert seen.page.get_attribute("#play", "aria-pressed") == "false"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_click_and_hover(openai_page: Path, size: tuple[int, int]) -> None:
    org = orgsim.load("openai")
    with opened(openai_page, *size, fragment="#2023-11-17") as seen:
        page = seen.page
        page.fill("#search", "murati")
        match = page.locator("#tree .card.match")
        assert match.count() >= 1
        assert "Mira Murati" in (match.first.text_content() or "")
        assert "match" in (page.text_content("#search-status") or "")
        page.fill("#search", "nobody-by-this-name")
        assert (
            page.text_content("#search-status") == "Nothing matches \u201cnobody-by-this-name\u201d"
        )
        assert page.locator("#tree .card.match").count() == 0

        page.click('.card[data-person="mira-murati"][data-role="cto"] button.holder')
        assert page.text_content("#details-heading") == "Mira Murati"
        told = history(org.timeline(), "mira-murati")
        entries = page.locator("#details-body ul.history li").all_text_contents()
        assert len(entries) == sum(len(stay.roles) for stay in told.stays)
        assert any(e.startswith("Chief Technology Officer") for e in entries)
        departure = page.text_content("#details-body .departure") or ""
        assert departure.startswith("Left ") and "resigned" in departure

        page.click('.card[data-role="ceo"] button.title')
        assert page.text_content("#details-heading") == "Chief Executive Officer"
        line = page.locator("#details-body ol.succession li").all_text_contents()
        ceo = succession(org.timeline(), "ceo")
        assert len(line) == len(ceo.holders) + len(ceo.gaps)
        assert [text.split(",")[0].split(" (")[0] for text in line] == [
            "Sam Altman",
            "Mira Murati",
            "Emmett Shear",
            "Sam Altman",
        ]

        page.hover('.card[data-role="ceo"]')
        source = page.locator("#source")
        assert source.is_visible()
        link = source.locator("a")
        tenure = org.timeline().tenures["ceo"][1]  # Murati, acting, from 17 Nov 2023
        assert link.get_attribute("href") == tenure.event.source
        assert tenure.event.note is not None and tenure.event.note in (source.text_content() or "")
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        assert_quiet(seen, openai_page)


def test_a_phone_stacks_the_panels_and_scrolls_the_chart_inside_its_own(
    tmp_path: Path,
) -> None:
    page_file = tmp_path / "long.html"
    page_file.write_text(explorer_html(Timeline.build(simulate(people=120, years=2)), "Sim"))
    with opened(page_file, *PHONE) as seen:
        page = seen.page
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        chart = page.locator("#chart").bounding_box()
        aside = page.locator("aside").bounding_box()
        assert chart is not None and aside is not None
        assert aside["y"] >= chart["y"] + chart["height"]  # stacked, the chart first
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= PHONE[0]
        scroll, client = page.eval_on_selector("#chart", "c => [c.scrollHeight, c.clientHeight]")
        assert scroll > client  # a long chart scrolls within its panel
        assert_quiet(seen, page_file)


def test_hostile_strings_are_shown_never_run_nor_linked(tmp_path: Path) -> None:
    page_file = tmp_path / "hostile.html"
    page_file.write_text(explorer_html(Timeline.build(hostile_log()), HOSTILE, scenario=HOSTILE))
    with opened(page_file, *DESKTOP) as seen:
        page = seen.page
        assert page.text_content("h1") == HOSTILE
        assert page.text_content("#scenario") == HOSTILE
        assert HOSTILE in (page.text_content('.card[data-role="cfo"] .title') or "")
        page.hover('.card[data-role="cfo"]')  # held by Eve, from a javascript: source
        source = page.locator("#source")
        assert SCRIPT_SOURCE in (source.text_content() or "")
        assert HOSTILE in (source.text_content() or "")  # the note, as text
        assert source.locator("a").count() == 0
        page.hover('.card[data-role="coo"]')  # Cy, from a data: source
        assert "data:text/html" in (source.text_content() or "")
        assert source.locator("a").count() == 0
        hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
        assert all(href.startswith(("http://", "https://")) for href in hrefs)
        assert_quiet(seen, page_file)


def test_the_command_labels_a_scenario_on_the_page(small_log: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "bob-leaves.jsonl"
    overlay.write_text(
        '{"kind": "depart", "on": "2020-04-01", "person": "bob", "reason": "resigned",'
        ' "source": "what-if"}\n',
        encoding="utf-8",
    )
    target = tmp_path / "what-if.html"
    result = run("explore", "--log", str(small_log), "--with", str(overlay), "-o", str(target))
    assert result.exit_code == 0, result.output
    with opened(target, *DESKTOP) as seen:
        shown = seen.page.text_content("#scenario") or ""
        assert shown.startswith(f"SCENARIO: {overlay} (hypothetical, not history")
        assert seen.page.is_visible("#scenario")
        assert 'data-person="bob"' not in seen.page.inner_html("#tree")
        assert_quiet(seen, target)


def test_the_steps_still_rebuild_the_charts() -> None:
    """The citations added for the explorer leave the timeline's states as they were."""
    timeline = Timeline.build(hostile_log())
    states = list(timeline_states(explorer_data(timeline, "Acme")))
    assert [r["id"] for r in states[-1]["roles"]] == ["ceo", "cto", "cfo", "coo"]


def test_a_card_names_its_dotted_lines_on_each_date(tmp_path: Path) -> None:
    """The log of docs/how-to/matrix-reporting.md: the finance lead's dotted line goes from the
    CFO to the Head of APAC, ends when her line is made solid, and comes back to the CFO."""
    org = orgsim.load(Path(__file__).resolve().parents[2] / "docs/examples/acme-matrix.jsonl")
    page_file = tmp_path / "matrix.html"
    page_file.write_text(explorer_html(org.timeline(), "Acme"), encoding="utf-8")
    days = [step["date"] for step in explorer_data(org.timeline(), "Acme")["steps"]]
    card = '.card[data-role="emea-finance"] .dotted'
    with opened(page_file, *DESKTOP) as seen:
        shown = {}
        for index, day in enumerate(days):
            slide_to(seen, index)
            dotted = seen.page.query_selector(card)
            shown[day] = dotted.text_content() if dotted else None
        assert_quiet(seen, page_file)
    expected = {}
    for day in days:
        lines = org.chart(day).role("emea-finance").dotted_to
        titles = [org.chart(day).role(line).title for line in lines]
        expected[day] = f"dotted line to {', '.join(titles)}" if titles else None
    assert shown == expected
    assert set(shown.values()) == {
        None,
        "dotted line to Chief Financial Officer",
        "dotted line to Head of APAC",
    }
