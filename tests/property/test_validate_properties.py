"""``orgsim validate`` decides without a timeline (:func:`orgsim.replay.replay.check_log`) whether
a log obeys every rule, and only a log that breaks one is loaded whole. These properties prove that
the shortcut accepts exactly the logs the full replay accepts, with the same counts, and that the
command says exactly what the full path says, on valid and on broken logs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from click.testing import Result
from hypothesis import given

import orgsim
from orgsim import Event, RuleViolation, Timeline
from orgsim.replay.replay import check_log
from orgsim.strategies import messy_logs, valid_logs
from tests.helpers import run


def full_replay(events: list[Event]) -> Timeline | None:
    """The timeline of a log that obeys every rule, None for one that breaks any (the lenient
    replay, as ``orgsim validate`` loads a log, lists a violation exactly then)."""
    lenient = Timeline.build(events, lenient=True)
    try:
        strict = Timeline.build(events)
    except RuleViolation:
        assert lenient.violations
        return None
    assert not lenient.violations
    return strict


def assert_same_verdict(events: list[Event]) -> None:
    timeline = full_replay(events)
    try:
        checked = check_log(events, name="log")
    except RuleViolation:
        assert timeline is None, "the check refused a log the replay accepts"
        return
    assert timeline is not None, "the check accepted a log the replay refuses"
    assert (checked.events, checked.people, checked.roles) == (
        len(events),
        len(timeline.stints),
        len(timeline.versions),
    )


@given(valid_logs())
def test_the_check_accepts_every_valid_log_with_the_timelines_counts(events: list[Event]) -> None:
    assert_same_verdict(events)


@given(messy_logs())
def test_the_check_refuses_exactly_what_the_replay_refuses(events: list[Event]) -> None:
    assert_same_verdict(events)


def validate(log: Path, *, shortcut: bool) -> Result:
    """``orgsim validate`` of ``log``; without the ``shortcut``, the full path alone (the log
    loaded leniently, its timeline built), as the command ran before there was one."""
    if shortcut:
        return run("validate", "--log", str(log))
    with mock.patch("orgsim.cli.query.validate_log", return_value=None):
        return run("validate", "--log", str(log))


@given(messy_logs())
def test_validate_says_what_the_full_path_says(events: list[Event]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.jsonl"
        orgsim.write_log(log, events)
        fast, full = validate(log, shortcut=True), validate(log, shortcut=False)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (full.exit_code, full.stdout, full.stderr)
    assert fast.exit_code == (0 if full_replay(events) is not None else 1)
