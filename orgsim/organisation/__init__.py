"""The front door: a log opened as an organisation, asked questions, and appended to.

- ``organisation.py``: ``Organisation`` (a store, its timelines and its snapshot; appends checked
  against every rule first; what-if scenarios);
- ``opening.py``: ``load``, ``create`` and ``validate``;
- ``bulk.py``: a JSON Lines log proved sound without one event object, so that ``validate`` of
  a large log costs a fraction of a replay.

May import: errors, progress, collector, log, store, replay, questions, snapshot.
"""

from orgsim.organisation.opening import create, load, validate
from orgsim.organisation.organisation import Organisation

__all__ = ["Organisation", "create", "load", "validate"]
