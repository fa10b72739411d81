"""The PostgreSQL store against a real server the tests start: append-only by construction,
many logs in one database, lossless conversion with the other stores, the CLI on a URL, clear
errors for a server that is not there, a user it does not know and a database that is not a
store, and many writers at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import attrs
import pytest

import orgsim
from orgsim import (
    ConcurrentAppend,
    CreateRole,
    Depart,
    Hire,
    NotFound,
    OrgsimError,
    PostgresStore,
    open_store,
)
from tests.helpers import run, small_org

CONTEXT = multiprocessing.get_context("fork")


def sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("&log=", 1)[0], autocommit=True) as db:
        db.execute(statement)


@pytest.fixture
def filled(postgres_log: str) -> str:
    orgsim.write_log(postgres_log, small_org())
    return postgres_log


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE orgsim_events SET line = 'x'",
        "DELETE FROM orgsim_events",
        "TRUNCATE orgsim_events CASCADE",
        "UPDATE orgsim_logs SET name = 'x'",
        "DELETE FROM orgsim_logs",
        "INSERT INTO orgsim_events (log, seq, line, prev) SELECT log, 9, line, prev "
        "FROM orgsim_events LIMIT 1",
    ],
)
def test_the_database_itself_refuses_to_rewrite_a_log(filled: str, statement: str) -> None:
    import psycopg

    with pytest.raises(psycopg.errors.RaiseException, match="orgsim"):
        sql(filled, statement)
    assert orgsim.verify(filled).count == 5


def test_many_logs_live_in_one_database_apart(postgres_url: str) -> None:
    acme, globex = f"{postgres_url}&log=acme", f"{postgres_url}&log=globex"
    orgsim.write_log(acme, small_org())
    orgsim.create(globex).append(Hire(on="2021-01-01", source="s", person="zed", name="Zed"))
    assert len(orgsim.load(acme).events) == 5
    assert [e.seq for e in orgsim.load(globex).events] == [1]
    assert orgsim.load(acme).title == "acme"
    with pytest.raises(OrgsimError, match="already there"):
        orgsim.create(acme)


def test_convert_is_lossless_between_all_three_stores(filled: str, tmp_path: Path) -> None:
    jsonl, sqlite = tmp_path / "a.jsonl", tmp_path / "a.sqlite"
    head = orgsim.verify(filled).head
    assert orgsim.convert(filled, jsonl).head == head
    assert orgsim.convert(jsonl, sqlite).head == head
    back = filled.replace("&log=", "&log=back-")
    assert orgsim.convert(sqlite, back).head == head
    assert orgsim.load(back).events == tuple(small_org())
    again = tmp_path / "again.jsonl"
    orgsim.convert(back, again)
    assert again.read_bytes() == jsonl.read_bytes()


def test_the_cli_works_on_a_url(postgres_log: str) -> None:
    assert run("init", postgres_log).exit_code == 0
    for args in (
        ["role", "create", "ceo", "--title", "Chief Executive", "--on", "2024-01-08"],
        ["hire", "ada", "--name", "Ada Byron", "--role", "ceo", "--on", "2024-01-09"],
    ):
        result = run(*args, "--source", "memo", "--log", postgres_log)
        assert result.exit_code == 0, result.output
    shown = run("show", "--date", "2024-02-01", "--log", postgres_log)
    assert "Chief Executive: Ada Byron (since 9 Jan 2024)" in shown.stdout
    head = run("head", "--log", postgres_log).stdout.strip()
    assert run("verify", "--log", postgres_log, "--expect", head).exit_code == 0
    again = run("init", postgres_log)
    assert again.exit_code == 1 and "already there" in again.stderr


def test_a_password_never_shows_in_messages() -> None:
    store = PostgresStore("postgresql://ann:s3cret@db.example/org?log=acme&sslmode=require")
    assert "s3cret" not in store.name and store.title == "acme"
    assert store.name == "postgresql://ann:***@db.example/org?sslmode=require&log=acme"
    with pytest.raises(OrgsimError, match="log name"):
        PostgresStore("postgresql:///org?log=Not A Name")


def one_line_error(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_bad_servers_users_and_databases_are_one_clear_line(
    postgres_url: str, tmp_path: Path
) -> None:
    nowhere = f"postgresql://orgsim@/postgres?host={tmp_path}&log=x"
    assert "cannot connect" in one_line_error("show", "--log", nowhere)
    stranger = postgres_url.replace("orgsim@", "mallory@") + "&log=x"
    assert 'role "mallory" does not exist' in one_line_error("show", "--log", stranger)
    sql(postgres_url, "CREATE DATABASE not_a_store")
    elsewhere = postgres_url.replace("/postgres?", "/not_a_store?") + "&log=x"
    assert "holds no orgsim logs" in one_line_error("show", "--log", elsewhere)
    orgsim.write_log(f"{postgres_url}&log=real", small_org())
    with pytest.raises(NotFound, match="no such log"):
        orgsim.load(f"{postgres_url}&log=missing")


WRITERS = 8
EACH = 300


def write(url: str, writer: int) -> None:
    store = open_store(url)
    end = 0
    for number in range(EACH):
        event = Hire(on="2024", source=f"writer-{writer}", person=f"w{writer}-{number}", name="W")
        while True:
            try:
                store.append([attrs.evolve(event, seq=end + 1)], end)
            except ConcurrentAppend as moved:
                end = moved.actual
            else:
                end += 1
                break


def test_eight_writers_lose_nothing(postgres_log: str) -> None:
    orgsim.create(postgres_log)
    writers = [CONTEXT.Process(target=write, args=(postgres_log, w)) for w in range(WRITERS)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=300)
    assert [p.exitcode for p in writers] == [0] * WRITERS
    events = open_store(postgres_log).read().events  # refuses a gap or a broken chain
    assert len(events) == WRITERS * EACH
    for writer in range(WRITERS):
        mine = [e.person for e in events if e.source == f"writer-{writer}"]  # type: ignore[attr-defined]
        assert mine == [f"w{writer}-{number}" for number in range(EACH)]
    assert orgsim.verify(postgres_log).count == WRITERS * EACH


def test_a_workspace_lists_logs_of_one_database_by_their_log_names(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two organisations kept in one database: the list file names each by its ``log``
    parameter, so a departure to "Beta" is joined to the hire in the log called ws-beta."""
    source = "https://example.com/report"
    acme, beta = f"{postgres_url}&log=ws-acme", f"{postgres_url}&log=ws-beta"
    orgsim.write_log(
        acme,
        [
            CreateRole(seq=1, on="2020-01-01", source=source, role="ceo", title="CEO"),
            Hire(seq=2, on="2020-02-01", source=source, person="ann", name="Ann", role="ceo"),
            Depart(
                seq=3,
                on="2021-03-01",
                source=source,
                person="ann",
                reason="resigned",
                destination="Beta",
            ),
        ],
    )
    orgsim.write_log(
        beta,
        [
            CreateRole(seq=1, on="2021-01-01", source=source, role="ceo", title="CEO"),
            Hire(
                seq=2,
                on="2021-04-01",
                source=source,
                person="ann",
                name="Ann",
                role="ceo",
                origin="Acme",
            ),
        ],
    )
    listed = tmp_path / "orgs.txt"
    listed.write_text(f"{acme} = Acme\n{beta} = Beta\n", encoding="utf-8")
    space = orgsim.workspace(listed)
    assert list(space.organisations) == ["ws-acme", "ws-beta"]
    (move,) = space.moves()
    assert (move.origin, move.destination) == ("ws-acme", "ws-beta")
    assert move.left is not None and move.joined is not None
    space.check()
