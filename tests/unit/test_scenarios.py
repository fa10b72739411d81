"""What-if scenarios: hypothetical events on top of a log, checked by every rule, never written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import orgsim
from orgsim import (
    CreateRole,
    Depart,
    Event,
    Hire,
    LogFormatError,
    NotFound,
    Promote,
    ReadOnlyLog,
    Retract,
    RuleViolation,
)
from orgsim.store.overlay import Overlay, read_overlay
from tests.helpers import SOURCE as S
from tests.helpers import numbered

WHAT_IF = "what-if"


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_scenario_answers_with_the_events_applied_and_leaves_the_log_alone(
    small_log: Path,
) -> None:
    before = small_log.read_bytes()
    org = orgsim.load(small_log)
    scenario = org.with_events(
        [Depart(on="2020-04-01", source=WHAT_IF, person="bob", reason="resigned")],
        name="bob-leaves",
    )
    assert scenario.chart("2020-05-01").role("cto").vacant
    assert scenario.chart("2020-05-01").scenario == "bob-leaves"
    assert scenario.scenario == "bob-leaves" and org.scenario is None
    assert [e.seq for e in scenario.events] == [1, 2, 3, 4, 5, 6]
    # The organisation it was made from, and the file, are as they were.
    assert not org.chart("2020-05-01").role("cto").vacant
    assert org.chart("2020-05-01").scenario is None
    assert len(org.events) == 5
    assert small_log.read_bytes() == before
    assert "scenario 'bob-leaves'" in repr(scenario)


def test_a_scenario_is_never_appended_to(small_log: Path) -> None:
    before = small_log.read_bytes()
    scenario = orgsim.load(small_log).with_events(
        [Hire(on="2020-04-01", source=WHAT_IF, person="dee", name="Dee")]
    )
    with pytest.raises(ReadOnlyLog, match="scenario"):
        scenario.append(Hire(on="2020-05-01", source=S, person="eve", name="Eve"))
    assert small_log.read_bytes() == before


def test_a_rule_broken_by_an_overlay_names_its_file_and_line(
    small_log: Path, tmp_path: Path
) -> None:
    overlay = write(
        tmp_path / "if.jsonl",
        '{"kind": "hire", "on": "2020-04-01", "person": "dee", "name": "Dee", "source": "x"}',
        "",
        '{"kind": "promote", "on": "2020-04-02", "person": "dee", "role": "ceo", "source": "x"}',
    )
    with pytest.raises(RuleViolation) as caught:
        orgsim.load(small_log).with_events(read_overlay(overlay))
    assert caught.value.rule == 1
    assert str(caught.value).startswith(f"{overlay}, line 3: rule 1 (one holder)")
    assert f"{small_log}, line 3" in str(caught.value)  # Ann's hire into the CEO seat


def test_a_backdated_overlay_that_breaks_the_log_is_the_cause(
    small_log: Path, tmp_path: Path
) -> None:
    # The CTO seat abolished on its first day breaks the log's later hire of Bob into it.
    overlay = write(
        tmp_path / "if.jsonl",
        '{"kind": "reorg", "on": "2020-01-01", "role": "cto", "abolished": true, "source": "x"}',
    )
    with pytest.raises(RuleViolation) as caught:
        orgsim.load(small_log).with_events(read_overlay(overlay), strict=True)
    message = str(caught.value)
    assert message.startswith(f"{overlay}, line 1: rule 4 (late arrival)")
    assert "rule 3 (structure)" in message and f"{small_log}, line 4" in message


def test_a_branch_sets_aside_what_the_scenario_makes_impossible_and_says_why(
    small_log: Path, tmp_path: Path
) -> None:
    # The same overlay as a branch: the hire of Bob into the abolished seat is set aside, not
    # refused; everything before the branch, and what still makes sense after it, stands.
    overlay = write(
        tmp_path / "if.jsonl",
        '{"kind": "reorg", "on": "2020-01-01", "role": "cto", "abolished": true, "source": "x"}',
    )
    scenario = orgsim.load(small_log).with_events(read_overlay(overlay))
    (aside,) = scenario.set_aside
    assert aside.event.seq == 4 and aside.violation.rule == 3 and aside.because is None
    assert "role cto has been abolished" in aside.reason()
    chart = scenario.chart("2020-06-01")
    assert [role.id for role in chart.roles] == ["ceo"]
    assert {person.id for person in chart.people} == {"ann", "cy"}
    assert chart.set_aside == 1
    assert scenario.chart("2020-06-01").scenario == str(overlay)


def test_an_event_that_needs_a_set_aside_one_names_it(
    write_log: Callable[[list[Event]], Path],
) -> None:
    # Ann's hire into a seat the scenario fills first is set aside; her later promotion then
    # fails because she never joined, and says that it depends on the hire.
    log = write_log(
        numbered(
            [
                CreateRole(on="2020-01-01", source=S, role="ceo", title="CEO"),
                CreateRole(on="2020-01-01", source=S, role="coo", title="COO", reports_to="ceo"),
                Hire(on="2020-03-01", source=S, person="ann", name="Ann", role="coo"),
                Promote(on="2020-09-01", source=S, person="ann", role="ceo"),
                Hire(on="2020-10-01", source=S, person="bo", name="Bo"),
            ]
        )
    )
    scenario = orgsim.load(log).with_events(
        [Hire(on="2020-02-01", source=WHAT_IF, person="zoe", name="Zoe", role="coo")]
    )
    hire, promote = scenario.set_aside
    assert (hire.event.seq, hire.violation.rule, hire.because) == (3, 1, None)
    assert "event #6 hire" in hire.reason()  # the scenario's hire it conflicts with
    assert (promote.event.seq, promote.because) == (4, hire.event)
    assert promote.reason().startswith("it depends on #3, set aside before it")
    chart = scenario.chart("2020-12-01")
    holder = chart.role("coo").holder
    assert holder is not None and holder.person == "zoe"
    assert chart.role("ceo").vacant and {p.id for p in chart.people} == {"zoe", "bo"}
    # The same scenario, strict, is refused as a log would be.
    with pytest.raises(RuleViolation, match="rule 4"):
        orgsim.load(log).with_events(
            [Hire(on="2020-02-01", source=WHAT_IF, person="zoe", name="Zoe", role="coo")],
            strict=True,
        )


def test_the_scenarios_own_events_obey_every_rule_even_in_a_branch(
    small_log: Path, tmp_path: Path
) -> None:
    # A branch sets aside real events only: a broken rule in the overlay is still refused.
    overlay = write(
        tmp_path / "if.jsonl",
        '{"kind": "depart", "on": "2020-04-01", "person": "bob", "reason": "fired", "source": "x"}',
        '{"kind": "promote", "on": "2020-05-01", "person": "bob", "role": "ceo", "source": "x"}',
    )
    with pytest.raises(RuleViolation) as caught:
        orgsim.load(small_log).with_events(read_overlay(overlay))
    assert str(caught.value).startswith(f"{overlay}, line 2: rule 2 (presence)")


def test_nothing_before_the_branch_is_set_aside(small_log: Path) -> None:
    # A scenario that changes nothing real sets nothing aside, and a retraction branches from
    # the day of the event it withdraws: Bob's hire is gone from February on.
    plain = orgsim.load(small_log).with_events(
        [Hire(on="2020-04-01", source=WHAT_IF, person="dee", name="Dee")]
    )
    assert plain.set_aside == () and plain.chart("2020-05-01").set_aside == 0
    assert orgsim.load(small_log).set_aside == ()
    withdrawn = orgsim.load(small_log).with_events(
        [Retract(on="2020-06-01", source=WHAT_IF, target=4, reason="what if Bob never came")]
    )
    assert withdrawn.set_aside == () and withdrawn.chart("2020-03-01").role("cto").vacant


def test_validate_leniently_lists_overlay_problems_where_they_are(
    small_log: Path, tmp_path: Path
) -> None:
    overlay = write(
        tmp_path / "if.jsonl",
        '{"kind": "depart", "on": "2020-04-01", "person": "zed", "reason": "fired", "source": "x"}',
    )
    scenario = orgsim.load(small_log, lenient=True).with_events(read_overlay(overlay))
    (problem,) = scenario.violations
    assert problem.place == f"{overlay}, line 1" and problem.rule == 2


def test_an_overlay_can_withdraw_a_logged_event(small_log: Path) -> None:
    scenario = orgsim.load(small_log).with_events(
        [Retract(on="2020-06-01", source=WHAT_IF, target=4, reason="what if Bob never came")]
    )
    assert scenario.chart("2020-03-01").role("cto").vacant
    assert scenario.chart("2020-03-01", known_on="2020-05-01").role("cto").holder is not None


def test_overlays_stack_and_are_numbered_in_turn(small_log: Path, tmp_path: Path) -> None:
    first = write(
        tmp_path / "a.jsonl",
        '{"kind": "hire", "on": "2020-04-01", "person": "dee", "name": "Dee", "source": "x"}',
    )
    second = write(
        tmp_path / "b.jsonl",
        '{"seq": 7, "kind": "depart", "on": "2020-05-01", "person": "dee", "reason": "fired",'
        ' "source": "x"}',
    )
    org = orgsim.load(small_log)
    scenario = org.with_events(read_overlay(first)).with_events(read_overlay(second))
    assert scenario.scenario == f"{first}, {second}"
    assert scenario.place(6) == f"{first}, line 1"
    assert scenario.place(7) == f"{second}, line 1"
    assert scenario.place(2) == f"{small_log}, line 2"
    assert scenario.chart("2020-04-15").person("dee").name == "Dee"
    with pytest.raises(NotFound):
        scenario.chart("2020-06-01").person("dee")


def test_a_seq_that_is_not_the_next_one_is_refused(small_log: Path, tmp_path: Path) -> None:
    overlay = write(
        tmp_path / "if.jsonl",
        '{"seq": 3, "kind": "hire", "on": "2020-04-01", "person": "dee", "name": "D",'
        ' "source": "x"}',
    )
    with pytest.raises(LogFormatError) as caught:
        orgsim.load(small_log).with_events(read_overlay(overlay))
    assert str(caught.value).startswith(f"{overlay}, line 1: ")
    assert "#6" in str(caught.value) and "leave seq out" in str(caught.value)


def test_events_in_code_are_placed_by_their_number(small_log: Path) -> None:
    events = [
        Hire(on="2020-04-01", source=WHAT_IF, person="dee", name="Dee"),
        Promote(on="2020-04-02", source=WHAT_IF, person="dee", role="ceo"),
    ]
    with pytest.raises(RuleViolation) as caught:
        orgsim.load(small_log).with_events(events, name="plan")
    assert str(caught.value).startswith("plan, event 2: rule 1")


def test_reading_an_overlay(tmp_path: Path) -> None:
    path = write(
        tmp_path / "if.jsonl",
        "",
        '{"kind": "leave", "on": "2020-04", "person": "ann", "source": "x", "prev": "abc"}',
        '{"kind": "return", "on": "2020-05", "recorded": "2020-06-01", "person": "ann",'
        ' "source": "x"}',
    )
    overlay = read_overlay(path)
    assert overlay == Overlay(str(path), overlay.events, (2, 3))
    assert [e.kind for e in overlay.events] == ["leave", "return"]
    assert [e.seq for e in overlay.events] == [0, 0]
    assert overlay.events[1].recorded == orgsim.PartialDate(2020, 6, 1)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"kind": "hire", "on": "2020-04-01"', "not valid JSON"),
        ('{"kind": "promotion", "on": "2020-04-01", "source": "x"}', "unknown event kind"),
        ('{"kind": "leave", "on": "2020-02-30", "person": "ann", "source": "x"}', "impossible"),
        ('{"kind": "leave", "on": "2020-04-01", "person": "Ann!", "source": "x"}', "slug"),
    ],
)
def test_a_bad_overlay_line_is_refused_with_its_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = write(tmp_path / "if.jsonl", "", line)
    with pytest.raises(LogFormatError) as caught:
        read_overlay(path)
    assert str(caught.value).startswith(f"{path}, line 2: ")
    assert problem in str(caught.value)


def test_a_missing_overlay_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such overlay file"):
        read_overlay(tmp_path / "nope.jsonl")
