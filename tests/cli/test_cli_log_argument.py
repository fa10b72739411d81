"""One log, two spellings: every command that reads or writes a log takes it as ``--log LOG``
and as a last argument ``LOG``, through one decorator."""

from __future__ import annotations

from pathlib import Path

import attrs
import click
import pytest

import orgsim
from orgsim.cli import main
from tests.helpers import run, small_org


def commands(group: click.Group = main, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command))
    return found


def test_every_command_with_a_log_option_takes_the_log_as_an_argument_too() -> None:
    with_log = [(name, c) for name, c in commands() if any("--log" in p.opts for p in c.params)]
    assert len(with_log) > 25  # the reading and the writing commands alike
    for name, command in with_log:
        last = [p for p in command.params if isinstance(p, click.Argument)][-1]
        assert last.name == "log_path" and not last.required, name


@pytest.fixture
def chained(tmp_path: Path) -> Path:
    """The small organisation in a log orgsim wrote itself: hash-chained, so head and verify
    have something to say."""
    path = tmp_path / "log.jsonl"
    orgsim.create(path).append(*(attrs.evolve(e, seq=0) for e in small_org()))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("head",),
        ("verify",),
        ("show", "--date", "2020-05-01"),
        ("history", "bob"),
        ("succession", "cto"),
        ("lint",),
        ("export", "csv"),
        ("chains", "--from", "2020-01-01", "--to", "2020-12-31"),
    ],
    ids=lambda a: a[0],
)
def test_both_spellings_give_the_same_answer(args: tuple[str, ...], chained: Path) -> None:
    as_option = run(*args, "--log", str(chained))
    as_argument = run(*args, str(chained))
    assert as_option.exit_code == as_argument.exit_code
    assert as_option.stdout == as_argument.stdout and as_option.stdout


def test_a_log_given_twice_two_ways_is_a_usage_error(chained: Path, tmp_path: Path) -> None:
    result = run("head", str(chained), "--log", str(tmp_path / "other.jsonl"))
    assert result.exit_code == 2 and "the log is given twice" in result.stderr
    same = run("head", str(chained), "--log", str(chained))
    assert same.exit_code == 0


def test_init_needs_a_log_either_way(tmp_path: Path) -> None:
    assert run("init").exit_code == 2
    assert run("init", "--log", str(tmp_path / "a.jsonl")).exit_code == 0
    assert run("init", str(tmp_path / "b.jsonl")).exit_code == 0
    assert (tmp_path / "a.jsonl").exists() and (tmp_path / "b.jsonl").exists()
