"""Appending from the command line: each command checks, writes and prints the event."""

import json
from pathlib import Path

import pytest

import orgsim
from tests.helpers import run


@pytest.fixture
def log(tmp_path: Path) -> str:
    path = tmp_path / "acme.jsonl"
    path.touch()
    return str(path)


def append(log: str, *args: str) -> dict[str, object]:
    result = run(*args, "--log", log, "--source", "memo")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    # Every append reports the new head, which `orgsim verify --expect` checks later.
    assert result.stderr.endswith(
        f"orgsim: head {orgsim.verify(log).seq}:{orgsim.verify(log).head}\n"
    )
    return data


def test_a_whole_story_from_the_command_line(log: str) -> None:
    assert (
        append(log, "role", "create", "ceo", "--title", "Chief Executive", "--on", "2024-01-08")[
            "seq"
        ]
        == 1
    )
    append(
        log,
        "hire",
        "ada",
        "--name",
        "Ada Byron",
        "--role",
        "Chief Executive",
        "--on",
        "2024-01-08",
        "--recorded",
        "2024-01-09",
    )
    append(log, "role", "create", "cto", "--title", "CTO", "--reports-to", "ceo", "--on", "2024-02")
    append(log, "hire", "alan", "--name", "Alan Turing", "--on", "2024-02-05")
    promoted = append(log, "promote", "Alan Turing", "cto", "--acting", "--on", "2024-02-06")
    assert promoted["role"] == "cto" and promoted["acting"] is True
    append(log, "leave", "ada", "--on", "2024-03-01")
    append(log, "return", "ada", "--on", "2024-03-15", "--note", "back early")
    append(log, "stepdown", "alan", "cto", "--on", "2024-04-01")
    append(
        log, "role", "reorg", "cto", "--title", "Chief Technologist", "--root", "--on", "2024-04-02"
    )
    gone = append(
        log,
        "depart",
        "alan",
        "--reason",
        "resigned",
        "--destination",
        "Bletchley",
        "--on",
        "2024-05",
    )
    assert gone["destination"] == "Bletchley" and gone["on"] == "2024-05"
    back = append(log, "hire", "Alan Turing", "--on", "2024-09-01")
    assert back["person"] == "alan" and back["name"] == "Alan Turing"  # a re-hire by name
    org = orgsim.load(log)
    assert len(org.events) == 11
    assert org.events[1].recorded == orgsim.PartialDate(2024, 1, 9)
    assert org.chart("2024-04-03").role("cto").reports_to is None


def test_a_refused_append_writes_nothing_and_says_why(log: str) -> None:
    append(log, "role", "create", "ceo", "--title", "CEO", "--on", "2024-01-01")
    append(log, "hire", "ada", "--name", "Ada", "--role", "ceo", "--on", "2024-01-01")
    append(log, "hire", "bob", "--name", "Bob", "--on", "2024-01-01")
    before = Path(log).read_bytes()
    result = run("promote", "bob", "ceo", "--on", "2024-02-01", "--source", "s", "--log", log)
    assert result.exit_code == 1
    assert "rule 1 (one holder)" in result.output and "not appended" in result.output
    assert Path(log).read_bytes() == before


def test_a_new_person_needs_a_name(log: str) -> None:
    result = run("hire", "ada", "--source", "s", "--log", log)
    assert result.exit_code == 2 and "give --name" in result.output


def test_bad_ids_and_dates_are_refused(log: str) -> None:
    bad_id = run("role", "create", "Chief Exec", "--title", "x", "--source", "s", "--log", log)
    assert bad_id.exit_code == 1 and "slug" in bad_id.output
    bad_date = run(
        "role", "create", "ceo", "--title", "x", "--on", "2024-02-30", "--source", "s", "--log", log
    )
    assert bad_date.exit_code == 2 and "impossible date" in bad_date.output


def test_the_bundled_log_is_read_only() -> None:
    result = run("leave", "sam-altman", "--source", "s")
    assert result.exit_code == 1 and "read-only" in result.output


def test_retract_then_amend_and_see_the_old_belief(log: str) -> None:
    append(
        log,
        "role",
        "create",
        "ceo",
        "--title",
        "CEO",
        "--on",
        "2024-01-01",
        "--recorded",
        "2024-01-01",
    )
    append(
        log,
        "hire",
        "ada",
        "--name",
        "Ada",
        "--role",
        "ceo",
        "--on",
        "2024-01-01",
        "--recorded",
        "2024-01-01",
    )
    append(
        log, "depart", "ada", "--reason", "fired", "--on", "2024-06-01", "--recorded", "2024-06-02"
    )
    retraction = append(
        log,
        "retract",
        "3",
        "--reason",
        "she resigned; the report was wrong",
        "--on",
        "2024-06-10",
        "--recorded",
        "2024-06-10",
    )
    assert retraction["target"] == 3
    append(
        log,
        "depart",
        "ada",
        "--reason",
        "resigned",
        "--on",
        "2024-06-01",
        "--recorded",
        "2024-06-10",
    )
    now = run("history", "ada", "--log", log)
    then = run("history", "ada", "--log", log, "--known-on", "2024-06-05")
    assert "left 1 Jun 2024: resigned" in now.output
    assert "left 1 Jun 2024: fired" in then.output


def test_a_retraction_that_breaks_the_timeline_is_refused(log: str) -> None:
    append(log, "role", "create", "ceo", "--title", "CEO", "--on", "2024-01-01")
    append(log, "hire", "ada", "--name", "Ada", "--role", "ceo", "--on", "2024-01-01")
    result = run("retract", "1", "--reason", "no such role", "--source", "s", "--log", log)
    assert result.exit_code == 1 and "rule 3 (structure)" in result.output


# Dotted lines from the command line: given, replaced, ended, refused, and shown.


def company(log: str) -> None:
    append(log, "role", "create", "ceo", "--title", "CEO", "--on", "2024-01-01")
    for role in ("cto", "coo"):
        append(log, "role", "create", role, "--title", role.upper(), "--reports-to", "ceo",
               "--on", "2024-01-01")  # fmt: skip


def test_a_role_is_created_with_a_dotted_line_named_by_title(log: str) -> None:
    company(log)
    line = append(
        log, "role", "create", "data", "--title", "Head of Data", "--reports-to", "CTO",
        "--dotted-to", "COO", "--on", "2024-02-01",
    )  # fmt: skip
    assert line["dotted_to"] == ["coo"] and line["reports_to"] == "cto"
    shown = run("show", "--log", log, "--date", "2024-02-01")
    assert shown.exit_code == 0, shown.output
    assert "Head of Data: vacant [dotted line to COO]" in shown.stdout
    data = json.loads(run("show", "--log", log, "--date", "2024-02-01", "--format", "json").stdout)
    assert {r["id"]: r["dotted_to"] for r in data["roles"]}["data"] == ["coo"]
    rows = run("show", "--log", log, "--date", "2024-02-01", "--format", "csv").stdout
    assert "coo" in rows.splitlines()[-1]


def test_a_reorg_replaces_the_dotted_lines_and_says_which_it_ended(log: str) -> None:
    company(log)
    append(log, "role", "create", "data", "--title", "Data", "--reports-to", "cto",
        "--dotted-to", "coo", "--on", "2024-02-01")  # fmt: skip
    result = run(
        "role", "reorg", "data", "--dotted-to", "ceo", "--on", "2024-03-01",
        "--log", log, "--source", "memo",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dotted_to"] == ["ceo"]
    assert "ended the dotted line(s) of data to coo" in result.stderr
    ended = append(log, "role", "reorg", "data", "--no-dotted", "--on", "2024-04-01")
    assert ended["dotted_to"] == []
    changes = run("diff", "--log", log, "--from", "2024-02-15", "--to", "2024-04-15").stdout
    assert "Dotted lines: Data: no longer to COO" in changes


def test_contradictions_and_broken_rules_are_refused_and_nothing_is_written(log: str) -> None:
    company(log)
    before = Path(log).read_bytes()
    both = run("role", "reorg", "cto", "--dotted-to", "coo", "--no-dotted", "--on", "2024-02-01",
               "--log", log, "--source", "memo")  # fmt: skip
    assert both.exit_code == 2 and "contradict" in both.output
    missing = run("role", "reorg", "cto", "--dotted-to", "cfo", "--on", "2024-02-01",
                  "--log", log, "--source", "memo")  # fmt: skip
    assert missing.exit_code == 1 and "cfo" in missing.output
    doubled = run("role", "reorg", "cto", "--dotted-to", "ceo", "--on", "2024-02-01",
                  "--log", log, "--source", "memo")  # fmt: skip
    assert doubled.exit_code == 1 and "solid" in doubled.output
    assert Path(log).read_bytes() == before
    append(log, "role", "reorg", "cto", "--dotted-to", "coo", "--on", "2024-02-01")
    abolish = run("role", "reorg", "coo", "--abolish", "--on", "2024-03-01",
                  "--log", log, "--source", "memo")  # fmt: skip
    assert abolish.exit_code == 1
    assert "rule 3 (structure)" in abolish.output
    assert "role cto still has a dotted line to coo" in abolish.output
