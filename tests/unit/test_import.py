"""Tenure spreadsheets as real files have them, and each documented rule that takes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import orgsim
from orgsim import Columns, Depart, Hire, Promote, RowError, StepDown, import_csv
from orgsim.strategies import numbered

CABINET = Columns(person="appointee", role="position", start="start_date", end="end_date")


def write(tmp_path: Path, text: str, name: str = "tenures.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def replay(events: tuple[orgsim.Event, ...]) -> orgsim.Organisation:
    org = orgsim.Organisation(orgsim.MemoryStore())
    org.append(*events)
    return org


MESSY = (
    "\ufeffappointee,position,start_date,end_date,,\r\n"  # a BOM, stray empty columns, CRLF
    'Ada Byron,"Secretary of State, Acting Head",1/20/77,3/1/79,,\r\n'  # a comma in quotes
    '"Grace\nHopper",Treasurer,1/20/77,Aug. 1981,,\r\n'  # a line break in quotes
    'ALAN TURING,"Secretary of State, Acting Head",3/1/79,present,,\r\n'  # a handover
    "Alan  Turing,Treasurer,Aug. 1981,1/20/01,,\r\n"  # two spellings; a second role at once
    "José Núñez,Chief of Staff,1999,,,\r\n"  # a year only, an open end
)


def test_a_messy_file_imports_by_the_rules(tmp_path: Path) -> None:
    imported = import_csv(write(tmp_path, MESSY), columns=CABINET)
    assert imported.skipped == () and imported.rows == 5
    org = replay(imported.events)
    assert org.person_id("Alan Turing") == "alan-turing" == org.person_id("ALAN TURING")
    chart = org.chart("1982-01-01")
    assert chart.role("secretary-of-state-acting-head").holder.name == "ALAN TURING"  # type: ignore[union-attr]
    assert chart.role("treasurer").holder.person == "alan-turing"  # type: ignore[union-attr]
    assert chart.role("secretary-of-state-acting-head").title == "Secretary of State, Acting Head"
    assert org.chart("1979-02-01").role("treasurer").holder.name == "Grace\nHopper"  # type: ignore[union-attr]
    assert [p.id for p in org.chart("1999-06-01").people][-1] == "jose-nunez"
    events = imported.events
    # Two-digit years by the POSIX pivot; month and year alone keep their precision.
    assert events[0].on == orgsim.PartialDate(1977, 1, 20)
    grace_left = next(e for e in events if isinstance(e, Depart) and e.person == "grace-hopper")
    assert grace_left.on == orgsim.PartialDate(1981, 8)
    assert next(e for e in events if isinstance(e, Hire) and e.person == "jose-nunez").on == (
        orgsim.PartialDate(1999)
    )
    # The handover: Ada leaves (ends first), Alan is hired into her seat the same day.
    day = [e for e in events if e.on == orgsim.PartialDate(1979, 3, 1)]
    assert [type(e).__name__ for e in day] == ["Depart", "Hire"]
    second_hat = next(e for e in events if isinstance(e, Promote))
    assert second_hat.additional and second_hat.role == "treasurer"
    assert any(isinstance(e, StepDown) and e.role == "treasurer" for e in events)
    assert events[0].source == "tenures.csv, row 2"
    assert {e.source for e in events if getattr(e, "person", None) == "jose-nunez"} == {
        "tenures.csv, row 6"  # on line 7 of the file: row 3 spans two lines
    }


def test_several_date_formats_are_tried_in_turn(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "person,role,start,end\nAda,CEO,05.01.2020,2021-03\nBob,CFO,2020-01-07,07.02.2021\n",
    )
    with pytest.raises(RowError, match=r"row 2, column 'start': '05\.01\.2020' is not a date"):
        import_csv(path)
    imported = import_csv(path, formats=["%d.%m.%Y", "%Y-%m-%d", "%Y-%m"])
    org = replay(imported.events)
    assert org.chart("2020-01-06").role("ceo").holder is not None
    assert org.chart("2021-02-07").role("cfo").holder is None


def test_strict_stops_at_the_first_bad_row_with_file_row_column_and_reason(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "person,role,start,end\nAda,CEO,2020-01-01,\nBob,CFO,Reagan admin,\nCy,CTO,2020,2019\n",
    )
    with pytest.raises(RowError) as caught:
        import_csv(path)
    error = caught.value
    assert (error.row, error.column) == (3, "start")
    assert str(error) == f"{path}, row 3, column 'start': 'Reagan admin' is not a date in any " \
        "format tried (see --date-format)"  # fmt: skip


def test_lenient_takes_what_it_can_and_lists_every_other_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "person,role,start,end\n"
        "Ada,CEO,2020-01-01,2022-01-01\n"
        "Bob,CFO,Reagan admin,\n"
        "Cy,CTO,2021,2019\n"
        "Dee,CEO,2021-06-01,\n"  # the CEO seat is Ada's until 2022
        ",CTO,2020,\n"
        "Eve,CTO,2020\n",
    )
    imported = import_csv(path, lenient=True)
    assert [(s.row, s.column) for s in imported.skipped] == [
        (3, "start"),
        (4, "end"),
        (5, None),
        (6, "person"),
        (7, None),
    ]
    reasons = {s.row: s.reason for s in imported.skipped}
    assert "ends (2019) before it starts (2021)" in reasons[4]
    assert "held by Ada (row 2, until 2022-01-01)" in reasons[5]
    assert "3 cells where the header has 4" in reasons[7]
    assert [e.person for e in imported.events if isinstance(e, Hire)] == ["ada"]


def test_a_term_split_in_two_rows_keeps_its_split_and_overlaps_are_refused(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "person,role,start,end\nAda,CEO,2020-01-01,2021-01-20\nAda,CEO,2021-01-20,\n",
    )
    events = import_csv(path).events
    assert [e.kind for e in events] == ["role", "hire", "stepdown", "promote"]
    overlap = write(
        tmp_path, "person,role,start,end\nAda,CEO,2020-01-01,2021-06-01\nAda,CEO,2021-01-20,\n"
    )
    with pytest.raises(RowError, match="row 3: 'CEO' is held by the same person"):
        import_csv(overlap)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, "who,role,start,end\nAda,CEO,2020,\n")
    with pytest.raises(orgsim.OrgsimError, match="no column 'person' for --person"):
        import_csv(path)
    with pytest.raises(orgsim.OrgsimError, match="no column 'boss' for --reports-to"):
        import_csv(path, columns=Columns(person="who", reports_to="boss"))


def test_reporting_lines_and_titles_that_change(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "person,role,title,reports_to,start,end\n"
        "Ada,cto,Chief Technology Officer,CEO,2020-01-01,2021-01-01\n"
        "Bob,cto,Chief Technical Officer,,2021-01-01,\n",
    )
    org = replay(import_csv(path).events)
    early, late = org.chart("2020-06-01").role("cto"), org.chart("2021-06-01").role("cto")
    assert (early.reports_to, early.title) == ("ceo", "Chief Technology Officer")
    assert (late.reports_to, late.title) == (None, "Chief Technical Officer")
    assert org.chart("2020-06-01").role("ceo").vacant  # created by reference, never held


def test_roles_that_swap_places_on_one_day_are_moved_in_an_order_with_no_cycle(
    tmp_path: Path,
) -> None:
    # On 2020-01-02 the CTO stops reporting to the CEO and the CEO goes under the CTO. The CEO's
    # row comes first, so moving it in row order would put it under a CTO still under it.
    path = write(
        tmp_path,
        "person,role,reports_to,start,end\n"
        "Bob,cto,ceo,2020-01-01,2020-01-02\n"
        "Ann,ceo,cto,2020-01-02,\n"
        "Dee,cto,,2020-01-02,\n",
    )
    org = replay(import_csv(path).events)
    before, after = org.chart("2020-01-01"), org.chart("2020-01-02")
    assert (before.role("cto").reports_to, before.role("ceo").reports_to) == ("ceo", None)
    assert (after.role("cto").reports_to, after.role("ceo").reports_to) == (None, "cto")
    assert after.role("ceo").holder.person == "ann"  # type: ignore[union-attr]
    assert after.role("cto").holder.person == "dee"  # type: ignore[union-attr]
    # A day that ends in a cycle is still refused, with the row that closes it.
    cycle = write(
        tmp_path,
        "person,role,reports_to,start,end\n"
        "Bob,cto,,2020-01-01,2020-01-02\n"
        "Ann,ceo,,2020-01-01,2020-01-02\n"
        "Cy,ceo,cto,2020-01-02,\n"
        "Dee,cto,ceo,2020-01-02,\n",
        name="cycle.csv",
    )
    with pytest.raises(RowError, match=r"row 5: rule 3 \(structure\): cto reporting to ceo would"):
        import_csv(cycle)


def test_importing_into_an_existing_log_builds_on_it_and_is_checked(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    orgsim.write_log(
        log,
        numbered(
            [
                orgsim.CreateRole(on="2020-01-01", source="s", role="ceo", title="CEO"),
                Hire(on="2020-01-01", source="s", person="ada", name="Ada", role="ceo"),
            ]
        ),
    )
    org = orgsim.load(log)
    more = write(tmp_path, "person,role,start,end\nAda,CTO,2020-06-01,\nBob,CEO,2021-01-01,\n")
    with pytest.raises(RowError, match=r"row 3: 'CEO' is held by ada in the log then"):
        import_csv(more, after=org.events)  # Ada still holds the CEO seat in the log
    fine = write(tmp_path, "person,role,start,end\nAda,CTO,2020-06-01,\nBob,CFO,2021-01-01,\n")
    org.append(*import_csv(fine, after=org.events).events)
    chart = orgsim.load(log).chart("2021-06-01")
    assert [r.id for r in chart.roles] == ["ceo", "cto", "cfo"]
    assert chart.role("cto").holder.person == "ada"  # type: ignore[union-attr]
    # A second hat: the seat Ada holds in the log is kept.
    assert chart.role("ceo").holder.person == "ada"  # type: ignore[union-attr]


EXTERNAL = Path(__file__).resolve().parents[3] / "shared" / "external" / "cabinet-turnover"


@pytest.mark.skipif(
    not (EXTERNAL / "cabinet-turnover.csv").is_file(),
    reason="the published cabinet-turnover data (shared/external/) is not beside this checkout",
)
def test_fivethirtyeights_cabinet_data_as_published() -> None:
    path = EXTERNAL / "cabinet-turnover.csv"
    with pytest.raises(RowError, match=r"row 90, column 'end_date': 'Bush admin' is not a date"):
        import_csv(path, columns=CABINET)
    imported = import_csv(path, columns=CABINET, lenient=True)
    assert imported.rows == 379
    # Only cells that are not dates at all are left out ("Reagan admin", "Bush admin", ...).
    assert {s.value.split()[-1] for s in imported.skipped} == {"admin"}
    assert len(imported.skipped) == 14
    org = replay(imported.events)
    chart = org.chart(dt.date(2001, 6, 1))
    assert chart.role("secretary-of-state").holder.name == "Colin Powell"  # type: ignore[union-attr]
    assert chart.role("secretary-of-defense").holder.name == "Donald Rumsfeld"  # type: ignore[union-attr]
    baker = [e for e in org.events if getattr(e, "person", None) == "james-baker"]
    # From one post to the next the same day; out of office between administrations.
    assert [e.kind for e in baker][:5] == ["hire", "stepdown", "promote", "depart", "hire"]
    gone = org.chart(dt.date(2023, 2, 1))
    assert gone.role("secretary-of-state").holder.name == "Antony Blinken"  # type: ignore[union-attr]
