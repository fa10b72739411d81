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
    ("explore", "-o", "-"),
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
        f"SCENARIO: {overlay} (hypothetical, not history; no later real events set aside)",
        "Chief Executive: Ann Lee (since 2 Jan 2020)",
    ]
    assert "  CTO: vacant" in shown.stdout
    dot = run(
        "render", "--log", str(small_log), "--date", "2020-05-01", "--format", "dot", "-o", "-",
        "--with", str(overlay),
    )  # fmt: skip
    assert f"SCENARIO: {overlay} (hypothetical, not history; no later" in dot.stdout


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


# Zed takes the CTO seat in January: the log's hire of Bob into it (line 4) is then impossible.
ZED_FIRST = (
    '{"kind": "hire", "on": "2020-01-15", "person": "zed", "name": "Zed", "role": "cto",'
    ' "source": "what-if"}\n'
)
BRANCHING = [
    (c if c[0] != "history" else ("history", "ann")) for c in READING if c[0] != "validate"
]


@pytest.mark.parametrize("command", BRANCHING, ids=lambda c: c[0])
def test_every_answer_of_a_branch_says_how_many_real_events_it_set_aside(
    command: tuple[str, ...], small_log: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "zed.jsonl"
    overlay.write_text(ZED_FIRST, encoding="utf-8")
    result = run(*command, "--log", str(small_log), "--with", str(overlay))
    assert result.exit_code == 0, result.output
    assert "1 later real event set aside" in result.stdout
    # Standard error names the event, its line and the rule, and the scenario's conflicting hire.
    assert f"  {small_log}, line 4: #4 hire 2020-02 bob -> cto: rule 1 (one holder)" in (
        result.stderr
    )
    assert "#6 hire 2020-01-15 zed -> cto" in result.stderr
    strict = run(*command, "--log", str(small_log), "--with", str(overlay), "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"orgsim: error: {overlay}, line 1: rule 4 (late arrival)")


def test_json_answers_of_a_branch_list_what_was_set_aside(small_log: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "zed.jsonl"
    overlay.write_text(ZED_FIRST, encoding="utf-8")
    for command in BRANCHING:
        if command[0] in ("render", "timeline", "explore"):
            continue
        result = run(*command, "--log", str(small_log), "--format", "json", "--with", str(overlay))
        answer = json.loads(result.stdout)
        assert answer["scenario"] == str(overlay)
        (aside,) = answer["set_aside"]
        assert aside["seq"] == 4 and aside["rule"] == 1 and aside["because"] is None
        assert aside["place"] == f"{small_log}, line 4"
    plain = run("show", "--log", str(small_log), "--format", "json", "--with", str(overlay))
    assert json.loads(plain.stdout)["roles"][1]["holder"]["id"] == "zed"


def test_strict_without_a_scenario_is_a_usage_error(small_log: Path) -> None:
    result = run("show", "--log", str(small_log), "--strict")
    assert result.exit_code == 2 and "--strict is for a scenario" in result.stderr
