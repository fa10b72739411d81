"""Forecasts: Monte Carlo continuations of a log past a day, and how well they score.

- ``estimates.py``: what a forecast assumes (hazards, fill rates, who fills a seat), from the
  log's own history, pooled toward documented defaults where the history is thin;
- ``runs.py``: the runs themselves, a discrete-event simulation of the seats of a chart;
- ``forecast.py``: ``forecast``, the runs spread over the machine's cores, and their answer;
- ``backtest.py``: a forecast from a cut of the log, scored against what happened.

May import: errors, log, replay, questions.
"""

from orgsim.forecasting.backtest import Backtest, Outcome, backtest
from orgsim.forecasting.estimates import DEFAULTS, Defaults, Estimates, FillEstimate, HazardEstimate
from orgsim.forecasting.forecast import (
    Departures,
    Forecast,
    LevelMove,
    RoleForecast,
    Successor,
    forecast,
)

__all__ = [
    "DEFAULTS",
    "Backtest",
    "Defaults",
    "Departures",
    "Estimates",
    "FillEstimate",
    "Forecast",
    "HazardEstimate",
    "LevelMove",
    "Outcome",
    "RoleForecast",
    "Successor",
    "backtest",
    "forecast",
]
