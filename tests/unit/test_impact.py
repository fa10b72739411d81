"""The impact of a scenario: the metrics of a chart, worked out by hand on small charts, and the
difference a what-if makes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from orgsim import Chart, CreateRole, Depart, Event, Hire, OrgsimError, Timeline
from orgsim.questions.impact import Metrics, impact, metrics
from orgsim.views.data import to_data
from orgsim.views.report import impact_text
from tests.helpers import SOURCE as S
from tests.helpers import numbered, small_org

WHAT_IF = "what-if"
D = dt.date


def test_the_metrics_of_a_small_chart() -> None:
    # A CEO with a CTO reporting to them, both filled, and Cy with no role.
    chart = Chart.at(Timeline.build(small_org()), D(2020, 6, 1))
    assert metrics(chart) == Metrics(
        headcount=3,
        roles=2,
        vacancies=0,
        layers=2,
        managers=1,
        span_mean=1.0,
        span_median=1.0,
        span_max=1,
        without_role=1,
    )


def test_spans_of_control_count_the_roles_reporting_to_each_manager() -> None:
    # Under the CEO: the CTO and three more roles (four); under the CTO: two. Mean 3, median 3.
    under = [("vp0", "ceo"), ("vp1", "ceo"), ("vp2", "ceo"), ("eng0", "cto"), ("eng1", "cto")]
    extra: list[Event] = [
        CreateRole(on="2020-04-01", source=S, role=role, title=role, reports_to=manager)
        for role, manager in under
    ]
    chart = Chart.at(Timeline.build(numbered(small_org() + extra)), D(2020, 6, 1))
    found = metrics(chart)
    assert (found.managers, found.span_mean, found.span_median, found.span_max) == (2, 3, 3, 4)
    assert found.layers == 3 and found.roles == 7 and found.vacancies == 5


def test_a_chart_without_roles_has_no_layers_and_no_spans() -> None:
    events = numbered([Hire(on="2020-01-01", source=S, person="ann", name="Ann")])
    found = metrics(Chart.at(Timeline.build(events), D(2020, 1, 1)))
    assert (found.roles, found.layers, found.managers) == (0, 0, 0)
    assert found.span_mean is None and found.span_median is None and found.span_max is None
    assert found.headcount == 1 and found.without_role == 1


def test_a_departure_in_the_scenario_shows_as_one_person_fewer_and_one_more_vacancy() -> None:
    base = Timeline.build(small_org())
    scenario = Timeline.build(
        numbered(
            small_org() + [Depart(on="2020-04-01", source=WHAT_IF, person="bob", reason="fired")]
        )
    )
    day = D(2020, 5, 1)
    found = impact(Chart.at(base, day), attrs.evolve(Chart.at(scenario, day), scenario="x"))
    assert found.scenario == "x" and found.date == day
    assert found.base.headcount == 3 and found.proposed.headcount == 2
    assert found.difference == Metrics(
        headcount=-1,
        roles=0,
        vacancies=1,
        layers=0,
        managers=0,
        span_mean=0,
        span_median=0,
        span_max=0,
        without_role=0,
    )
    text = impact_text(found).splitlines()
    assert text[0] == "Impact of scenario x on 1 May 2020"
    assert text[2].split() == ["base", "scenario", "change"]
    assert text[3].split() == ["headcount", "3", "2", "-1"]
    assert text[5].split() == ["vacancies", "0", "1", "+1"]
    assert text[8].split() == ["mean", "span", "of", "control", "1", "1", "0"]
    data = to_data(found)
    assert data["difference"]["headcount"] == -1 and data["scenario"] == "x"
    assert data["date"] == "2020-05-01"


def test_a_chart_against_itself_changes_nothing() -> None:
    chart = Chart.at(Timeline.build(small_org()), D(2020, 6, 1))
    assert set(attrs.asdict(impact(chart, chart).difference).values()) == {0}


def test_the_two_charts_must_be_of_one_day() -> None:
    timeline = Timeline.build(small_org())
    with pytest.raises(OrgsimError, match="one day"):
        impact(Chart.at(timeline, D(2020, 6, 1)), Chart.at(timeline, D(2020, 6, 2)))
