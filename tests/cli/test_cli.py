"""Every command through click's test runner: output, files written, exit codes."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests import helpers
from tests.helpers import needs_dot


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """The shared runner, in an empty directory of the test's own (renders write there)."""
    monkeypatch.chdir(tmp_path)
    return helpers.run


def test_show_text(run: Callable[..., Result], small_log: Path) -> None:
    result = run("show", "--log", str(small_log), "--date", "2020-03-01")
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "log on 1 Mar 2020",
        "Chief Executive: Ann Lee (since 2 Jan 2020)",
        "  CTO: Bob Roy (since Feb 2020)",
    ]


def test_show_json(run: Callable[..., Result], small_log: Path) -> None:
    result = run("show", "--log", str(small_log), "--date", "2020-03-01", "--format", "json")
    data = json.loads(result.stdout)
    assert data["date"] == "2020-03-01"
    assert [r["id"] for r in data["roles"]] == ["ceo", "cto"]
    assert data["roles"][1]["holder"]["name"] == "Bob Roy"
    assert [p["id"] for p in data["people"]] == ["ann", "bob", "cy"]
    assert set(data["people"][0]) >= {"id", "name", "roles", "on_leave", "joined"}


@needs_dot
def test_render_writes_svg_named_after_the_date(
    run: Callable[..., Result], small_log: Path, tmp_path: Path
) -> None:
    result = run("render", "--log", str(small_log), "--date", "2020-03-01")
    assert result.exit_code == 0
    svg = (tmp_path / "orgchart-2020-03-01.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "Ann Lee" in svg


@needs_dot
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_render_formats(
    run: Callable[..., Result], small_log: Path, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    result = run("render", "--log", str(small_log), "--date", "2020-03-01", "--format", fmt)
    assert result.exit_code == 0
    assert (tmp_path / f"orgchart-2020-03-01.{fmt}").read_bytes().startswith(magic)


@needs_dot
def test_render_format_follows_the_output_suffix(
    run: Callable[..., Result], small_log: Path, tmp_path: Path
) -> None:
    run("render", "--log", str(small_log), "--date", "2020-03-01", "-o", "chart.png")
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_render_dot_to_stdout(run: Callable[..., Result], small_log: Path) -> None:
    result = run(
        "render", "--log", str(small_log), "--date", "2020-03-01", "--format", "dot", "-o", "-"
    )
    assert result.exit_code == 0
    assert result.output.startswith("digraph orgchart {") and "Bob Roy" in result.output


def test_render_without_graphviz_writes_dot_and_says_how_to_install(
    run: Callable[..., Result], small_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run("render", "--log", str(small_log), "--date", "2020-03-01")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "install Graphviz" in result.output
    assert (tmp_path / "orgchart-2020-03-01.dot").read_text().startswith("digraph")
    assert not (tmp_path / "orgchart-2020-03-01.svg").exists()


def test_validate_ok(run: Callable[..., Result], small_log: Path) -> None:
    result = run("validate", "--log", str(small_log))
    assert result.exit_code == 0
    assert result.output == f"{small_log}: ok, 5 events, 3 people, 2 roles\n"


def test_validate_lists_every_problem(run: Callable[..., Result], small_log: Path) -> None:
    with small_log.open("a") as log:
        log.write(
            '{"seq": 6, "kind": "promote", "on": "2020-04", "source": "s", '
            '"person": "cy", "role": "ceo"}\n'
        )
        log.write('{"seq": 7, "kind": "leave", "on": "2020-04", "source": "s", "person": "zed"}\n')
    result = run("validate", "--log", str(small_log))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{small_log}, line 6: rule 1 (one holder) broken by event #6")
    assert lines[1].startswith(f"{small_log}, line 7: rule 2 (presence) broken by event #7")
    assert lines[2] == f"{small_log}: 2 problem(s) found"


def test_validate_malformed_log(run: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"seq": 1, "kind": "hire", "on": "2024-02-30", "source": "s", '
        '"person": "a", "name": "A"}\n'
    )
    result = run("validate", "--log", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"orgsim: error: {bad}, line 1: impossible date '2024-02-30'")


@pytest.mark.parametrize("command", ["show", "render", "validate"])
def test_missing_log_is_one_line_and_exit_1(run: Callable[..., Result], command: str) -> None:
    result = run(command, "--log", "nope.jsonl")
    assert result.exit_code == 1
    assert result.output == (
        "orgsim: error: nope.jsonl: no such log file (`orgsim init nope.jsonl` starts one)\n"
    )


def test_bad_date_is_a_usage_error(run: Callable[..., Result], small_log: Path) -> None:
    result = run("show", "--log", str(small_log), "--date", "2024-02-30")
    assert result.exit_code == 2
    assert "impossible date" in result.output
