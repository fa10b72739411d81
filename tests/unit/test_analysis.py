"""history, succession, diff and churn on a small log whose answers can be worked out by hand."""

import datetime as dt

import pytest

from orgsim import (
    Depart,
    Event,
    Hire,
    Leave,
    NotFound,
    PartialDate,
    Promote,
    Reorg,
    Return,
    StepDown,
    Timeline,
    churn,
    diff,
    history,
    succession,
)
from tests.helpers import SOURCE as S
from tests.helpers import numbered, small_org

D = dt.date


def story() -> list[Event]:
    """Ann is CEO; Bob is CTO until he leaves for Rival; Cy acts as CTO, then is confirmed;
    Bob comes back later without a role; the CTO role is renamed."""
    return numbered(
        small_org()
        + [
            Leave(on="2020-04-01", source=S, person="bob"),
            Return(on="2020-04-15", source=S, person="bob"),
            Depart(on="2020-06-30", source=S, person="bob", reason="resigned", destination="Rival"),
            Promote(on="2020-07-10", source=S, person="cy", role="cto", acting=True),
            Promote(on="2020-09-01", source=S, person="cy", role="cto"),
            Reorg(on="2020-10-01", source=S, role="cto", title="Chief Technologist"),
            Hire(on="2021-01", source=S, person="bob", name="Bob Roy"),
        ]
    )


@pytest.fixture
def timeline() -> Timeline:
    return Timeline.build(story())


def test_history_lists_stays_roles_leaves_and_departure(timeline: Timeline) -> None:
    bob = history(timeline, "bob")
    first, second = bob.stays
    assert first.spell.start == PartialDate(2020, 2) and first.spell.end == PartialDate(2020, 6, 30)
    assert first.spell.approximate  # joined in "Feb 2020"
    assert [(r.role, r.title, r.spell.end) for r in first.roles] == [
        ("cto", "CTO", PartialDate(2020, 6, 30))
    ]
    assert [(leave.start, leave.end, leave.days) for leave in first.leaves] == [
        (PartialDate(2020, 4, 1), PartialDate(2020, 4, 15), 14)
    ]
    assert first.departure is not None and first.departure.destination == "Rival"
    assert second.departure is None and second.roles == ()


def test_a_spell_cites_the_sources_of_its_start_and_its_end() -> None:
    said = numbered(
        [
            *small_org(),
            Leave(on="2020-04-01", source="leave memo", person="bob"),
            Return(on="2020-04-15", source="return memo", person="bob"),
            Depart(on="2020-06-30", source="exit article", person="bob", reason="resigned"),
        ]
    )
    stay = history(Timeline.build(said), "bob").stays[0]
    spells = [stay.spell, stay.roles[0].spell, stay.leaves[0]]
    assert [(spell.source, spell.end_source) for spell in spells] == [
        (S, "exit article"),
        (S, "exit article"),
        ("leave memo", "return memo"),
    ]
    assert history(Timeline.build(said), "ann").stays[0].spell.end_source is None  # still there


def test_open_spells_run_to_the_last_date_the_log_knows(timeline: Timeline) -> None:
    ann = history(timeline, "ann").stays[0]
    assert ann.spell.end is None
    assert ann.spell.days == (D(2021, 1, 1) - D(2020, 1, 2)).days


def test_succession_with_acting_spell_gap_and_titles(timeline: Timeline) -> None:
    cto = succession(timeline, "cto")
    assert [(h.person, h.acting) for h in cto.holders] == [
        ("bob", False),
        ("cy", True),
        ("cy", False),
    ]
    assert [(g.start, g.end, g.days) for g in cto.gaps] == [
        (PartialDate(2020, 1, 1), PartialDate(2020, 2), 31),
        (PartialDate(2020, 6, 30), PartialDate(2020, 7, 10), 10),
    ]
    assert [title for _, title in cto.titles] == ["CTO", "Chief Technologist"]
    assert cto.abolished is None


def test_succession_of_an_abolished_role() -> None:
    events = numbered(
        small_org()
        + [
            StepDown(on="2020-05-01", source=S, person="bob", role="cto"),
            Reorg(on="2020-06-01", source=S, role="cto", abolished=True),
        ]
    )
    cto = succession(Timeline.build(events), "cto")
    assert cto.abolished == PartialDate(2020, 6, 1)
    assert [(g.start, g.end) for g in cto.gaps][-1] == (
        PartialDate(2020, 5, 1),
        PartialDate(2020, 6, 1),
    )


def test_unknown_person_or_role(timeline: Timeline) -> None:
    with pytest.raises(NotFound):
        history(timeline, "zed")
    with pytest.raises(NotFound):
        succession(timeline, "cfo")


def test_diff_names_every_kind_of_change(timeline: Timeline) -> None:
    changes = diff(timeline, D(2020, 3, 1), D(2020, 10, 1))
    assert changes.joined == ()
    assert [(p, d.destination if d else None) for p, d in changes.left] == [("bob", "Rival")]
    assert [(m.person, m.before, m.after) for m in changes.moved] == [("cy", (), ("cto",))]
    assert changes.changed_hands == ("cto",)
    assert [(c.before, c.after) for c in changes.retitled] == [("CTO", "Chief Technologist")]
    assert changes.names["bob"] == "Bob Roy" and changes.titles["cto"] == "Chief Technologist"
    assert diff(timeline, D(2020, 3, 1), D(2020, 3, 2)).empty


def test_churn_counts_per_period_and_turnover(timeline: Timeline) -> None:
    found = churn(timeline, D(2020, 1, 1), D(2020, 12, 31), by="quarter")
    assert [(p.label, p.arrivals, p.departures, p.role_changes) for p in found.periods] == [
        ("2020-Q1", 3, 0, 0),
        ("2020-Q2", 0, 1, 0),
        ("2020-Q3", 0, 0, 2),
        ("2020-Q4", 0, 0, 0),
    ]
    assert found.periods[0].approximate == 0  # "2020-02" fits in a quarter
    assert [(t.role, t.holders) for t in found.turnover] == [("cto", ("bob", "cy"))]
    assert found.destinations == (("Rival", 1),)
    assert found.average_tenure_days == (D(2020, 6, 30) - D(2020, 2, 1)).days
    assert found.tenure_approximate


def test_churn_flags_dates_coarser_than_the_period(timeline: Timeline) -> None:
    monthly = churn(timeline, D(2020, 12, 1), D(2021, 1, 31), by="month")
    assert [(p.label, p.arrivals, p.approximate) for p in monthly.periods] == [
        ("2020-12", 0, 0),
        ("2021-01", 1, 0),
    ]
    yearly = churn(
        Timeline.build(
            numbered(
                small_org()
                + [
                    Hire(on="2021", source=S, person="dee", name="Dee"),
                ]
            )
        ),
        D(2021, 1, 1),
        D(2021, 3, 31),
        by="month",
    )
    assert yearly.periods[0].approximate == 1


def test_questions_work_on_a_past_view() -> None:
    events = numbered(
        small_org()
        + [
            Depart(
                on="2020-06-30",
                recorded="2020-07-20",
                source=S,
                person="bob",
                reason="resigned",
                destination="Rival",
            ),
            Promote(on="2020-07-10", recorded="2020-07-21", source=S, person="cy", role="cto"),
        ]
    )
    then = Timeline.build(events, known_on=D(2020, 7, 15))
    assert history(then, "bob").stays[0].departure is None
    assert [h.person for h in succession(then, "cto").holders] == ["bob"]
    assert history(then, "bob").stays[0].spell.days == (D(2020, 7, 15) - D(2020, 2, 1)).days
    now = Timeline.build(events)
    assert history(now, "bob").stays[0].departure is not None
    assert [h.person for h in succession(now, "cto").holders] == ["bob", "cy"]
