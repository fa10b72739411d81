"""Replay into intervals, and the chart those intervals give on a date."""

import datetime as dt

from orgsim import (
    Chart,
    CreateRole,
    Depart,
    Hire,
    Leave,
    PartialDate,
    Promote,
    Reorg,
    Retract,
    Return,
    StepDown,
    Timeline,
)
from tests.helpers import SOURCE as S
from tests.helpers import numbered, small_org

D = dt.date


def chart(events: list, day: str, **kw: object) -> Chart:  # type: ignore[type-arg]
    return Chart.at(Timeline.build(numbered(events), **kw), D.fromisoformat(day))  # type: ignore[arg-type]


def test_chart_before_anything_is_empty() -> None:
    empty = chart(small_org(), "2019-12-31")
    assert empty.roles == () and empty.people == ()


def test_vacant_roles_are_on_the_chart() -> None:
    early = chart(small_org(), "2020-01-01")
    assert [r.id for r in early.roles] == ["ceo", "cto"]
    assert early.vacancies() == early.roles


def test_holders_people_and_the_tree() -> None:
    c = chart(small_org(), "2020-03-01")
    ceo, cto = c.roles
    assert ceo.holder is not None and ceo.holder.name == "Ann Lee"
    assert ceo.holder.since == PartialDate(2020, 1, 2)
    assert cto.holder is not None and cto.holder.since == PartialDate(2020, 2)
    assert c.roots() == (ceo,) and c.reports("ceo") == (cto,)
    assert [(depth, r.id) for depth, r in c.walk()] == [(0, "ceo"), (1, "cto")]
    assert [p.id for p in c.people] == ["ann", "bob", "cy"]
    assert c.person("cy").roles == () and c.without_role() == (c.person("cy"),)
    assert c.person("bob").joined == PartialDate(2020, 2)


def test_an_event_takes_effect_on_its_own_day() -> None:
    assert chart(small_org(), "2020-03-01").person("cy").name == "Cy Moss"
    assert [p.id for p in chart(small_org(), "2020-02-29").people] == ["ann", "bob"]


def test_departure_vacates_every_role_and_rehire_starts_again() -> None:
    events = small_org() + [
        Promote(on="2020-04-01", source=S, person="ann", role="cto", acting=True, additional=True),
        Depart(on="2020-04-01", source=S, person="bob", reason="resigned", destination="Rival"),
    ]
    events[-2:] = events[-1:] + events[-2:-1]  # Bob leaves first, then Ann takes CTO too
    events += [
        Depart(on="2020-05-01", source=S, person="ann", reason="fired"),
        Hire(on="2020-05-03", source=S, person="ann", name="Ann Lee-Ray", role="ceo"),
    ]
    april = chart(events, "2020-04-15")
    assert april.role("cto").holder is not None and april.role("cto").holder.acting  # type: ignore[union-attr]
    assert april.person("ann").roles == ("ceo", "cto")
    gap = chart(events, "2020-05-02")
    assert gap.vacancies() == gap.roles and "ann" not in [p.id for p in gap.people]
    back = chart(events, "2020-05-03")
    assert back.role("ceo").holder.name == "Ann Lee-Ray"  # type: ignore[union-attr]
    timeline = Timeline.build(numbered(events))
    assert [(t.start, t.end) for t in timeline.tenures["ceo"]] == [
        (PartialDate(2020, 1, 2), PartialDate(2020, 5, 1)),
        (PartialDate(2020, 5, 3), None),
    ]
    assert len(timeline.stints["ann"]) == 2
    assert timeline.name_of("ann") == "Ann Lee-Ray"


def test_promote_leaves_old_roles_unless_additional() -> None:
    events = small_org() + [
        CreateRole(on="2020-04-01", source=S, role="cfo", title="CFO", reports_to="ceo"),
        Promote(on="2020-04-02", source=S, person="bob", role="cfo"),
    ]
    c = chart(events, "2020-04-02")
    assert c.role("cto").vacant and c.person("bob").roles == ("cfo",)


def test_confirming_an_acting_holder_starts_a_new_tenure() -> None:
    events = small_org() + [
        StepDown(on="2020-04-01", source=S, person="bob", role="cto"),
        Promote(on="2020-04-01", source=S, person="cy", role="cto", acting=True),
        Promote(on="2020-06-01", source=S, person="cy", role="cto"),
    ]
    timeline = Timeline.build(numbered(events))
    assert [(t.person, t.acting) for t in timeline.tenures["cto"]] == [
        ("bob", False),
        ("cy", True),
        ("cy", False),
    ]
    assert chart(events, "2020-06-01").role("cto").holder.since == PartialDate(2020, 6, 1)  # type: ignore[union-attr]


def test_leave_keeps_the_role_and_is_marked() -> None:
    events = small_org() + [
        Leave(on="2020-04-01", source=S, person="bob"),
        Return(on="2020-05-01", source=S, person="bob"),
    ]
    on_leave = chart(events, "2020-04-10")
    assert on_leave.role("cto").holder.on_leave  # type: ignore[union-attr]
    assert on_leave.person("bob").on_leave
    assert not chart(events, "2020-05-01").person("bob").on_leave


def test_reorg_retitles_moves_and_abolishes() -> None:
    events = small_org() + [
        CreateRole(on="2020-04-01", source=S, role="coo", title="COO", reports_to="ceo"),
        Reorg(on="2020-04-02", source=S, role="cto", title="Chief Technologist", reports_to="coo"),
        Reorg(on="2020-04-03", source=S, role="cto", root=True),
        Reorg(on="2020-04-04", source=S, role="coo", abolished=True),
    ]
    assert chart(events, "2020-04-02").role("cto").reports_to == "coo"
    assert chart(events, "2020-04-02").role("cto").title == "Chief Technologist"
    assert chart(events, "2020-04-03").role("cto").reports_to is None
    assert [r.id for r in chart(events, "2020-04-04").roles] == ["ceo", "cto"]


def test_backdated_events_replay_in_date_order() -> None:
    # The log learns late (seq 6) that Cy had been CTO's deputy... i.e. hired in January.
    events = small_org() + [Hire(on="2020-01-05", source=S, person="dee", name="Dee")]
    assert [p.id for p in chart(events, "2020-01-31").people] == ["ann", "dee"]


def test_known_on_sees_only_what_was_recorded() -> None:
    events = small_org() + [
        Depart(on="2020-06-01", recorded="2020-06-10", source=S, person="cy", reason="resigned"),
        Retract(on="2020-07-01", recorded="2020-07-01", source=S, target=6, reason="false report"),
    ]
    day = "2020-06-20"
    assert "cy" in [p.id for p in chart(events, day, known_on=D(2020, 6, 5)).people]
    assert "cy" not in [p.id for p in chart(events, day, known_on=D(2020, 6, 15)).people]
    assert "cy" in [p.id for p in chart(events, day).people]  # corrected: never left
    assert chart(events, day, known_on=D(2020, 6, 15)).known_on == D(2020, 6, 15)


def test_replay_is_deterministic() -> None:
    events = numbered(small_org())
    assert Timeline.build(events) == Timeline.build(list(events))
    assert Chart.at(Timeline.build(events), D(2020, 3, 1)) == Chart.at(
        Timeline.build(events), D(2020, 3, 1)
    )
