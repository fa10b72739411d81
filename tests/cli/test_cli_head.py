"""orgsim head, verify --expect and the pin from the command line; writers that retry."""

from __future__ import annotations

from pathlib import Path

import pytest

import orgsim
from orgsim import CreateRole, Hire, RuleViolation
from orgsim.cli.append import _append
from orgsim.store.head import pin_path
from tests.helpers import SOURCE as S
from tests.helpers import run, small_org


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.jsonl"
    orgsim.write_log(path, small_org())
    return path


def test_head_prints_seq_and_hash_and_verify_expect_checks_it(log: Path) -> None:
    head = run("head", "--log", str(log)).stdout.strip()
    assert head == f"5:{orgsim.verify(log).head}"
    run("hire", "dee", "--name", "Dee", "--on", "2020-05", "--source", S, "--log", str(log))
    result = run("verify", "--log", str(log), "--expect", head)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"holds the head {head}; 1 event(s) appended since"
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:4]))
    cut = run("verify", "--log", str(log), "--expect", head)
    assert cut.exit_code == 1
    assert "ends at #4, before the expected head #5: events were cut off" in cut.stderr
    bad = run("verify", "--log", str(log), "--expect", "5:nothex")
    assert bad.exit_code == 1 and "not a head" in bad.stderr


def test_head_pin_is_checked_by_verify_by_default(log: Path) -> None:
    pinned = run("head", "--log", str(log), "--pin")
    assert pinned.exit_code == 0
    assert pin_path(log).read_text() == pinned.stdout
    assert f"pinned in {pin_path(log)}" in pinned.stderr
    result = run("verify", "--log", str(log))
    assert result.stdout.splitlines()[1].startswith("holds the pinned head 5:")
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:-1]))
    assert run("verify", "--log", str(log)).exit_code == 1


def test_a_writer_that_lost_the_race_retries_and_succeeds(log: Path) -> None:
    stale = orgsim.load(log)
    orgsim.load(log).append(Hire(on="2020-05-01", source=S, person="dee", name="Dee"))
    _append(stale, Hire(on="2020-05-02", source=S, person="eve", name="Eve"))
    assert [e.seq for e in orgsim.load(log).events] == [1, 2, 3, 4, 5, 6, 7]


def test_a_real_conflict_with_the_other_writer_names_its_event(log: Path) -> None:
    orgsim.load(log).append(
        CreateRole(on="2020-04-01", source=S, role="cfo", title="CFO", reports_to="ceo")
    )
    stale = orgsim.load(log)
    orgsim.load(log).append(Hire(on="2020-05-01", source=S, person="dee", name="Dee", role="cfo"))
    with pytest.raises(RuleViolation) as caught:
        _append(stale, Hire(on="2020-05-02", source=S, person="eve", name="Eve", role="cfo"))
    assert caught.value.rule == 1
    assert caught.value.conflict is not None and caught.value.conflict.seq == 7
    assert f"{log}, line 7" in str(caught.value)
