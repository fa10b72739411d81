"""Backtests: calibration shown, not claimed.

A backtest forecasts from a cut of the log, knowing only what was recorded by the cut (the
timeline *as known on* that day, every event after it unread), and scores the forecast against
what the whole log says happened by the end. The score is Brier's: the mean, over the roles on
the chart of the cut, of (p - y)², where p is the forecast probability that the role's holder
changes by the end and y is 1 if it did (a role abolished by then counts as changed), else 0.
It is set beside the score of a naive forecast that gives every role the same probability: the
share of roles whose holder changed over the same length of time just before the cut (0.5 when
the log is too short to tell). Skill is 1 - Brier / naive Brier: above 0, the forecast knows
more than the base rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from orgsim.errors import OrgsimError
from orgsim.forecasting.estimates import DEFAULTS, Defaults
from orgsim.forecasting.forecast import Forecast, forecast
from orgsim.questions.chart import Chart
from orgsim.replay.timeline import Timeline

__all__ = ["Backtest", "Outcome", "backtest", "base_rate"]


@attrs.frozen
class Outcome:
    """One role: what the forecast said, and what happened."""

    role: str
    title: str
    forecast: float
    """The probability the forecast gave that its holder changes."""
    changed: bool
    """Whether it did, by the end, in the whole log."""
    holder: str | None
    """Its holder on the end day (None: vacant, or abolished)."""


@attrs.frozen
class Backtest:
    """A forecast from ``cut`` to ``end`` scored against the log."""

    cut: dt.date
    end: dt.date
    forecast: Forecast
    outcomes: tuple[Outcome, ...]
    brier: float
    base_rate: float
    """The naive forecast: the same probability for every role."""
    naive_brier: float

    @property
    def skill(self) -> float | None:
        """1 - Brier / naive Brier (None when the naive forecast is perfect)."""
        return 1 - self.brier / self.naive_brier if self.naive_brier else None


def _holder(timeline: Timeline, role: str, day: dt.date) -> str | None:
    tenure = timeline.holder_at(role, day)
    return tenure.person if tenure is not None else None


def base_rate(timeline: Timeline, cut: dt.date, days: int) -> float:
    """The share of the roles on the chart of ``days`` before ``cut`` whose holder had changed
    by ``cut``, in ``timeline`` (0.5 when no role stood then)."""
    before = cut - dt.timedelta(days=days)
    then = Chart.at(timeline, before)
    if not then.roles:
        return 0.5
    changed = 0
    for role in then.roles:
        holder = role.holder.person if role.holder else None
        exists = timeline.role_at(role.id, cut) is not None
        changed += not exists or _holder(timeline, role.id, cut) != holder
    return changed / len(then.roles)


def backtest(
    known: Timeline,
    whole: Timeline,
    cut: dt.date,
    end: dt.date,
    *,
    runs: int = 1000,
    seed: int = 0,
    workers: int | None = None,
    defaults: Defaults = DEFAULTS,
    progress: Callable[[int], None] | None = None,
) -> Backtest:
    """Forecast ``known`` (the timeline as known on ``cut``) from ``cut`` to ``end`` and score
    it against ``whole`` (the log as it stands), which must reach ``end``."""
    last = max((e.on.start for e in whole.applied), default=None)
    if last is None or last < end:
        raise OrgsimError(
            f"the log ends on {last}, before {end}: there is nothing yet to score a forecast "
            "to that day against"
        )
    found = forecast(
        known, cut, end, runs=runs, seed=seed, workers=workers, defaults=defaults,
        progress=progress,
    )  # fmt: skip
    outcomes = []
    for role in found.roles:
        now = _holder(whole, role.role, end)
        exists = whole.role_at(role.role, end) is not None
        changed = not exists or now != role.holder
        outcomes.append(Outcome(role.role, role.title, role.changes, changed, now))
    rate = base_rate(known, cut, (end - cut).days)
    brier = sum((o.forecast - o.changed) ** 2 for o in outcomes) / len(outcomes)
    naive = sum((rate - o.changed) ** 2 for o in outcomes) / len(outcomes)
    return Backtest(cut, end, found, tuple(outcomes), brier, rate, naive)
