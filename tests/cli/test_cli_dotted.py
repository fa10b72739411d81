"""Dotted lines from the command line: given, replaced, ended, refused, and shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run


@pytest.fixture
def log(tmp_path: Path) -> str:
    path = tmp_path / "acme.jsonl"
    path.touch()
    return str(path)


def add(log: str, *args: str) -> dict[str, object]:
    result = run(*args, "--log", log, "--source", "memo")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def company(log: str) -> None:
    add(log, "role", "create", "ceo", "--title", "CEO", "--on", "2024-01-01")
    add(log, "role", "create", "cto", "--title", "CTO", "--reports-to", "ceo", "--on", "2024-01-01")
    add(log, "role", "create", "coo", "--title", "COO", "--reports-to", "ceo", "--on", "2024-01-01")


def test_a_role_is_created_with_a_dotted_line_named_by_title(log: str) -> None:
    company(log)
    line = add(
        log, "role", "create", "data", "--title", "Head of Data", "--reports-to", "CTO",
        "--dotted-to", "COO", "--on", "2024-02-01",
    )  # fmt: skip
    assert line["dotted_to"] == ["coo"] and line["reports_to"] == "cto"
    shown = run("show", "--log", log, "--date", "2024-02-01")
    assert shown.exit_code == 0, shown.output
    assert "Head of Data: vacant [dotted line to COO]" in shown.stdout
    data = json.loads(run("show", "--log", log, "--date", "2024-02-01", "--format", "json").stdout)
    assert {r["id"]: r["dotted_to"] for r in data["roles"]}["data"] == ["coo"]
    rows = run("show", "--log", log, "--date", "2024-02-01", "--format", "csv").stdout
    assert "coo" in rows.splitlines()[-1]


def test_a_reorg_replaces_the_dotted_lines_and_says_which_it_ended(log: str) -> None:
    company(log)
    add(log, "role", "create", "data", "--title", "Data", "--reports-to", "cto",
        "--dotted-to", "coo", "--on", "2024-02-01")  # fmt: skip
    result = run(
        "role", "reorg", "data", "--dotted-to", "ceo", "--on", "2024-03-01",
        "--log", log, "--source", "memo",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dotted_to"] == ["ceo"]
    assert "ended the dotted line(s) of data to coo" in result.stderr
    ended = add(log, "role", "reorg", "data", "--no-dotted", "--on", "2024-04-01")
    assert ended["dotted_to"] == []
    changes = run("diff", "--log", log, "--from", "2024-02-15", "--to", "2024-04-15").stdout
    assert "Dotted lines: Data: no longer to COO" in changes


def test_contradictions_and_broken_rules_are_refused_and_nothing_is_written(log: str) -> None:
    company(log)
    before = Path(log).read_bytes()
    both = run("role", "reorg", "cto", "--dotted-to", "coo", "--no-dotted", "--on", "2024-02-01",
               "--log", log, "--source", "memo")  # fmt: skip
    assert both.exit_code == 2 and "contradict" in both.output
    missing = run("role", "reorg", "cto", "--dotted-to", "cfo", "--on", "2024-02-01",
                  "--log", log, "--source", "memo")  # fmt: skip
    assert missing.exit_code == 1 and "cfo" in missing.output
    doubled = run("role", "reorg", "cto", "--dotted-to", "ceo", "--on", "2024-02-01",
                  "--log", log, "--source", "memo")  # fmt: skip
    assert doubled.exit_code == 1 and "solid" in doubled.output
    assert Path(log).read_bytes() == before
    add(log, "role", "reorg", "cto", "--dotted-to", "coo", "--on", "2024-02-01")
    abolish = run("role", "reorg", "coo", "--abolish", "--on", "2024-03-01",
                  "--log", log, "--source", "memo")  # fmt: skip
    assert abolish.exit_code == 1
    assert "rule 3 (structure)" in abolish.output
    assert "role cto still has a dotted line to coo" in abolish.output
