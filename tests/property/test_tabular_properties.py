"""A log exported as a tenure spreadsheet and imported again tells the same tenures."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

from orgsim import Event, Timeline, export_csv, import_csv
from orgsim.strategies import numbered, valid_logs


@given(valid_logs())
def test_import_of_an_export_gives_the_same_tenures(events: list[Event]) -> None:
    exported = export_csv(Timeline.build(events))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tenures.csv"
        path.write_text(exported, encoding="utf-8", newline="")
        imported = import_csv(path)
    assert imported.skipped == ()
    again = Timeline.build(numbered(list(imported.events)))
    assert export_csv(again) == exported
