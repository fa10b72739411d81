"""render --width: widths refused with a usage error, pages written beside -o or in -o DIR/,
each folded card linking to a page that was written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import orgsim
from tests.helpers import needs_dot, run


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = tmp_path_factory.mktemp("company") / "co.jsonl"
    orgsim.write_log(log, orgsim.simulate(people=200, years=1, seed=0))
    return log


@pytest.mark.parametrize("width", ["7", "wide", "0in", "-2in", "1in", "99999px", "3ft"])
def test_a_nonsense_width_is_a_usage_error(width: str) -> None:
    result = run("render", "--date", "2024-10-01", "--width", width, "-o", "-")
    assert result.exit_code == 2 and "--width" in result.output


@needs_dot
def test_pages_go_in_a_folder_and_link_to_each_other(company: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pages"  # made by render
    args = ("render", "--log", str(company), "--date", "2015-06-01", "--width", "a4")
    result = run(*args, "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    written = sorted(folder.iterdir())
    assert result.output.splitlines()[0] == f"wrote {folder}/orgchart-2015-06-01-a4.svg"
    assert len(written) == len(result.output.splitlines()) > 1
    names = {path.name for path in written}
    linked = set()
    for path in written:
        linked |= set(re.findall(r'xlink:href="([^"]+)"', path.read_text()))
    assert linked == names - {"orgchart-2015-06-01-a4.svg"}  # every other page, linked


@needs_dot
def test_pages_go_beside_a_named_file(company: Path, tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    args = ("render", "--log", str(company), "--date", "2015-06-01", "--width", "1400px")
    result = run(*args, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file() and (tmp_path / "chart-vp-sales.png").is_file()


def test_several_pages_cannot_go_to_standard_output(company: Path) -> None:
    args = ("render", "--log", str(company), "--date", "2015-06-01", "--width", "a4")
    result = run(*args, "--format", "dot", "-o", "-")
    assert result.exit_code == 2 and "pages" in result.output


def test_a_chart_that_fits_is_one_page_on_standard_output() -> None:
    shown = run("render", "--date", "2024-10-01", "--width", "screen", "--format", "dot", "-o", "-")
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("digraph") and 'size="20.00,1000"' in shown.output


def test_without_a_width_the_drawing_is_the_default_one() -> None:
    result = run("render", "--date", "2024-10-01", "--format", "dot", "-o", "-")
    assert result.output == orgsim.views.chart_dot(
        orgsim.load("openai").chart("2024-10-01"), heading="OpenAI"
    )
