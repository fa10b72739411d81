"""orgsim forecast: a report, JSON and a picture; a backtest; clear refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from orgsim import CreateRole, Event, Hire
from orgsim.strategies import numbered
from tests.helpers import SOURCE as S
from tests.helpers import run


def test_the_report_names_its_assumptions_and_every_role(small_log: Path) -> None:
    result = run("forecast", "--log", str(small_log), "--to", "2021-03-01", "--runs", "40")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Forecast from 1 Mar 2020 to 1 Mar 2021: 40 runs, seed 0"
    assert any(line.startswith("  level 0: 0-1y ") for line in lines)
    assert any(line.startswith("Chief Executive (Ann Lee): changes ") for line in lines)
    assert any(line.startswith("  CTO (Bob Roy): changes ") for line in lines)
    assert "Expected departures of holders: " in result.stdout


def test_json_is_the_typed_result_and_the_seed_repeats_it(small_log: Path) -> None:
    args = ("forecast", "--log", str(small_log), "--to", "2022-01-01", "--format", "json")
    first = json.loads(run(*args, "--seed", "4", "--runs", "60").stdout)
    again = json.loads(run(*args, "--seed", "4", "--runs", "60", "--workers", "2").stdout)
    assert first == again
    assert [role["role"] for role in first["roles"]] == ["ceo", "cto"]
    assert {"estimates", "departures", "chain_lengths", "moves", "observed"} <= set(first)
    assert first["runs"] == 60 and first["seed"] == 4


def test_the_picture_escapes_what_the_log_says(
    write_log: Callable[[list[Event]], Path], tmp_path: Path
) -> None:
    log = write_log(
        numbered(
            [
                CreateRole(on="2020-01-01", source=S, role="boss", title='<script>"x"</script>'),
                Hire(on="2020-01-01", source=S, person="a", name="A & B", role="boss"),
            ]
        )
    )
    target = tmp_path / "f.svg"
    result = run(
        "forecast", "--log", str(log), "--to", "2021-01-01", "--runs", "30",
        "--format", "svg", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<svg") and "<script>" not in page
    assert "&lt;script&gt;" in page and "A &amp; B" in page


def test_a_backtest_scores_the_openai_forecast_of_2024() -> None:
    result = run(
        "forecast", "--from", "2024-01-01", "--to", "2025-01-01", "--backtest", "--runs", "200"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Backtest: forecast from 1 Jan 2024 (as known then)")
    assert "  Chief Technology Officer: " in result.stdout and ", changed" in result.stdout
    assert "Brier score: " in result.stdout and "Skill: " in result.stdout


def test_nonsense_is_refused(small_log: Path) -> None:
    log = ("--log", str(small_log))
    backwards = run("forecast", *log, "--from", "2021-01-01", "--to", "2020-06-01")
    assert backwards.exit_code == 2 and "a forecast runs forwards" in backwards.stderr
    unnamed = run("forecast", *log, "--to", "2021-01-01", "--backtest")
    assert unnamed.exit_code == 2 and "--backtest needs --from" in unnamed.stderr
    none = run("forecast", *log, "--to", "2021-01-01", "--runs", "0")
    assert none.exit_code == 2
    early = run("forecast", *log, "--from", "2019-01-01", "--to", "2021-01-01")
    assert early.exit_code == 1 and "the log starts on 2020-01-01" in early.stderr
    unscored = run("forecast", *log, "--from", "2020-03-01", "--to", "2030-01-01", "--backtest")
    assert unscored.exit_code == 1 and "nothing yet to score" in unscored.stderr
    before_the_end = run("forecast", *log, "--to", "2020-02-01")  # the log ends on 1 Mar 2020
    assert before_the_end.exit_code == 1
    assert "the log ends on 2020-03-01, where a forecast starts by default" in before_the_end.stderr
    bad = run("forecast", *log, "--to", "2021-02-30")
    assert bad.exit_code == 2


def test_a_scenario_is_forecast_and_says_so(small_log: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "bob.jsonl"
    overlay.write_text(
        '{"kind": "depart", "on": "2020-04-01", "person": "bob", "reason": "resigned",'
        ' "source": "what-if"}\n',
        encoding="utf-8",
    )
    result = run(
        "forecast", "--log", str(small_log), "--with", str(overlay), "--to", "2021-04-01",
        "--runs", "30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"SCENARIO: {overlay} (hypothetical, not history;")
    assert "  CTO (vacant): changes " in result.stdout
