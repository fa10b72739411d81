"""The impact of a scenario: the shape of the organisation with a what-if applied, beside its
shape without (as an HR planning tool's "impact" view shows a proposed change).

Both sides are charts of one day (:class:`~orgsim.questions.chart.Chart`), so the comparison
knows nothing of logs or overlays: any two charts of a day can be compared, a scenario's with
its base, or one log's as known on two days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from statistics import mean, median

import attrs

from orgsim.errors import OrgsimError
from orgsim.questions.chart import Chart

__all__ = ["Impact", "Metrics", "impact", "metrics"]


@attrs.frozen
class Metrics:
    """The shape of a chart in a few numbers.

    A *manager* is a role with at least one role reporting to it; its span of control is how
    many do. The spans are None on a chart with no manager, where they mean nothing.
    """

    headcount: int
    """People in the organisation, with or without a role."""
    roles: int
    vacancies: int
    """Roles with no holder."""
    layers: int
    """Levels of the role tree: 1 for a chart of roots alone, 0 for one without roles."""
    managers: int
    span_mean: float | None
    span_median: float | None
    span_max: int | None
    without_role: int
    """People in the organisation who hold no role."""


@attrs.frozen
class Impact:
    """Two charts' metrics side by side, and ``proposed`` less ``base`` for each.

    A difference of spans is None when either side has no manager.
    """

    date: dt.date
    scenario: str | None
    """The overlays the proposed chart was drawn with, as its chart names them (None when it
    is no what-if)."""
    base: Metrics
    proposed: Metrics
    """The metrics of the scenario's chart."""
    difference: Metrics


def metrics(chart: Chart) -> Metrics:
    """The shape of ``chart``: headcount, roles, vacancies, layers, spans of control."""
    reports = Counter(role.reports_to for role in chart.roles if role.reports_to is not None)
    spans = [reports[role.id] for role in chart.roles if reports[role.id]]
    return Metrics(
        headcount=len(chart.people),
        roles=len(chart.roles),
        vacancies=len(chart.vacancies()),
        layers=max((depth + 1 for depth, _ in chart.walk()), default=0),
        managers=len(spans),
        span_mean=round(mean(spans), 2) if spans else None,
        span_median=float(median(spans)) if spans else None,
        span_max=max(spans) if spans else None,
        without_role=len(chart.without_role()),
    )


def impact(base: Chart, scenario: Chart) -> Impact:
    """How ``scenario`` differs from ``base`` in shape; both are charts of the same day."""
    if base.date != scenario.date:
        raise OrgsimError(
            f"an impact compares one day: the charts are of {base.date} and {scenario.date}"
        )
    before, after = metrics(base), metrics(scenario)
    return Impact(base.date, scenario.scenario, before, after, _difference(before, after))


def _difference(before: Metrics, after: Metrics) -> Metrics:
    return Metrics(
        headcount=after.headcount - before.headcount,
        roles=after.roles - before.roles,
        vacancies=after.vacancies - before.vacancies,
        layers=after.layers - before.layers,
        managers=after.managers - before.managers,
        span_mean=_less(after.span_mean, before.span_mean),
        span_median=_less(after.span_median, before.span_median),
        span_max=None
        if after.span_max is None or before.span_max is None
        else after.span_max - before.span_max,
        without_role=after.without_role - before.without_role,
    )


def _less(value: float | None, other: float | None) -> float | None:
    return None if value is None or other is None else round(value - other, 2)
