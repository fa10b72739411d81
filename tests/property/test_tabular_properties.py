"""A log exported as a tenure spreadsheet and imported again tells the same tenures."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given

from orgsim import CreateRole, Depart, Event, Hire, Reorg, Timeline, export_csv, import_csv
from orgsim.strategies import numbered, valid_logs


@given(valid_logs())
@example(  # two roles swap places on a day, the one moved under the other first in the rows
    events=[
        CreateRole(on="2020-01-01", source="s", seq=1, role="ceo", title="CEO"),
        CreateRole(on="2020-01-01", source="s", seq=2, role="cto", title="CTO", reports_to="ceo"),
        Hire(on="2020-01-01", source="s", seq=3, person="bob", name="Bob", role="cto"),
        Depart(on="2020-01-02", source="s", seq=4, person="bob", reason="resigned"),
        Reorg(on="2020-01-02", source="s", seq=5, role="cto", root=True),
        Reorg(on="2020-01-02", source="s", seq=6, role="ceo", reports_to="cto"),
        Hire(on="2020-01-02", source="s", seq=7, person="ann", name="Ann", role="ceo"),
        Hire(on="2020-01-02", source="s", seq=8, person="dee", name="Dee", role="cto"),
    ]
)
def test_import_of_an_export_gives_the_same_tenures(events: list[Event]) -> None:
    exported = export_csv(Timeline.build(events))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tenures.csv"
        path.write_text(exported, encoding="utf-8", newline="")
        imported = import_csv(path)
    assert imported.skipped == ()
    again = Timeline.build(numbered(list(imported.events)))
    assert export_csv(again) == exported
