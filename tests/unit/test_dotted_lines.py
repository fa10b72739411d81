"""Dotted lines (matrix reporting): a role answers to a second manager beside its own.

They are dated like every change of a role, checked for absent roles (rule 3), and kept out of
the tree: walking, subtrees and the forest check follow the solid line alone.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from msgspec import UNSET

from orgsim import (
    Chart,
    CreateRole,
    Event,
    InvalidEvent,
    Reorg,
    RuleViolation,
    StepDown,
    Timeline,
    diff,
)
from orgsim.log.codec import Decoder, decode_line, encode_line
from orgsim.organisation.records import DECODER
from orgsim.views import chart_data, chart_text
from orgsim.views.report import describe_event, diff_text
from tests.helpers import SOURCE as S
from tests.helpers import numbered, small_org


def matrix() -> list[Event]:
    """The small org with a CFO under the CEO who also answers to the CTO by a dotted line."""
    return numbered(
        [
            *small_org(),
            CreateRole(
                on="2020-04-01", source=S, role="cfo", title="CFO", reports_to="ceo",
                dotted_to=("cto",),
            ),
        ]
    )  # fmt: skip


def chart_on(events: list[Event], day: str) -> Chart:
    return Chart.at(Timeline.build(events), dt.date.fromisoformat(day))


def broken(*extra: Event) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        Timeline.build(numbered(matrix() + list(extra)))
    return caught.value


def test_a_dotted_line_is_on_the_chart_and_not_in_the_tree() -> None:
    chart = chart_on(matrix(), "2020-04-01")
    assert chart.role("cfo").dotted_to == ("cto",)
    assert chart.role("cfo").reports_to == "ceo"
    assert [r.id for r in chart.dotted_reports("cto")] == ["cfo"]
    assert chart.reports("cto") == ()
    assert [r.id for _, r in chart.walk()] == ["ceo", "cto", "cfo"]
    assert [r.id for r in chart.subtree("cto").roles] == ["cto"]
    assert chart_on(matrix(), "2020-03-31").role("cto").dotted_to == ()


def test_a_reorg_gives_the_whole_set_and_an_empty_one_ends_them() -> None:
    events = numbered(
        [
            *matrix(),
            CreateRole(on="2020-05-01", source=S, role="ops", title="Ops", reports_to="ceo"),
            Reorg(on="2020-06-01", source=S, role="cfo", dotted_to=("ops", "cto")),
            Reorg(on="2020-07-01", source=S, role="cfo", title="Finance Chief"),
            Reorg(on="2020-08-01", source=S, role="cfo", dotted_to=()),
        ]
    )
    assert chart_on(events, "2020-06-01").role("cfo").dotted_to == ("ops", "cto")
    assert chart_on(events, "2020-07-01").role("cfo").dotted_to == ("ops", "cto")
    assert chart_on(events, "2020-08-01").role("cfo").dotted_to == ()


def test_a_dotted_line_to_a_role_that_does_not_exist_breaks_rule_3() -> None:
    error = broken(Reorg(on="2020-05-01", source=S, role="cfo", dotted_to=("coo",)))
    assert (error.rule, error.rule_name) == (3, "structure")
    assert "role coo does not exist yet" in error.message
    error = broken(CreateRole(on="2020-05-01", source=S, role="vp", title="VP", dotted_to=("coo",)))
    assert error.rule == 3 and "coo does not exist" in error.message


def test_a_role_with_a_dotted_report_cannot_be_abolished() -> None:
    error = broken(
        StepDown(on="2020-05-01", source=S, person="bob", role="cto"),
        Reorg(on="2020-05-02", source=S, role="cto", abolished=True),
    )
    assert (error.rule, error.event.seq) == (3, 8)
    assert "role cfo still has a dotted line to cto" in error.message
    assert error.conflict is not None and error.conflict.seq == 6  # the CFO's creation
    ended = numbered(
        [
            *matrix(),
            StepDown(on="2020-05-01", source=S, person="bob", role="cto"),
            Reorg(on="2020-05-02", source=S, role="cfo", dotted_to=()),
            Reorg(on="2020-05-03", source=S, role="cto", abolished=True),
        ]
    )
    assert [r.id for r in chart_on(ended, "2020-05-03").roles] == ["ceo", "cfo"]


def test_a_dotted_line_never_doubles_the_solid_one() -> None:
    error = broken(Reorg(on="2020-05-01", source=S, role="cfo", dotted_to=("ceo",)))
    assert error.rule == 3 and "solid and a dotted line" in error.message
    error = broken(Reorg(on="2020-05-01", source=S, role="cfo", reports_to="cto"))
    assert error.rule == 3 and "cfo would report to cto by a solid and a dotted" in error.message
    # Made solid, the dotted line ends in the same reorg: accepted.
    moved = numbered(
        [*matrix(), Reorg(on="2020-05-01", source=S, role="cfo", reports_to="cto", dotted_to=())]
    )
    role = chart_on(moved, "2020-05-01").role("cfo")
    assert (role.reports_to, role.dotted_to) == ("cto", ())


def test_dotted_lines_may_cross_the_tree_either_way() -> None:
    """Not a forest: a manager may answer by a dotted line to its own report."""
    events = numbered([*matrix(), Reorg(on="2020-05-01", source=S, role="ceo", dotted_to=("cfo",))])
    assert chart_on(events, "2020-05-01").role("ceo").dotted_to == ("cfo",)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "cfo", "dotted_to": ("cfo",)}, "to itself"),
        ({"role": "cfo", "reports_to": "ceo", "dotted_to": ("ceo",)}, "solid line"),
        ({"role": "cfo", "dotted_to": ("cto", "cto")}, "names a role twice"),
        ({"role": "cfo", "dotted_to": ("Not A Slug",)}, "list of role ids"),
        ({"role": "cfo", "dotted_to": "cto"}, "list of role ids"),
        ({"role": "cfo", "abolished": True, "dotted_to": ()}, "changes nothing else"),
    ],
)
def test_impossible_dotted_lines_are_not_events(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidEvent, match=message):
        Reorg(on="2020-05-01", source=S, **fields)  # type: ignore[arg-type]


def test_a_dotted_line_is_written_as_a_list_and_read_back_the_same_both_ways() -> None:
    events = numbered(
        [
            *matrix(),
            Reorg(on="2020-05-01", source=S, role="cfo", dotted_to=()),
        ]
    )
    created, ended = events[-2], events[-1]
    line = encode_line(created)
    assert '"dotted_to": ["cto"]' in line
    assert '"dotted_to": []' in encode_line(ended)
    assert '"dotted_to"' not in encode_line(events[1])  # none: left out, as a default is
    decoder = Decoder()
    for event in (created, ended, events[1]):
        text = encode_line(event)
        assert decode_line(text) == event
        assert decoder.decode_line(text.encode())[0] == event
        (record,) = DECODER.decode(f"[{text}]".encode())
        assert isinstance(event, CreateRole | Reorg)
        written = record.dotted_to
        assert (() if written is UNSET else written) == event.dotted_to


def test_every_view_shows_the_dotted_line() -> None:
    chart = chart_on(matrix(), "2020-04-01")
    assert "CFO: vacant [dotted line to CTO]" in chart_text(chart)
    data = json.loads(json.dumps(chart_data(chart)))
    assert {r["id"]: r["dotted_to"] for r in data["roles"]} == {
        "ceo": [],
        "cto": [],
        "cfo": ["cto"],
    }
    timeline = Timeline.build(matrix())
    assert describe_event(matrix()[-1], timeline) == (
        "New role: CFO, reporting to Chief Executive, dotted line to CTO"
    )


def test_a_diff_names_the_dotted_lines_added_and_ended() -> None:
    events = numbered(
        [
            *matrix(),
            CreateRole(on="2020-05-01", source=S, role="ops", title="Ops", reports_to="ceo"),
            Reorg(on="2020-06-01", source=S, role="cfo", dotted_to=("ops",)),
        ]
    )
    found = diff(Timeline.build(events), "2020-04-15", "2020-06-15")
    (change,) = found.dotted
    assert (change.role, change.added, change.ended) == ("cfo", ("ops",), ("cto",))
    assert "Dotted lines: CFO: now also to Ops; no longer to CTO" in diff_text(found)
    same = diff(Timeline.build(events), "2020-06-01", "2020-06-15")
    assert same.dotted == () and same.empty
