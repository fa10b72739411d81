"""What is asked of a timeline: the chart on a day, and the questions across time.

- ``chart.py``: ``Chart``, the organisation on one day, an immutable value every view draws;
- ``chart_index.py``: every box a chart can show, made once, so that many charts cost little;
- ``history.py`` (a person), ``succession.py`` (a role), ``diff.py`` (two dates) and
  ``churn.py`` (a period), with ``spells.py``, what their answers are made of;
- ``vacancies.py`` (every stretch a role stood empty), read by ``chains.py`` (vacancy chains)
  and ``transitions.py`` (seats changing hands between levels); ``impact.py`` (a scenario's
  shape beside its base's); ``flows.py`` (moves between organisations);
- ``records.py``: flat rows of tenures and of a chart, and ``frames.py``, the same as pandas
  DataFrames and Arrow tables (the ``pandas`` extra).

Every answer is a value built from a timeline, so each works the same on the timeline "as known
on" a day; none reads a log or draws anything.

May import: errors, collector, log, replay.
"""
