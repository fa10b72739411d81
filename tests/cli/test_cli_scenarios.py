"""--with on every reading command: the scenario is applied, labelled, and never written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import needs_dot, run

BOB_LEAVES = (
    '{"kind": "depart", "on": "2020-04-01", "person": "bob", "reason": "resigned",'
    ' "destination": "Elsewhere", "source": "what-if"}\n'
)


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    path = tmp_path / "bob-leaves.jsonl"
    path.write_text(BOB_LEAVES, encoding="utf-8")
    return path


READING = [
    ("show", "--date", "2020-05-01"),
    ("render", "--date", "2020-05-01", "--format", "dot", "-o", "-"),
    ("diff", "--from", "2020-03-01", "--to", "2020-05-01"),
    ("history", "bob"),
    ("succession", "cto"),
    ("churn", "--from", "2020-01-01", "--to", "2020-12-31"),
    ("timeline", "-o", "-"),
    ("validate",),
]


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_every_reading_command_takes_a_scenario_and_says_so(
    command: tuple[str, ...], small_log: Path, overlay: Path
) -> None:
    before = small_log.read_bytes()
    plain = run(*command, "--log", str(small_log))
    result = run(*command, "--log", str(small_log), "--with", str(overlay))
    assert result.exit_code == 0, result.output
    assert f"scenario: {overlay}" in result.stderr
    assert "hypothetical" in result.stderr
    assert "scenario" not in plain.stderr
    if command[0] != "validate":
        assert result.stdout != plain.stdout  # Bob's leaving shows in every answer
    assert small_log.read_bytes() == before


def test_show_and_render_label_the_scenario_on_the_chart(small_log: Path, overlay: Path) -> None:
    shown = run("show", "--log", str(small_log), "--date", "2020-05-01", "--with", str(overlay))
    assert shown.stdout.splitlines()[:3] == [
        "log on 1 May 2020",
        f"SCENARIO: {overlay} (hypothetical, not history)",
        "Chief Executive: Ann Lee (since 2 Jan 2020)",
    ]
    assert "  CTO: vacant" in shown.stdout
    dot = run(
        "render", "--log", str(small_log), "--date", "2020-05-01", "--format", "dot", "-o", "-",
        "--with", str(overlay),
    )  # fmt: skip
    assert f"SCENARIO: {overlay} (hypothetical events, not history)" in dot.stdout


@needs_dot
def test_a_rendered_svg_carries_the_label(small_log: Path, overlay: Path) -> None:
    result = run(
        "render", "--log", str(small_log), "--date", "2020-05-01", "-o", "-",
        "--with", str(overlay),
    )  # fmt: skip
    assert result.exit_code == 0
    assert "SCENARIO: " in result.stdout and "<svg" in result.stdout


def test_json_answers_name_the_scenario(small_log: Path, overlay: Path) -> None:
    for command in (("show", "--date", "2020-05-01"), ("history", "bob")):
        result = run(*command, "--log", str(small_log), "--format", "json", "--with", str(overlay))
        assert json.loads(result.stdout)["scenario"] == str(overlay)
    history = run("history", "bob", "--log", str(small_log), "--format", "json")
    assert "scenario" not in json.loads(history.stdout)


def test_overlays_repeat(small_log: Path, overlay: Path, tmp_path: Path) -> None:
    back = tmp_path / "bob-back.jsonl"
    back.write_text(
        '{"kind": "hire", "on": "2020-06-01", "person": "bob", "name": "Bob Roy",'
        ' "role": "cto", "source": "what-if"}\n'
    )
    result = run(
        "history", "bob", "--log", str(small_log), "--with", str(overlay), "--with", str(back)
    )
    assert result.exit_code == 0, result.output
    assert "Elsewhere" in result.stdout and "1 Jun 2020" in result.stdout


def test_a_broken_overlay_is_refused_with_its_file_and_line(
    small_log: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(BOB_LEAVES + BOB_LEAVES.replace("2020-04-01", "2020-04-02"))
    before = small_log.read_bytes()
    result = run("show", "--log", str(small_log), "--with", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"orgsim: error: {bad}, line 2: rule 2 (presence)")
    assert small_log.read_bytes() == before
    missing = run("show", "--log", str(small_log), "--with", str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 1 and "no such overlay file" in missing.stderr
