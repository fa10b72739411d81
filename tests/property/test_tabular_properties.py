"""A log exported as a tenure spreadsheet and imported again tells the same tenures, for every
log such a spreadsheet can represent."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import assume, example, given

from orgsim import (
    CreateRole,
    Depart,
    Event,
    Hire,
    Promote,
    Reorg,
    Timeline,
    export_csv,
    import_csv,
)
from orgsim.strategies import numbered, valid_logs


def _manager_changes_between_its_rows(timeline: Timeline) -> bool:
    """Whether a reorg changes some role's manager (``reports_to``, or making it a root) on a
    day after one of the role's tenures began, when none of them begins that day: in the middle
    of a tenure, or while the role is vacant after one.

    A tenure row gives its role's manager as it stood the day the tenure began, so the table
    shows a role's manager only on those days, and such a change is late or missing in it; the
    rows of other roles can then contradict it (a role still shown under one it has since been
    put over), and the importer rightly refuses them as a cycle. The exporter says so: a tenure
    table cannot hold "a role's changes in the middle of a tenure", nor "roles nobody held".
    Before its first row a role is at most a root to the importer (the manager of other rows),
    which cuts a line but makes no cycle, and a change of title alone contradicts nothing, so
    neither is excluded here.
    """
    for role, versions in timeline.versions.items():
        starts = [tenure.start.start for tenure in timeline.tenures.get(role, ())]
        for before, after in itertools.pairwise(versions):
            if not isinstance(after.event, Reorg) or after.reports_to == before.reports_to:
                continue
            day = after.start.start
            if any(start < day for start in starts) and day not in starts:
                return True
    return False


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
@example(  # the CTO made a root while Bob holds it: no row can say so (assume rejects it)
    events=[
        CreateRole(on="2020-01-01", source="s", seq=1, role="ceo", title="CEO"),
        Hire(on="2020-01-01", source="s", seq=2, person="bob", name="Bob", role="ceo"),
        CreateRole(on="2020-01-01", source="s", seq=3, role="cto", title="CTO", reports_to="ceo"),
        Promote(on="2020-01-01", source="s", seq=4, person="bob", role="cto"),
        Reorg(on="2020-01-02", source="s", seq=5, role="cto", root=True),
        Hire(on="2020-01-02", source="s", seq=6, person="ann", name="Ann", role="ceo"),
        Reorg(on="2020-01-02", source="s", seq=7, role="ceo", reports_to="cto"),
    ]
)
def test_import_of_an_export_gives_the_same_tenures(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    assume(not _manager_changes_between_its_rows(timeline))
    exported = export_csv(timeline)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tenures.csv"
        path.write_text(exported, encoding="utf-8", newline="")
        imported = import_csv(path)
    assert imported.skipped == ()
    again = Timeline.build(numbered(list(imported.events)))
    assert export_csv(again) == exported
