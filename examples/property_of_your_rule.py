"""A Hypothesis property over code of your own, on hundreds of generated organisations.

Say you wrote ``spans``: how many direct reports each manager has, for a report. Whatever the
organisation, the spans must add up to the number of roles that report to someone. orgsim's
strategies generate valid logs; Hypothesis looks for one where the property fails. Set BROKEN
to True (it then counts only filled roles, a plausible bug) and it finds an organisation with a
vacant report, shrunk to the smallest log that shows it.

Run: python examples/property_of_your_rule.py
"""

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections import Counter

# Hypothesis keeps caches in ./.hypothesis; an example writes only to a temporary directory.
_scratch = tempfile.mkdtemp(prefix="orgsim-example-")
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", _scratch)

from hypothesis import given, settings  # noqa: E402 (after the storage directory is set)

from orgsim import Chart, Event, Timeline  # noqa: E402
from orgsim.strategies import valid_logs  # noqa: E402

BROKEN = False  # set True to watch a counterexample being found and shrunk


def spans(chart: Chart) -> Counter[str]:
    """Direct reports per manager role: the code under test."""
    return Counter(
        role.reports_to
        for role in chart.roles
        if role.reports_to is not None and (role.holder is not None or not BROKEN)
    )


@settings(max_examples=300, deadline=None, database=None)
@given(valid_logs())
def spans_add_up(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    last = max((e.on.start for e in events), default=dt.date(2020, 1, 1))
    for day in (last - dt.timedelta(days=30), last):
        chart = Chart.at(timeline, day)
        reporting = sum(1 for role in chart.roles if role.reports_to is not None)
        assert sum(spans(chart).values()) == reporting


spans_add_up()
print("the property held for 300 generated organisations")
