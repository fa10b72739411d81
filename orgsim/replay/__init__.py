"""Replay: the rules, and a log folded once into a timeline of intervals.

- ``rules.py``: the six rules, and ``RuleViolation``, the error that names one broken;
- ``state.py``: the organisation as replay has built it so far, which the rules read;
- ``replay.py``: ``Replay``, applying events one by one with every rule checked first;
  ``check_log``, the same replay keeping nothing;
- ``spans.py``: the intervals replay makes (tenures, role versions, stints, absences);
- ``intervals.py``: intervals grouped copy-on-write, and the day index of those open on a day;
- ``timeline.py``: the ``Timeline``, every interval of a log, asked about any day;
- ``names.py``: a person or a role found by what a user types.

Replay reads events, never a store: where the events come from is the caller's business.

May import: errors, progress, collector, log.
"""
