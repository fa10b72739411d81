"""--format csv on every question: one flat table, as many rows as the answer has things, and
nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orgsim import CreateRole, Event, Hire
from orgsim.strategies import numbered
from tests.helpers import SOURCE as S
from tests.helpers import run


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _roles(answer: dict[str, Any]) -> int:
    return len(answer["roles"])


def _held(answer: dict[str, Any]) -> int:
    return sum(max(1, len(stay["roles"])) for stay in answer["stays"])


def _succession(answer: dict[str, Any]) -> int:
    return len(answer["holders"]) + len(answer["gaps"])


def _periods(answer: dict[str, Any]) -> int:
    return len(answer["periods"])


def _steps(answer: dict[str, Any]) -> int:
    return sum(len(chain["steps"]) for chain in answer["chains"])


QUESTIONS: list[tuple[tuple[str, ...], str, Callable[[dict[str, Any]], int]]] = [
    (("show", "--date", "2024-10-01"), "date", _roles),
    (("history", "mira-murati"), "person", _held),
    (("succession", "cto"), "role", _succession),
    (("churn", "--from", "2024-01-01", "--to", "2024-12-31"), "period", _periods),
    (("chains", "--from", "2024-01-01", "--to", "2025-06-30"), "chain", _steps),
    (("forecast", "--to", "2026-06-01", "--runs", "30"), "role", _roles),
]


@pytest.mark.parametrize("args, first, count", QUESTIONS, ids=[q[0][0] for q in QUESTIONS])
def test_a_csv_has_a_row_for_each_thing_the_json_holds(
    args: tuple[str, ...], first: str, count: Callable[[dict[str, Any]], int]
) -> None:
    as_csv = run(*args, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = table(as_csv.stdout)
    assert as_csv.stdout.split(",", 1)[0] == first
    assert len(rows) == count(json.loads(run(*args, "--format", "json").stdout)) > 0


def test_the_diff_lists_every_change_once() -> None:
    args = ("diff", "--from", "2024-06-01", "--to", "2024-10-01")
    answer = json.loads(run(*args, "--format", "json").stdout)
    rows = table(run(*args, "--format", "csv").stdout)
    kinds = ["joined", "left", "moved", "created", "abolished", "retitled", "reparented", "dotted"]
    kinds += ["vacated", "filled", "changed_hands"]
    assert len(rows) == sum(len(answer[kind]) for kind in kinds)
    left = [row for row in rows if row["change"] == "left"]
    assert {row["person"] for row in left} == {person for person, _ in answer["left"]}


def test_every_other_question_answers_in_csv_too(tmp_path: Path) -> None:
    overlay = tmp_path / "chen.jsonl"
    overlay.write_text(
        '{"kind": "depart", "on": "2025-01-15", "person": "mark-chen", "reason": "resigned",'
        ' "source": "what-if"}\n',
        encoding="utf-8",
    )
    impact = table(
        run("impact", "--date", "2025-04-01", "--with", str(overlay), "--format", "csv").stdout
    )
    headcount = next(row for row in impact if row["measure"] == "headcount")
    assert int(headcount["change"]) == -1
    assert headcount["overlays"] == str(overlay) and headcount["set_aside"] == "1"
    watch = table(run("watch", "--within", "30", "--format", "csv").stdout)
    assert watch and {row["kind"] for row in watch} <= {"warn", "closed", "open"}
    assert table(run("lint", "--format", "csv").stdout)[0]["kind"]
    backtest = run(
        "forecast", "--from", "2024-01-01", "--to", "2025-01-01", "--backtest", "--runs", "30",
        "--format", "csv",
    )  # fmt: skip
    assert {row["changed"] for row in table(backtest.stdout)} == {"True", "False"}


def test_a_cell_a_spreadsheet_would_run_is_defused(
    write_log: Callable[[list[Event]], Path],
) -> None:
    log = write_log(
        numbered(
            [
                CreateRole(on="2020-01-01", source=S, role="boss", title='=HYPERLINK("x")'),
                Hire(on="2020-01-01", source=S, person="a", name="@Ann", role="boss"),
            ]
        )
    )
    (row,) = table(run("show", "--log", str(log), "--date", "2020-02-01", "--format", "csv").stdout)
    assert row["title"] == '\'=HYPERLINK("x")' and row["name"] == "'@Ann"
