"""orgsim import csv, export csv/json and lint from the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import orgsim
from tests.helpers import run

GOOD = "person,role,start,end\nAda,CEO,2020-01-01,2021-01-01\nBob,CEO,2021-01-01,\n"
BAD = GOOD + "Cy,CTO,Reagan admin,\nDee,CEO,2021-06-01,\n"


def test_import_creates_a_log_citing_rows_and_recorded_today(tmp_path: Path) -> None:
    source, log = tmp_path / "t.csv", tmp_path / "org.jsonl"
    source.write_text(GOOD)
    result = run("import", "csv", str(source), "-o", str(log), "--source", "HR export")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"imported 2 of 2 rows from {source} as 4 events into {log}\n"
    events = orgsim.load(log).events
    assert {e.recorded for e in events} == {orgsim.PartialDate.of(dt.date.today())}
    assert events[-1].source == "HR export: t.csv, row 3"
    assert run("validate", "--log", str(log)).exit_code == 0


def test_strict_import_writes_nothing(tmp_path: Path) -> None:
    source, log = tmp_path / "t.csv", tmp_path / "org.jsonl"
    source.write_text(BAD)
    result = run("import", "csv", str(source), "-o", str(log))
    assert result.exit_code == 1
    assert result.stderr == (
        f"orgsim: error: {source}, row 4, column 'start': 'Reagan admin' is not a date in any "
        "format tried (see --date-format)\n"
    )
    assert not log.exists()


def test_lenient_import_reports_every_row_left_out_and_exits_3(tmp_path: Path) -> None:
    source, log, report = tmp_path / "t.csv", tmp_path / "org.sqlite", tmp_path / "left.csv"
    source.write_text(BAD)
    result = run("import", "csv", str(source), "-o", str(log), "--lenient", "--report", str(report))
    assert result.exit_code == 3
    assert "imported 2 of 4 rows" in result.stdout and "2 row(s) left out:" in result.stdout
    rows = list(csv.DictReader(io.StringIO(report.read_text())))
    assert [(r["row"], r["column"], r["value"]) for r in rows] == [
        ("4", "start", "Reagan admin"),
        ("5", "", ""),
    ]
    assert "held by Bob (row 3, with no end)" in rows[1]["reason"]
    assert len(orgsim.load(log).events) == 4


def test_import_into_an_existing_log_appends(tmp_path: Path) -> None:
    log = tmp_path / "org.jsonl"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(GOOD)
    second.write_text("person,role,start,end\nCy,CTO,2022-01-01,\n")
    run("import", "csv", str(first), "-o", str(log))
    before = log.read_bytes()
    assert run("import", "csv", str(second), "-o", str(log)).exit_code == 0
    assert log.read_bytes().startswith(before)
    again = run("import", "csv", str(second), "-o", str(log))  # Cy is already there
    assert again.exit_code == 1
    assert "b.csv, row 2: 'CTO' is held by cy in the log then (since 2022-01-01" in again.stderr


def test_export_csv_reads_back_with_no_options(tmp_path: Path) -> None:
    exported = run("export", "csv").stdout  # the bundled OpenAI log
    assert exported.splitlines()[0] == "person,name,role,title,reports_to,start,end,acting"
    path, log = tmp_path / "openai.csv", tmp_path / "copy.jsonl"
    assert run("export", "csv", "openai", "-o", str(path)).exit_code == 0
    assert run("import", "csv", str(path), "-o", str(log)).exit_code == 0
    assert run("export", "csv", str(log)).stdout == exported == path.read_text()


def test_export_json_is_the_chart(tmp_path: Path) -> None:
    data = json.loads(run("export", "json", "--date", "2024-10-01").stdout)
    assert data == json.loads(run("show", "--date", "2024-10-01", "--format", "json").stdout)


def test_export_json_says_when_the_date_is_past_the_log() -> None:
    late = run("export", "json", "--date", "2030-01-01")
    assert late.exit_code == 0
    assert "orgsim: note: the log ends on" in late.stderr
    assert "note" not in run("export", "json", "--date", "2024-10-01").stderr


def test_import_help_lists_the_date_formats_as_strptime_writes_them() -> None:
    shown = " ".join(run("import", "csv", "-h").stdout.split())
    assert "%Y-%m-%d, %Y-%m, %Y" in shown
    assert "%%" not in shown


def test_lint_names_findings_with_their_lines(tmp_path: Path) -> None:
    source, log = tmp_path / "t.csv", tmp_path / "org.jsonl"
    source.write_text(
        "person,role,title,start,end\n"
        "Ada,ceo,Chief Executive,2010-01-01,2015-01-01\n"
        "Bob,ceo,Chief Executive,2019,\n"
        "Cy,cto,Chief  executive,2010-01-01,2012-05-01\n"
        "Cy,cfo,CFO,2012-05-02,\n"
        "Dee,coo,COO,2019-03-04,\n"
    )
    run("import", "csv", str(source), "-o", str(log))
    result = run("lint", str(log))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{log}, line ")
        and "long-vacancy: Chief Executive (ceo) is vacant for 4.0 years, 2015-01-01 to 2019-01-01"
        in line
        for line in lines
    )
    assert any("rehired-next-day: Cy (cy) left on 2012-05-01" in line for line in lines)
    assert any(
        "imprecise-date: event #" in line
        and "(to the year) between events dated to the day" in line
        and "the day and the day" not in line
        for line in lines
    )
    assert any("similar-titles: " in line and "'Chief  executive'" in line for line in lines)
    data = json.loads(run("lint", str(log), "--format", "json").stdout)
    assert {f["kind"] for f in data} == {
        "long-vacancy",
        "rehired-next-day",
        "imprecise-date",
        "similar-titles",
    }
    clean = run("lint", "--log", str(log), "--vacancy-years", "10")
    assert "long-vacancy" not in clean.stdout
