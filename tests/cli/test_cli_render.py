"""render's options for part of a chart and changes since a date; the timeline page; Jupyter."""

from pathlib import Path

import orgsim
from orgsim.cli.base import BAR_ABOVE
from orgsim.snapshot import snapshot_path
from tests.helpers import needs_dot, run, run_on_terminal, run_piped


def dot_of(*args: str) -> str:
    result = run("render", "--format", "dot", "-o", "-", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_root_and_depth_draw_part_of_the_chart() -> None:
    whole = dot_of("--date", "2024-10-01")
    part = dot_of("--date", "2024-10-01", "--root", "Chief Scientist")
    assert "Jakub Pachocki" in part and "Sam Altman" not in part
    assert "Head of Alignment Science" in part
    top = dot_of("--date", "2024-10-01", "--depth", "0")
    assert "Sam Altman" in top and "Jakub Pachocki" not in top
    assert whole.count("label=<") > part.count("label=<")


def test_unknown_root_is_an_error() -> None:
    result = run("render", "--date", "2024-10-01", "--root", "Head of Vibes", "-o", "-")
    assert result.exit_code == 1 and "no role matches 'Head of Vibes'" in result.output


def test_since_marks_changes_and_draws_ghosts_with_a_legend() -> None:
    text = dot_of("--date", "2024-10-01", "--since", "2024-06-01")
    assert "Changes since 1 Jun 2024" in text
    assert "LEFT Chief Technology Officer" in text  # Mira Murati, as a ghost
    assert "NEW ROLE" in text and "NEW IN ROLE" in text
    # Each ghost says the role the person held last, under the title it had then: Zoph left
    # post-training (taken in August), Schulman alignment (he had moved there from
    # post-training), McGrew the VP of Research (retitled Chief Research Officer after him).
    assert text.count("LEFT Head of Post-Training") == 1
    assert "LEFT Head of Alignment Science" in text and "LEFT VP of Research" in text
    # Luke Metz held no role: he is listed apart, not drawn beside the leaders.
    assert "holding no role" in text and "Luke Metz: Oct 2024, resigned" in text


def test_timeline_page_from_the_command_line(tmp_path: Path) -> None:
    target = tmp_path / "openai.html"
    result = run("timeline", "-o", str(target))
    assert result.exit_code == 0 and result.output == f"wrote {target}\n"
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Emmett Shear" in page


def test_the_timeline_shows_a_progress_bar_on_a_terminal_and_nothing_when_piped(
    tmp_path: Path,
) -> None:
    assert run_piped("timeline", "-o", str(tmp_path / "piped.html")) == b""
    shown = run_on_terminal("timeline", "-o", str(tmp_path / "tty.html"))
    assert "Building the page" in shown and "100%" in shown


@needs_dot
def test_a_chart_shows_itself_in_jupyter_as_svg() -> None:
    svg = orgsim.load("openai").chart("2023-11-18")._repr_svg_()
    assert svg is not None and svg.lstrip().startswith("<?xml") and "Mira Murati" in svg


def test_loading_a_large_log_shows_a_bar_on_a_terminal_only(tmp_path: Path) -> None:
    log = tmp_path / "large.jsonl"
    orgsim.write_log(log, orgsim.simulate(people=9000, years=4, seed=3))
    assert log.stat().st_size > BAR_ABOVE  # else this test would prove nothing
    assert run_piped("validate", "--log", str(log)) == b""
    shown = run_on_terminal("validate", "--log", str(log))
    assert "Loading large.jsonl" in shown and "100%" in shown
    # The first chart reads the log and writes its snapshot, under one bar to the end; the
    # next is answered by the snapshot, with nothing to wait for and no bar.
    chart = ("show", "--date", "2016-01-01", "--log", str(log))
    first = run_on_terminal(*chart)
    assert "Loading large.jsonl" in first and "100%" in first
    assert snapshot_path(log).exists()
    assert "Loading" not in run_on_terminal(*chart)
