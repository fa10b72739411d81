"""The vacancy watch: a process manager that reacts to events and to deadlines passing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgsim
from orgsim import CreateRole, Depart, Event, Hire, Organisation, Promote, Reorg, Retract
from orgsim.errors import OrgsimError
from orgsim.processes import VacancyWatch, run
from orgsim.store import MemoryStore, write_log
from orgsim.strategies import numbered, valid_logs
from tests.helpers import run as cli

S = "https://example.com/memo"


def company(*later: Event) -> Organisation:
    events = [
        CreateRole(on="2024-01-01", source=S, role="ceo", title="CEO"),
        CreateRole(on="2024-01-01", source=S, role="cto", title="CTO", reports_to="ceo"),
        Hire(on="2024-01-01", source=S, person="ann", name="Ann", role="ceo"),
        Hire(on="2024-01-01", source=S, person="bob", name="Bob", role="cto"),
        Hire(on="2024-01-01", source=S, person="cy", name="Cy"),
        *later,
    ]
    return Organisation(MemoryStore(numbered(events)))


def kinds(actions: tuple[orgsim.processes.Action, ...]) -> list[tuple[str, str, str]]:
    return [(a.day.isoformat(), a.kind, a.key) for a in actions]


def test_a_seat_filled_in_time_closes_without_a_warning() -> None:
    org = company(
        Depart(on="2024-02-01", source=S, person="ann", reason="resigned"),
        Promote(on="2024-02-11", source=S, person="cy", role="ceo", acting=True),
    )
    (closed,) = run(VacancyWatch(30), org)
    assert (closed.kind, closed.key, closed.day.isoformat()) == ("closed", "ceo", "2024-02-11")
    assert closed.message == "CEO (ceo): filled by Cy (acting holder) after 10 days"
    assert [event.seq for event in closed.events] == [6, 7]


def test_a_seat_left_empty_past_the_deadline_is_warned_once_then_closed_late() -> None:
    org = company(
        Depart(on="2024-02-01", source=S, person="bob", reason="resigned"),
        Hire(on="2024-03-22", source=S, person="dee", name="Dee", role="cto"),
    )
    actions = run(VacancyWatch(30), org)
    assert kinds(actions) == [("2024-03-02", "warn", "cto"), ("2024-03-22", "closed", "cto")]
    assert "vacant since 1 Feb 2024 (#6 depart 2024-02-01 bob), no holder after 30 days" in (
        actions[0].message
    )
    assert actions[1].message.endswith("after 50 days, 20 days late")


def test_what_is_still_vacant_at_the_end_is_reported_open() -> None:
    org = company(
        Depart(on="2024-02-01", source=S, person="bob", reason="resigned"),
        Hire(on="2024-02-15", source=S, person="dee", name="Dee"),
    )
    assert kinds(run(VacancyWatch(30), org)) == [("2024-02-15", "open", "cto")]
    assert kinds(run(VacancyWatch(10), org)) == [
        ("2024-02-11", "warn", "cto"),
        ("2024-02-15", "open", "cto"),
    ]
    # Run on past the log's last date, the deadline passes too.
    assert kinds(run(VacancyWatch(30), org, until="2024-06-30")) == [
        ("2024-03-02", "warn", "cto"),
        ("2024-06-30", "open", "cto"),
    ]


def test_a_handover_on_one_day_and_an_abolished_seat() -> None:
    org = company(
        Depart(on="2024-02-01", source=S, person="ann", reason="resigned"),
        Promote(on="2024-02-01", source=S, person="cy", role="ceo"),
        Depart(on="2024-03-01", source=S, person="bob", reason="resigned"),
        Reorg(on="2024-03-05", source=S, role="cto", abolished=True),
    )
    (closed,) = run(VacancyWatch(30), org)
    assert (closed.kind, closed.key) == ("closed", "cto")
    assert closed.message == "CTO (cto): abolished while vacant, after 4 days"


def test_only_the_seats_watched_and_never_a_withdrawn_event() -> None:
    org = company(
        Depart(on="2024-02-01", source=S, person="bob", reason="resigned"),
        Depart(on="2024-02-01", source=S, person="ann", reason="resigned"),
        Retract(on="2024-02-03", source=S, target=7, reason="she stayed"),
    )
    assert kinds(run(VacancyWatch(30), org, until="2024-03-31")) == [
        ("2024-03-02", "warn", "cto"),
        ("2024-03-31", "open", "cto"),
    ]
    assert kinds(run(VacancyWatch(30, ["ceo"]), org, until="2024-03-31")) == []
    with pytest.raises(OrgsimError, match="from 0"):
        VacancyWatch(-1)


def test_over_the_openai_log_the_cto_seat_is_warned_and_the_ceo_seat_never() -> None:
    actions = run(VacancyWatch(30, ["ceo", "cto"]), orgsim.load("openai"))
    assert kinds(actions) == [("2024-10-25", "warn", "cto"), ("2025-12-01", "open", "cto")]
    (as_known,) = run(VacancyWatch(30, ["cto"]), orgsim.load("openai"), known_on="2024-10-01")
    assert as_known.kind == "open" and "since 25 Sep 2024" in as_known.message


def test_the_watch_command(tmp_path: Path) -> None:
    result = cli("watch", "--within", "30", "--role", "Chief Technology Officer", "--role", "ceo")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("2024-10-25  warn    Chief Technology")
    rows = json.loads(cli("watch", "--within", "30", "--role", "cto", "--format", "json").output)
    assert rows[0]["events"] == [157] and "openai.jsonl, line 157" in rows[0]["at"][0]
    later = cli("watch", "--within", "30", "--until", "2030-01-01")
    assert "the log ends on" in later.output
    quiet = cli("watch", "--within", "30", "--until", "2016-01-01")
    assert "nothing to report" in quiet.output
    assert cli("watch", "--within", "-1").exit_code == 2
    assert cli("watch", "--within", "3", "--role", "nobody").exit_code == 1


def test_the_project_command_catches_up_from_its_checkpoint(tmp_path: Path) -> None:
    log = tmp_path / "acme.jsonl"
    write_log(log, list(company().events))
    database = str(tmp_path / "model.sqlite")
    first = cli("project", database, "--log", str(log))
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "headcount: folded in #1 to #5 (5 events)",
        "2024-01  +3   -0   3",
    ]
    org = orgsim.load(log)
    org.append(Depart(seq=6, on="2024-02-01", source=S, person="cy", reason="resigned"))
    again = cli("project", database, "--log", str(log))
    assert again.output.splitlines()[0] == "headcount: folded in #6 to #6 (1 events)"
    assert again.output.splitlines()[-1] == "2024-02  +0   -1   2"
    assert cli("project", database, "--log", str(log)).output.startswith(
        "headcount: already caught up at #6"
    )
    rebuilt = cli("project", database, "--log", str(log), "--rebuild")
    assert rebuilt.output.splitlines()[0] == "headcount: folded in #1 to #6 (6 events)"


class _EverySeat(VacancyWatch):
    """The watch looking at every seat after every event: the definition the fast one (which
    looks only at the seats an event touches) must match."""

    def _touched(self, event: Event, state: orgsim.ReplayState) -> list[str]:
        return sorted(set(state.roles) | set(state.holders) | set(self._held))


@settings(max_examples=80)
@given(valid_logs(max_events=30), st.integers(0, 40))
def test_looking_only_at_the_seats_an_event_touches_misses_nothing(
    events: list[Event], days: int
) -> None:
    org = Organisation(MemoryStore(events))
    until = "2030-01-01"
    assert run(VacancyWatch(days), org, until=until) == run(_EverySeat(days), org, until=until)
