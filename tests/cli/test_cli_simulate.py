"""orgsim simulate: files and standard output, refusals, and a progress bar only on a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run, run_on_terminal, run_piped


def test_same_options_give_the_same_bytes_and_a_valid_log(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    for path, seed in ((first, "3"), (second, "3"), (other, "4")):
        result = run("simulate", "--people", "50", "--years", "2", "--seed", seed, "-o", str(path))
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"wrote {path}: ")
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    checked = run("validate", "--log", str(first))
    assert checked.exit_code == 0 and ": ok, " in checked.output


def test_standard_output_carries_the_same_log(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    run("simulate", "--people", "20", "--years", "1", "-o", str(path))
    piped = run("simulate", "--people", "20", "--years", "1", "-o", "-")
    assert piped.exit_code == 0
    assert piped.stdout_bytes == path.read_bytes()


def test_sqlite_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    assert run("simulate", "--people", "20", "--years", "1", "-o", str(path)).exit_code == 0
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert run("validate", "--log", str(path)).exit_code == 0


def test_an_existing_file_is_refused_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("mine\n")
    refused = run("simulate", "--people", "5", "-o", str(path))
    assert refused.exit_code == 1
    assert "already there" in refused.output and "--force" in refused.output
    assert path.read_text() == "mine\n"
    forced = run("simulate", "--people", "5", "-o", str(path), "--force")
    assert forced.exit_code == 0
    assert path.read_text().startswith('{"seq": 1, ')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]  # no partial file left


@pytest.mark.parametrize(
    ("option", "value"),
    [("--people", "0"), ("--years", "-1"), ("--attrition", "1.5"), ("--span", "1")],
)
def test_values_out_of_range_name_their_option(tmp_path: Path, option: str, value: str) -> None:
    result = run("simulate", option, value, "-o", str(tmp_path / "a.jsonl"))
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
    assert not (tmp_path / "a.jsonl").exists()


def test_a_progress_bar_on_a_terminal_and_nothing_when_piped(tmp_path: Path) -> None:
    args = ("simulate", "--people", "30", "--years", "3")
    assert run_piped(*args, "-o", str(tmp_path / "piped.jsonl")) == b""
    shown = run_on_terminal(*args, "-o", str(tmp_path / "tty.jsonl"))
    assert "Simulating" in shown and "100%" in shown
