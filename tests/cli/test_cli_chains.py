"""orgsim chains and orgsim impact: text and JSON, with a scenario, and the mistakes a user
makes (a range given backwards, a date that does not exist, impact without a scenario)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from orgsim import Depart, Event, Hire, Promote
from tests.helpers import SOURCE as S
from tests.helpers import numbered, run, small_org

BOB_LEAVES = (
    '{"kind": "depart", "on": "2020-04-01", "person": "bob", "reason": "resigned",'
    ' "source": "what-if"}\n'
)


@pytest.fixture
def moves_log(write_log: Callable[[list[Event]], Path]) -> Path:
    """The small organisation, then Ann leaves, Bob (CTO) succeeds her, Dee is hired as CTO."""
    return write_log(
        numbered(
            small_org()
            + [
                Depart(on="2021-01-04", source=S, person="ann", reason="retired"),
                Promote(on="2021-02-01", source=S, person="bob", role="ceo"),
                Hire(on="2021-03-01", source=S, person="dee", name="Dee Park", role="cto"),
            ]
        )
    )


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    path = tmp_path / "bob-leaves.jsonl"
    path.write_text(BOB_LEAVES, encoding="utf-8")
    return path


def test_chains_as_text(moves_log: Path) -> None:
    result = run("chains", "--from", "2021-01-01", "--to", "2021-12-31", "--log", str(moves_log))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Vacancy chains opened from 1 Jan 2021 to 31 Dec 2021",
        "1 chain, mean length 2; length 2: 1",
        "Ended: hire 1, additional 0, abolished 0, open 0",
        "Opened by: departures 1, step-downs 0, new roles 0, moves out of a second role 0",
        "",
        "4 Jan 2021, Ann Lee left (retired): length 2, hire",
        "  1. Chief Executive: Bob Roy, from CTO, 1 Feb 2021",
        "  2. CTO: Dee Park, hired, 1 Mar 2021",
    ]


def test_chains_as_json(moves_log: Path) -> None:
    result = run(
        "chains", "--from", "2020-01-01", "--to", "2021-02-15", "--log", str(moves_log),
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["start"] == "2020-01-01" and data["end"] == "2021-02-15"
    # The two new roles of 2020, each filled by a hire; Ann's chain, still open on 15 Feb.
    assert [(c["opener"], c["end"], c["length"]) for c in data["chains"]] == [
        ("role", "hire", 1),
        ("role", "hire", 1),
        ("depart", "open", 2),
    ]
    assert data["chains"][2]["steps"][1] == {
        "role": "cto",
        "title": "CTO",
        "opened": "2021-02-01",
        "filled": None,
        "person": None,
        "acting": False,
        "from_role": None,
        "filled_by": None,
    }
    assert data["mean_length"] == pytest.approx(4 / 3, abs=0.01)


def test_chains_refuse_a_range_given_backwards(moves_log: Path) -> None:
    result = run("chains", "--from", "2021-12-31", "--to", "2021-01-01", "--log", str(moves_log))
    assert result.exit_code == 2
    assert "--from 2021-12-31 is after --to 2021-01-01" in result.output


@pytest.mark.parametrize(
    "dates",
    [("--from", "2021-02-30"), ("--from", "2021-01-01", "--to", "yesterday")],
    ids=["no-such-day", "not-a-date"],
)
def test_chains_refuse_a_bad_date(moves_log: Path, dates: tuple[str, ...]) -> None:
    result = run("chains", *dates, "--log", str(moves_log))
    assert result.exit_code == 2
    assert "Invalid value for '--" in result.output


def test_chains_need_from(moves_log: Path) -> None:
    result = run("chains", "--log", str(moves_log))
    assert result.exit_code == 2 and "Missing option '--from'" in result.output


def test_chains_of_a_scenario_say_so(small_log: Path, overlay: Path) -> None:
    result = run(
        "chains", "--from", "2020-04-01", "--to", "2020-12-31", "--log", str(small_log),
        "--with", str(overlay), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scenario"] == str(overlay)
    [chain] = data["chains"]
    assert chain["opened_by"]["person"] == "bob" and chain["end"] == "open"


def test_chains_of_the_bundled_log() -> None:
    # Bob McGrew left on 25 Sep 2024; Mark Chen moved up from SVP of Research to his seat on
    # 24 Mar 2025, and the SVP seat was abolished that day.
    result = run("chains", "--from", "2024-09-25", "--to", "2025-12-31")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = lines.index("25 Sep 2024, Bob McGrew left (resigned): length 2, abolished")
    assert lines[at + 1].startswith("  1. Chief Research Officer: Mark Chen, from ")
    assert lines[at + 1].endswith(", 24 Mar 2025")
    assert lines[at + 2].endswith(": abolished")


def test_impact_needs_a_scenario(small_log: Path) -> None:
    result = run("impact", "--date", "2020-05-01", "--log", str(small_log))
    assert result.exit_code == 2
    assert "give --with OVERLAY.jsonl" in result.output


def test_impact_as_text(small_log: Path, overlay: Path) -> None:
    result = run("impact", "--date", "2020-05-01", "--log", str(small_log), "--with", str(overlay))
    assert result.exit_code == 0, result.output
    rows = {" ".join(line.split()[:-3]): line.split()[-3:] for line in result.stdout.splitlines()}
    assert f"Impact of scenario {overlay} on 1 May 2020" in result.stdout
    assert rows["headcount"] == ["3", "2", "-1"]
    assert rows["vacancies"] == ["0", "1", "+1"]
    assert rows["roles"] == ["2", "2", "0"]
    assert rows["people without a role"] == ["1", "1", "0"]  # Cy, in both


def test_impact_as_json_and_as_known_on_a_day(small_log: Path, overlay: Path) -> None:
    args = ("impact", "--date", "2020-05-01", "--log", str(small_log), "--with", str(overlay))
    data = json.loads(run(*args, "--format", "json").stdout)
    assert data["scenario"] == str(overlay)
    assert data["base"]["headcount"] == 3 and data["proposed"]["headcount"] == 2
    assert data["difference"]["headcount"] == -1 and data["difference"]["vacancies"] == 1
    # Known on 31 Mar 2020, the overlay's departure (known from 1 Apr) had not happened yet.
    early = json.loads(run(*args, "--known-on", "2020-03-31", "--format", "json").stdout)
    assert early["difference"]["headcount"] == 0


def test_impact_refuses_a_bad_date(small_log: Path, overlay: Path) -> None:
    result = run("impact", "--date", "2020-13-01", "--log", str(small_log), "--with", str(overlay))
    assert result.exit_code == 2 and "Invalid value for '--date'" in result.output
