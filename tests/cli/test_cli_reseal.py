"""A log edited by hand: refused until re-sealed on purpose, and nothing lost when it is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import orgsim
from tests.helpers import run, small_org


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, bytes]:
    """A chained log whose line 3 had a name corrected in an editor."""
    log = tmp_path / "acme.jsonl"
    orgsim.write_log(log, small_org())
    original = log.read_bytes()
    log.write_bytes(original.replace(b'"name": "Ann Lee"', b'"name": "Anne Lee"'))
    return log, original


def test_a_hand_edited_log_is_refused_until_resealed_on_purpose(
    edited: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    log, original = edited
    changed = log.read_bytes()
    assert run("show", "--log", str(log), "--date", "2020-03-01").exit_code == 1
    piped = run("reseal", "--log", str(log))  # not a terminal, no --yes
    assert piped.exit_code == 1 and "confirm at a terminal, or give --yes" in piped.stderr
    assert "line 3 was changed after it was written" in piped.stdout
    assert '"name": "Anne Lee"' in piped.stdout
    monkeypatch.setattr(sys.modules["orgsim.cli.store"], "_interactive", lambda: True)
    declined = run("reseal", "--log", str(log), stdin="n\n")
    assert declined.exit_code == 1 and log.read_bytes() == changed
    result = run("reseal", "--log", str(log), stdin="y\n")
    assert result.exit_code == 0, result.output
    # The log reads again, with the correction; the lines up to the edit are untouched.
    org = orgsim.load(log)
    assert org.chart("2020-03-01").role("ceo").holder.name == "Anne Lee"  # type: ignore[union-attr]
    assert log.read_bytes().split(b"\n")[:3] == changed.split(b"\n")[:3]
    assert orgsim.verify(log).count == 5
    # Nothing is lost: the log as it was is beside it, and the re-seal is on the record.
    (kept,) = log.parent.glob("acme.jsonl.before-reseal-*")
    assert kept.read_bytes() == changed
    (record,) = [
        json.loads(line) for line in (log.parent / "acme.jsonl.reseals").read_text().splitlines()
    ]
    assert record["from_line"] == 3 and record["kept"] == kept.name
    assert record["head_after"] == f"5:{orgsim.verify(log).head}"
    assert original != log.read_bytes()
    again = run("reseal", "--log", str(log))
    assert "nothing to re-seal" in again.stdout


def test_resealing_moves_a_pinned_head_on(edited: tuple[Path, bytes]) -> None:
    log, original = edited
    log.write_bytes(original)
    orgsim.pin(log)
    log.write_bytes(original.replace(b'"name": "Bob Roy"', b'"name": "Robert Roy"'))
    assert run("reseal", "--log", str(log), "--yes").exit_code == 0
    found = orgsim.verify(log)  # checks the pin by default
    assert found.expected == orgsim.Head(5, found.head)


def test_content_that_is_not_an_event_is_not_resealed(edited: tuple[Path, bytes]) -> None:
    log, _ = edited
    log.write_bytes(log.read_bytes().replace(b'"kind": "hire"', b'"kind": "hier"', 1))
    before = log.read_bytes()
    result = run("reseal", "--log", str(log), "--yes")
    assert result.exit_code == 1 and "unknown event kind 'hier'" in result.stderr
    assert log.read_bytes() == before
    assert not list(log.parent.glob("*.before-reseal-*"))
