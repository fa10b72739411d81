"""Vacancy chains and level transitions on small logs whose chains can be followed by hand, and
one chain of the OpenAI log checked against the events it is made of."""

from __future__ import annotations

import datetime as dt

import pytest

import orgsim
from orgsim import CreateRole, Depart, Event, Hire, OrgsimError, Promote, Reorg, StepDown, Timeline
from orgsim.questions.chains import Chain, chains
from orgsim.questions.transitions import transitions
from orgsim.views.data import to_data
from orgsim.views.escape import pretty_json
from orgsim.views.report import chains_text
from tests.helpers import SOURCE as S
from tests.helpers import numbered

D = dt.date


def ladder() -> list[Event]:
    """Four roles one under the other (levels 0 to 3), all filled in 2020. In 2021 the CEO
    leaves, and each holder below moves up one in turn (the CTO's successor acting at first,
    confirmed later) until an outside hire takes the bottom seat."""
    return numbered(
        [
            CreateRole(on="2020-01-01", source=S, role="ceo", title="CEO"),
            CreateRole(on="2020-01-01", source=S, role="cto", title="CTO", reports_to="ceo"),
            CreateRole(on="2020-01-01", source=S, role="vp", title="VP", reports_to="cto"),
            CreateRole(on="2020-01-01", source=S, role="eng", title="Engineer", reports_to="vp"),
            Hire(on="2020-01-01", source=S, person="ann", name="Ann", role="ceo"),
            Hire(on="2020-01-01", source=S, person="bob", name="Bob", role="cto"),
            Hire(on="2020-01-01", source=S, person="cy", name="Cy", role="vp"),
            Hire(on="2020-01-01", source=S, person="dee", name="Dee", role="eng"),
            Depart(on="2021-01-01", source=S, person="ann", reason="retired"),
            Promote(on="2021-02-01", source=S, person="bob", role="ceo"),
            Promote(on="2021-03-01", source=S, person="cy", role="cto", acting=True),
            Promote(on="2021-04-01", source=S, person="dee", role="vp"),
            Hire(on="2021-05-01", source=S, person="eve", name="Eve", role="eng"),
            Promote(on="2021-06-01", source=S, person="cy", role="cto"),  # confirmed
        ]
    )


def only(found: tuple[Chain, ...]) -> Chain:
    assert len(found) == 1, found
    return found[0]


def test_a_departure_sets_off_a_chain_down_the_ladder_to_an_outside_hire() -> None:
    found = chains(Timeline.build(ladder()), "2021-01-01", "2021-12-31")
    chain = only(found.chains)
    assert chain.opener == "depart" and isinstance(chain.opened_by, Depart)
    assert chain.opened_by.person == "ann"
    assert [(s.role, s.person, s.from_role, s.acting) for s in chain.steps] == [
        ("ceo", "bob", "cto", False),
        ("cto", "cy", "vp", True),  # acting: the confirmation in June is no step of its own
        ("vp", "dee", "eng", False),
        ("eng", "eve", None, False),
    ]
    assert [str(s.filled) for s in chain.steps] == [
        "2021-02-01",
        "2021-03-01",
        "2021-04-01",
        "2021-05-01",
    ]
    # Each vacancy opened when the move into the one above it was made.
    assert [str(s.opened) for s in chain.steps] == [
        "2021-01-01",
        "2021-02-01",
        "2021-03-01",
        "2021-04-01",
    ]
    assert chain.end == "hire" and chain.length == 4
    assert found.by_length == ((4, 1),) and found.mean_length == 4
    assert dict(found.by_end) == {"hire": 1, "additional": 0, "abolished": 0, "open": 0}
    assert found.moves == 3
    assert found.names["ann"] == "Ann" and found.names["eve"] == "Eve"


def test_the_window_ends_a_chain_still_open_and_leaves_out_chains_opened_before_it() -> None:
    timeline = Timeline.build(ladder())
    cut = only(chains(timeline, "2021-01-01", "2021-03-15").chains)
    assert [s.role for s in cut.steps] == ["ceo", "cto", "vp"]
    assert cut.steps[-1].person is None and cut.steps[-1].filled is None
    assert cut.end == "open" and cut.length == 3
    # The chain opened on 1 Jan; a window from February holds none of it.
    assert chains(timeline, "2021-02-01", "2021-12-31").chains == ()
    # 2020's chains are the four new roles, each filled by a hire the day it was made.
    first = chains(timeline, "2020-01-01", "2020-12-31")
    assert [(c.opener, c.end, c.length) for c in first.chains] == [("role", "hire", 1)] * 4
    assert [c.steps[0].role for c in first.chains] == ["ceo", "cto", "vp", "eng"]


def test_a_range_given_backwards_is_refused() -> None:
    with pytest.raises(OrgsimError, match="runs backwards: 2021-12-31 is after 2021-01-01"):
        chains(Timeline.build(ladder()), "2021-12-31", "2021-01-01")
    with pytest.raises(OrgsimError, match="runs backwards"):
        transitions(Timeline.build(ladder()), D(2021, 2, 1), D(2021, 1, 31))


def test_chains_end_abolished_as_a_second_hat_and_from_no_role() -> None:
    events = numbered(
        ladder()
        + [
            # The VP seat is abolished once Dee steps down from it (its report moved first).
            Reorg(on="2022-01-01", source=S, role="eng", reports_to="cto"),
            StepDown(on="2022-02-01", source=S, person="dee", role="vp"),
            Reorg(on="2022-03-01", source=S, role="vp", abolished=True),
            # A new seat taken by the CTO as a second hat: no seat is left behind.
            CreateRole(on="2022-04-01", source=S, role="ops", title="Ops", reports_to="ceo"),
            Promote(on="2022-04-02", source=S, person="cy", role="ops", additional=True),
            # Dee, still there without a role, takes the Engineer's seat when Eve leaves.
            Depart(on="2022-05-01", source=S, person="eve", reason="resigned"),
            Promote(on="2022-06-01", source=S, person="dee", role="eng"),
        ]
    )
    found = chains(Timeline.build(events), "2022-01-01", "2022-12-31")
    summary = [(c.opener, [s.role for s in c.steps], c.end) for c in found.chains]
    assert summary == [
        ("stepdown", ["vp"], "abolished"),
        ("role", ["ops"], "additional"),
        ("depart", ["eng"], "hire"),  # promoted from no role: an entry from outside the roles
    ]
    assert found.chains[1].steps[0].person == "cy"
    assert found.chains[2].steps[0].from_role is None


def two_hats() -> list[Event]:
    """Cy holds the VP seat and, as a second hat, the Ops seat; promoted to CTO, Cy gives up
    both."""
    return numbered(
        ladder()[:8]
        + [
            CreateRole(on="2020-01-01", source=S, role="ops", title="Ops", reports_to="cto"),
            Promote(on="2020-06-01", source=S, person="cy", role="ops", additional=True),
            Depart(on="2021-01-01", source=S, person="bob", reason="resigned"),
            Promote(on="2021-02-01", source=S, person="cy", role="cto"),
        ]
    )


def test_a_move_out_of_two_roles_goes_on_from_the_first_and_opens_a_chain_in_the_other() -> None:
    found = chains(Timeline.build(two_hats()), "2021-01-01", "2021-12-31")
    assert [(c.opener, [s.role for s in c.steps], c.end) for c in found.chains] == [
        ("depart", ["cto", "vp"], "open"),  # Cy had taken the VP seat first
        ("promote", ["ops"], "open"),
    ]
    assert found.titles == {"cto": "CTO"}  # the role the move that opened the second went to
    assert "Cy moved to CTO: length 1, open" in chains_text(found)


def test_transitions_count_moves_between_levels_entries_and_exits() -> None:
    timeline = Timeline.build(ladder())
    found = transitions(timeline, "2021-01-01", "2021-12-31")
    assert found.moves() == {(1, 0): 1, (2, 1): 1, (3, 2): 1}
    assert found.entries() == {3: 1}  # Eve
    assert found.exits() == {0: 1}  # Ann
    assert found.held_before == (1, 1, 1, 1) and found.held_after == (1, 1, 1, 1)
    assert found.levels == 4
    # 2020: every seat filled from outside on the first day; the day before, none held.
    first = transitions(timeline, "2020-01-01", "2020-12-31")
    assert first.entries() == {0: 1, 1: 1, 2: 1, 3: 1}
    assert first.moves() == {} and first.exits() == {}
    assert first.held_before == ()


def test_the_second_role_given_up_in_a_move_is_an_exit() -> None:
    found = transitions(Timeline.build(two_hats()), "2021-01-01", "2021-12-31")
    # Bob leaves the CTO seat (level 1); Cy moves up to it from the VP seat (level 2), giving
    # up Ops (level 2) too.
    assert found.moves() == {(2, 1): 1}
    assert found.exits() == {1: 1, 2: 1}
    assert found.entries() == {}
    assert found.held_before == (1, 1, 2, 1) and found.held_after == (1, 1, 0, 1)


def test_chains_as_text_and_json() -> None:
    found = chains(Timeline.build(ladder()), "2021-01-01", "2021-12-31")
    assert chains_text(found).splitlines() == [
        "Vacancy chains opened from 1 Jan 2021 to 31 Dec 2021",
        "1 chain, mean length 4; length 4: 1",
        "Ended: hire 1, additional 0, abolished 0, open 0",
        "Opened by: departures 1, step-downs 0, new roles 0, moves out of a second role 0",
        "",
        "1 Jan 2021, Ann left (retired): length 4, hire",
        "  1. CEO: Bob, from CTO, 1 Feb 2021",
        "  2. CTO: Cy (acting), from VP, 1 Mar 2021",
        "  3. VP: Dee, from Engineer, 1 Apr 2021",
        "  4. Engineer: Eve, hired, 1 May 2021",
    ]
    data = to_data(found)
    pretty_json(data)  # JSON-ready all the way down
    chain = data["chains"][0]
    assert chain["length"] == 4 and chain["end"] == "hire" and chain["opener"] == "depart"
    assert chain["opened_by"]["person"] == "ann" and chain["opened_by"]["on"] == "2021-01-01"
    assert chain["steps"][1]["acting"] is True and chain["steps"][1]["filled"] == "2021-03-01"


def test_no_chains_in_a_quiet_window() -> None:
    found = chains(Timeline.build(ladder()), "2023-01-01", "2023-12-31")
    assert found.chains == () and found.mean_length is None and found.by_length == ()
    assert chains_text(found) == "Vacancy chains opened from 1 Jan 2023 to 31 Dec 2023\n  (none)\n"


def test_a_chain_of_the_openai_log_follows_the_events_that_made_it() -> None:
    # In the log: Bob McGrew, Chief Research Officer, left on 25 Sep 2024 (#69); Mark Chen,
    # made SVP of Research that day (#72, a new seat), was named Chief Research Officer on
    # 24 Mar 2025 (#82), and the SVP seat was abolished the same day (#83).
    timeline = orgsim.load("openai").timeline()
    events = {event.seq: event for event in timeline.applied}
    assert isinstance(events[69], Depart) and events[69].person == "bob-mcgrew"
    assert isinstance(events[82], Promote) and events[82].role == "chief-research-officer"
    assert isinstance(events[83], Reorg) and events[83].abolished
    found = chains(timeline, "2024-09-25", "2025-12-31")
    chain = only(tuple(c for c in found.chains if c.opened_by is events[69]))
    assert [(s.role, s.person, s.from_role) for s in chain.steps] == [
        ("chief-research-officer", "mark-chen", "svp-research"),
        ("svp-research", None, None),
    ]
    assert chain.steps[0].filled_by is events[82]
    assert chain.end == "abolished" and chain.length == 2
