"""The front door: a log opened as an organisation, asked questions, and appended to.

- ``organisation.py``: ``Organisation`` (a store, its timelines and its snapshot; appends checked
  against every rule first; what-if scenarios);
- ``opening.py``: ``load``, ``create`` and ``validate``;
- ``workspace.py``: several organisations, one log each, and the moves between them;
- ``bulk.py``: a JSON Lines log proved sound without one event object, so that ``validate`` of
  a large log costs a fraction of a replay.

May import: errors, progress, collector, log, store, replay, questions, forecasting, snapshot.
"""

from orgsim.organisation.opening import create, load, validate
from orgsim.organisation.organisation import Organisation
from orgsim.organisation.workspace import MovesDisagree, Workspace, flows, workspace

__all__ = [
    "MovesDisagree",
    "Organisation",
    "Workspace",
    "create",
    "flows",
    "load",
    "validate",
    "workspace",
]
