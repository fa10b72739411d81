"""Each rule, broken on purpose: the error names the rule, the event and its conflict."""

import pytest

from orgsim import (
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Reorg,
    Retract,
    Return,
    RuleViolation,
    StepDown,
    Timeline,
)
from tests.helpers import SOURCE as S
from tests.helpers import numbered, small_org


def broken(*extra: Event) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        Timeline.build(numbered(small_org() + list(extra)))
    return caught.value


def test_the_small_org_is_valid() -> None:
    assert Timeline.build(small_org()).violations == ()


def test_rule1_a_filled_role_cannot_be_taken() -> None:
    error = broken(Promote(on="2020-04", source=S, person="cy", role="ceo"))
    assert (error.rule, error.rule_name) == (1, "one holder")
    assert error.event.seq == 6
    assert error.conflict is not None and error.conflict.seq == 3
    assert "held by ann" in str(error)


def test_rule1_hire_into_a_filled_role() -> None:
    error = broken(Hire(on="2020-04", source=S, person="dee", name="Dee", role="cto"))
    assert error.rule == 1 and error.conflict is not None and error.conflict.seq == 4


def test_rule2_nobody_absent_is_promoted() -> None:
    error = broken(
        Depart(on="2020-04", source=S, person="cy", reason="resigned"),
        Promote(on="2020-05", source=S, person="cy", role="cto"),
    )
    assert error.rule == 2
    assert error.conflict is not None and error.conflict.kind == "depart"
    assert "has left" in error.message


@pytest.mark.parametrize(
    "event",
    [
        Promote(on="2020-05", source=S, person="zed", role="cto"),
        Depart(on="2020-05", source=S, person="zed", reason="fired"),
        Leave(on="2020-05", source=S, person="zed"),
        StepDown(on="2020-05", source=S, person="zed", role="ceo"),
    ],
    ids=lambda e: e.kind,
)
def test_rule2_nobody_who_never_joined_acts(event: Event) -> None:
    error = broken(event)
    assert error.rule == 2 and "never joined" in error.message


def test_rule2_nobody_present_is_hired_again() -> None:
    error = broken(Hire(on="2020-05", source=S, person="ann", name="Ann"))
    assert error.rule == 2 and error.conflict is not None and error.conflict.seq == 3


def test_rule2_leave_and_return_pair_up() -> None:
    assert broken(Return(on="2020-05", source=S, person="ann")).rule == 2
    twice = broken(
        Leave(on="2020-05", source=S, person="ann"), Leave(on="2020-06", source=S, person="ann")
    )
    assert twice.rule == 2 and twice.conflict is not None and twice.conflict.seq == 6


def test_rule2_step_down_only_from_a_role_held() -> None:
    error = broken(StepDown(on="2020-05", source=S, person="cy", role="ceo"))
    assert error.rule == 2 and "held by ann" in error.message


def test_rule3_roles_exist_before_they_are_filled() -> None:
    error = broken(Promote(on="2020-05", source=S, person="cy", role="cfo"))
    assert error.rule == 3 and "does not exist yet" in error.message


def test_rule3_roles_report_to_existing_roles() -> None:
    error = broken(CreateRole(on="2020-05", source=S, role="vp", title="VP", reports_to="coo"))
    assert error.rule == 3


def test_rule3_no_role_is_created_twice() -> None:
    error = broken(CreateRole(on="2020-05", source=S, role="cto", title="CTO again"))
    assert error.rule == 3 and error.conflict is not None and error.conflict.seq == 2


def test_rule3_no_reporting_cycle() -> None:
    error = broken(Reorg(on="2020-05", source=S, role="ceo", reports_to="cto"))
    assert error.rule == 3 and "cycle" in error.message


def test_rule3_a_role_cannot_report_to_itself() -> None:
    assert broken(Reorg(on="2020-05", source=S, role="cto", reports_to="cto")).rule == 3


def test_rule3_abolish_only_vacant_roles_without_reports() -> None:
    held = broken(Reorg(on="2020-05", source=S, role="cto", abolished=True))
    assert held.rule == 3 and "still held by bob" in held.message
    with_reports = broken(
        StepDown(on="2020-05", source=S, person="ann", role="ceo"),
        Reorg(on="2020-05", source=S, role="ceo", abolished=True),
    )
    assert with_reports.rule == 3 and "cto still reports to ceo" in with_reports.message


def test_rule3_abolished_roles_cannot_be_filled() -> None:
    error = broken(
        Depart(on="2020-05", source=S, person="bob", reason="resigned"),
        Reorg(on="2020-05", source=S, role="cto", abolished=True),
        Promote(on="2020-06", source=S, person="cy", role="cto"),
    )
    assert error.rule == 3 and "abolished" in error.message
    assert error.conflict is not None and error.conflict.kind == "reorg"


def test_rule5_same_date_applies_in_seq_order() -> None:
    # Stepping down then handing over on one day is fine; the other way round is not.
    fine = small_org() + [
        StepDown(on="2020-05-01", source=S, person="bob", role="cto"),
        Promote(on="2020-05-01", source=S, person="cy", role="cto"),
    ]
    assert Timeline.build(numbered(fine)).violations == ()
    assert broken(*reversed(fine[5:])).rule == 1


def test_rule5_an_imprecise_date_counts_from_its_start() -> None:
    # "2020-01" is 1 January: before the role created on 2020-01-01? Same day, seq decides.
    error = broken(Hire(on="2019", source=S, person="dee", name="Dee", role="ceo"))
    assert error.rule == 3  # ceo does not exist in 2019


def test_rule6_retractions() -> None:
    orphan = Retract(seq=100, on="2020-05", source=S, target=50, reason="x")
    with pytest.raises(RuleViolation, match="no earlier event #50"):
        Timeline.build([*small_org(), orphan])
    twice = broken(
        Retract(on="2020-05", source=S, target=5, reason="x"),
        Retract(on="2020-05", source=S, target=5, reason="y"),
    )
    assert twice.rule == 6 and twice.conflict is not None and twice.conflict.seq == 6
    meta = broken(
        Retract(on="2020-05", source=S, target=5, reason="x"),
        Retract(on="2020-05", source=S, target=6, reason="y"),
    )
    assert meta.rule == 6 and "cannot itself be retracted" in meta.message


def test_a_retraction_that_breaks_the_timeline_is_refused() -> None:
    # Withdrawing the CTO role's creation leaves Bob hired into a role that does not exist.
    error = broken(Retract(on="2020-05", source=S, target=2, reason="never existed"))
    assert error.rule == 3 and error.event.seq == 4


def test_lenient_replay_reports_every_violation() -> None:
    events = numbered(
        small_org()
        + [
            Promote(on="2020-04", source=S, person="cy", role="ceo"),
            Promote(on="2020-04", source=S, person="zed", role="cto"),
            Leave(on="2020-05", source=S, person="cy"),
        ]
    )
    timeline = Timeline.build(events, lenient=True)
    assert [(v.rule, v.event.seq) for v in timeline.violations] == [(1, 6), (2, 7)]
    assert timeline.on_leave("cy", __import__("datetime").date(2020, 6, 1))


def test_rule6_a_retraction_is_not_known_before_its_target() -> None:
    late_news = Hire(on="2020-04", recorded="2020-06-01", source=S, person="dee", name="Dee")
    early = Retract(on="2020-05", recorded="2020-05-01", source=S, target=6, reason="x")
    error = broken(late_news, early)
    assert error.rule == 6 and "recorded before #6" in error.message
