"""The timeline page: self-contained, escaped, and working in a real headless browser."""

from pathlib import Path

import orgsim
from orgsim import CreateRole, Hire, Promote, Timeline
from orgsim.views.html import timeline_data, timeline_html
from orgsim.views.steps import timeline_states
from tests.helpers import SOURCE as S
from tests.helpers import assert_steps_rebuild_charts, numbered, small_org
from tests.integration.browser import ARGS, browser_or_skip

HOSTILE = '</script><script>alert("x")</script> & <b>Bo</b>'


def hostile_log() -> list[orgsim.Event]:
    return numbered(
        small_org()
        + [
            CreateRole(on="2020-04-01", source=S, role="cfo", title=HOSTILE, reports_to="ceo"),
            Hire(on="2020-04-02", source=S, person="eve", name=HOSTILE, role="cfo"),
            Promote(on="2020-05-01", source=S, person="cy", role="cfo", acting=True),
        ]
    )[:7]


def test_one_step_per_change_date_with_its_changes() -> None:
    data = timeline_data(Timeline.build(small_org()), "Acme")
    assert [s["date"] for s in data["steps"]] == [
        "2020-01-01",
        "2020-01-02",
        "2020-02-01",
        "2020-03-01",
    ]
    assert data["steps"][2]["label"] == "Feb 2020"  # known only to the month
    assert data["steps"][1]["changes"] == ["Ann Lee joined as Chief Executive"]
    *_, last = timeline_states(data)
    assert [r["id"] for r in last["roles"]] == ["ceo", "cto"]


def test_each_change_is_carried_once() -> None:
    steps = timeline_data(Timeline.build(small_org()), "Acme")["steps"]
    assert [[r["id"] for r in s["roles"]] for s in steps] == [["ceo", "cto"], [], [], []]
    assert [[h["person"] for h in s["holders"]] for s in steps] == [[], ["ann"], ["bob"], []]
    assert [[p["id"] for p in s["joined"]] for s in steps] == [[], ["ann"], ["bob"], ["cy"]]
    assert steps[2]["holders"][0]["since_label"] == "Feb 2020"


def test_the_steps_rebuild_the_chart_of_every_date_of_a_small_log() -> None:
    assert_steps_rebuild_charts(Timeline.build(hostile_log()))
    assert_steps_rebuild_charts(Timeline.build(small_org()))


def test_the_steps_rebuild_the_chart_of_every_date_of_the_openai_log() -> None:
    assert_steps_rebuild_charts(orgsim.load("openai").timeline())


def test_the_page_is_self_contained_and_escaped() -> None:
    page = timeline_html(Timeline.build(hostile_log()), title=HOSTILE)
    assert "http://" not in page and "https://" not in page  # nothing to fetch
    assert '<script>alert("x")' not in page
    assert page.count("<script") == 2  # the data element and the page's own script
    assert "&lt;/script&gt;&lt;script&gt;" in page  # the title, escaped for HTML
    assert "\\u003c/script\\u003e" in page  # the data, escaped inside the JSON


def test_a_title_holding_a_slot_name_stays_text() -> None:
    page = timeline_html(Timeline.build(small_org()), title="Acme {{SCRIPT}} {{DATA}}")
    assert "<title>Acme {{SCRIPT}} {{DATA}}: timeline</title>" in page
    assert page.count('"steps"') == 1  # the data went in once, where it belongs


def test_the_page_works_in_a_headless_browser(tmp_path: Path) -> None:
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "openai.html"
    org = orgsim.load("openai")
    page_file.write_text(timeline_html(org.timeline(), org.title), encoding="utf-8")
    problems: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(page_file.as_uri() + "#2023-11-18")
        assert page.text_content("#date") == "17 Nov 2023"
        chart_then = page.text_content("#chart") or ""
        assert "Mira Murati" in chart_then and "ACTING" in chart_then
        page.focus("#slider")
        page.keyboard.press("ArrowRight")
        assert page.text_content("#date") == "19 Nov 2023"  # US Pacific days
        assert "Emmett Shear" in (page.text_content("#chart") or "")
        assert page.text_content("#chart") != chart_then
        page.click("#previous")
        page.screenshot(path=str(tmp_path / "timeline.png"), full_page=False)
        browser.close()
    assert problems == []
    assert (tmp_path / "timeline.png").stat().st_size > 10_000


def test_a_hostile_name_is_shown_not_run(tmp_path: Path) -> None:
    executable = browser_or_skip()
    from playwright.sync_api import Dialog, sync_playwright

    page_file = tmp_path / "hostile.html"
    page_file.write_text(timeline_html(Timeline.build(hostile_log()), HOSTILE), encoding="utf-8")
    dialogs: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page()

        def dismiss(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(page_file.as_uri())
        assert HOSTILE in (page.text_content("#chart") or "")
        assert HOSTILE in (page.text_content("h1") or "")
        browser.close()
    assert dialogs == []


def test_the_page_works_at_phone_width_and_reads_as_english(tmp_path: Path) -> None:
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "openai.html"
    org = orgsim.load("openai")
    page_file.write_text(timeline_html(org.timeline(), org.title), encoding="utf-8")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": 420, "height": 900})
        page.goto(page_file.as_uri() + "#2024-10-01")
        # Nothing but the chart itself scrolls sideways: the page is as wide as the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 420
        box = page.locator("aside").bounding_box()
        chart = page.locator("#chart").bounding_box()
        assert box is not None and chart is not None and box["y"] >= chart["y"] + chart["height"]
        dates = page.locator("#dates li").all_text_contents()
        assert any(text.endswith(": 1 change") for text in dates)
        assert not any("change(s)" in text for text in dates)
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        browser.close()


def test_an_empty_without_a_role_list_has_no_heading(tmp_path: Path) -> None:
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    everyone_placed = numbered(small_org()[:4])  # the CEO and the CTO, both filled
    page_file = tmp_path / "acme.html"
    page_file.write_text(timeline_html(Timeline.build(everyone_placed), "Acme"), encoding="utf-8")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        assert not page.is_visible("#unassigned-heading")
        browser.close()
