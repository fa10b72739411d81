"""A read model kept caught up: headcount per month of the OpenAI log, in SQLite.

The projection folds each event in once, in the log's order, and keeps a checkpoint beside
its table; the second run has nothing left to do. A rebuild from scratch gives the same table.

Run: python examples/headcount_read_model.py
"""

import tempfile
from pathlib import Path

import orgsim
from orgsim.projections import Headcount, project, rebuild

org = orgsim.load("openai")
with tempfile.TemporaryDirectory() as folder:
    database = Path(folder) / "model.sqlite"
    print(project(Headcount(), org, database))
    print(project(Headcount(), org, database))  # caught up: nothing to fold in
    months = Headcount.months(database)
    for month, joined, departed, headcount in months[-6:]:
        print(f"{month}  +{joined} -{departed}  {headcount} at the month's end")
    rebuild(Headcount(), org, database)
    assert Headcount.months(database) == months
