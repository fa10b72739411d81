"""verify, repair and convert from the command line: messages, exit codes, files."""

import importlib
from pathlib import Path

import pytest

import orgsim
from tests.helpers import run, small_org


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "acme.jsonl"
    orgsim.JsonlStore(path).append(small_org(), 0)
    return path


@pytest.fixture
def torn(log: Path) -> bytes:
    """The log with its last line cut short; returns the torn bytes."""
    data = log.read_bytes()
    log.write_bytes(data[:-7])
    return data[data.rstrip(b"\n").rfind(b"\n") + 1 : -7]


def test_verify_an_intact_log(log: Path) -> None:
    result = run("verify", "--log", str(log))
    assert result.exit_code == 0
    head = orgsim.verify(log).head
    assert result.output == f"{log}: chain intact: 5 events, head 5:{head}\n"


def test_verify_the_bundled_log_by_default() -> None:
    result = run("verify")
    assert result.exit_code == 0 and "openai.jsonl: chain intact: " in result.output


def test_verify_names_the_first_line_where_the_chain_breaks(log: Path) -> None:
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:1] + lines[2:]))
    result = run("verify", "--log", str(log))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"orgsim: error: {log}, line 2: the hash chain breaks here: 'prev' is "
    )


def test_verify_a_log_without_a_chain_suggests_convert(small_log: Path) -> None:
    result = run("verify", "--log", str(small_log))
    assert result.exit_code == 1
    assert "no hash chain (5 events written without one)" in result.output
    assert "`orgsim convert`" in result.output


def test_verify_reports_a_torn_line(log: Path, torn: bytes) -> None:
    result = run("verify", "--log", str(log))
    assert result.exit_code == 1
    assert f"{log}, line 5: the last line has no line end" in result.output


def test_repair_with_yes_moves_the_torn_line_aside(log: Path, torn: bytes) -> None:
    result = run("repair", "--log", str(log), "--yes")
    assert result.exit_code == 0, result.output
    (side,) = log.parent.glob("acme.jsonl.torn-*")
    assert side.read_bytes() == torn
    assert f"moved {len(torn)} bytes (line 5) to {side}\n" in result.output
    assert result.output.endswith(f"{log}: readable again, 4 events\n")
    assert orgsim.verify(log).count == 4


def test_repair_without_a_terminal_or_yes_changes_nothing(log: Path, torn: bytes) -> None:
    before = log.read_bytes()
    result = run("repair", "--log", str(log))
    assert result.exit_code == 1
    assert "line 5: the last line has no line end" in result.output
    assert "not repaired: confirm at a terminal, or give --yes" in result.output
    assert log.read_bytes() == before and not list(log.parent.glob("*.torn-*"))


@pytest.mark.parametrize(("answer", "repaired"), [("y\n", True), ("n\n", False)])
def test_repair_asks_at_a_terminal(
    log: Path, torn: bytes, monkeypatch: pytest.MonkeyPatch, answer: str, repaired: bool
) -> None:
    monkeypatch.setattr(importlib.import_module("orgsim.cli.store"), "_interactive", lambda: True)
    result = run("repair", "--log", str(log), stdin=answer)
    assert f"Move the {len(torn)} torn bytes aside? [y/N]" in result.output
    assert result.exit_code == (0 if repaired else 1)
    assert bool(list(log.parent.glob("*.torn-*"))) is repaired
    if not repaired:
        assert "not repaired: the log is as it was" in result.output


def test_repair_of_a_whole_log_changes_nothing(log: Path, tmp_path: Path) -> None:
    before = log.read_bytes()
    result = run("repair", "--log", str(log), "--yes")
    assert result.exit_code == 0
    assert result.output.startswith(f"{log}: no torn line; nothing to repair")
    assert log.read_bytes() == before
    orgsim.convert(log, tmp_path / "acme.sqlite")
    result = run("repair", "--log", str(tmp_path / "acme.sqlite"))
    assert "only a JSON Lines log can have a torn line; nothing to repair" in result.output


def test_repair_reports_what_else_is_wrong_but_leaves_it(log: Path, torn: bytes) -> None:
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:1] + lines[2:]))
    result = run("repair", "--log", str(log), "--yes")
    assert result.exit_code == 1
    assert "moved" in result.output and "line 2: the hash chain breaks here" in result.output


def test_convert_both_ways(log: Path, tmp_path: Path) -> None:
    result = run("convert", str(log), str(tmp_path / "acme.sqlite"))
    assert result.exit_code == 0
    head = orgsim.verify(log).head
    assert result.output == f"wrote 5 events to {tmp_path / 'acme.sqlite'}, head {head}\n"
    back = run("convert", str(tmp_path / "acme.sqlite"), str(tmp_path / "back.jsonl"))
    assert back.exit_code == 0
    assert (tmp_path / "back.jsonl").read_bytes() == log.read_bytes()
    again = run("convert", str(log), str(tmp_path / "back.jsonl"))
    assert again.exit_code == 1 and "a log is already there" in again.output
