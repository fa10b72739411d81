"""The promises every store keeps, checked once against each: JSON Lines, SQLite, PostgreSQL
(a real server the tests start) and memory."""

from collections.abc import Callable
from pathlib import Path

import pytest

from orgsim import (
    ConcurrentAppend,
    Hire,
    JsonlStore,
    MemoryStore,
    MisnumberedEvent,
    NoHashChain,
    OrgsimError,
    PostgresStore,
    SqliteStore,
    Store,
    open_store,
)
from tests.helpers import small_org

MakeStore = Callable[[], Store]

KINDS: dict[str, Callable[[Path], Store]] = {
    "jsonl": lambda tmp: JsonlStore(tmp / "log.jsonl"),
    "sqlite": lambda tmp: SqliteStore(tmp / "log.sqlite"),
    "memory": lambda tmp: MemoryStore(),
}


@pytest.fixture(params=[*sorted(KINDS), "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "postgres":
        made: Store = PostgresStore(request.getfixturevalue("postgres_log"))
        made.create()
        return made
    made = KINDS[request.param](tmp_path)
    return made


def hire(seq: int, person: str = "dee") -> Hire:
    return Hire(seq=seq, on="2021", source="s", person=person, name=person.title())


def test_appends_come_back_exactly_and_in_order(store: Store) -> None:
    events = small_org()
    store.append(events[:2], 0)
    store.append(events[2:], 2)
    stored = store.read()
    assert stored.events == tuple(events)
    assert stored.last_seq == 5


def test_an_append_with_a_stale_expected_seq_is_refused_and_changes_nothing(store: Store) -> None:
    store.append(small_org(), 0)
    with pytest.raises(ConcurrentAppend, match="ends at #5, not #4") as caught:
        store.append([hire(5)], 4)
    assert (caught.value.expected, caught.value.actual) == (4, 5)
    with pytest.raises(ConcurrentAppend, match="ends at #5, not #6"):
        store.append([hire(7)], 6)
    assert store.read().events == tuple(small_org())


@pytest.mark.parametrize(
    ("seqs", "wrong", "expected"),
    [
        ((7,), 0, 6),  # a gap before the first
        ((5,), 0, 6),  # a repeat of the log's last
        ((6, 8), 1, 7),  # a gap after a first that is right
        ((6, 6), 1, 7),  # a repeat within the append
    ],
)
def test_events_numbered_wrongly_are_refused_before_anything_is_written(
    store: Store, seqs: tuple[int, ...], wrong: int, expected: int
) -> None:
    store.append(small_org(), 0)
    events = [hire(seq, person) for seq, person in zip(seqs, ["dee", "eve"], strict=False)]
    with pytest.raises(MisnumberedEvent, match=f"should have seq {expected} ") as caught:
        store.append(events, 5)
    assert (caught.value.event, caught.value.expected) == (events[wrong], expected)
    assert isinstance(caught.value, ValueError)  # a mistake in the calling code
    assert store.read().events == tuple(small_org())


def test_two_writers_one_wins_the_other_retries_from_where_the_log_ends(store: Store) -> None:
    store.append(small_org(), 0)
    seen = store.read().last_seq
    store.append([hire(seen + 1)], seen)  # the first writer
    with pytest.raises(ConcurrentAppend) as caught:
        store.append([hire(seen + 1, "eve")], seen)  # the second, from the same view
    store.append([hire(caught.value.actual + 1, "eve")], caught.value.actual)
    assert [e.person for e in store.read().events[5:]] == ["dee", "eve"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.jsonl", JsonlStore),
        ("a.sqlite", SqliteStore),
        ("a.SQLITE3", SqliteStore),
        ("a.db", SqliteStore),
        ("a.txt", JsonlStore),
        ("a", JsonlStore),
    ],
)
def test_the_suffix_picks_the_store(tmp_path: Path, name: str, kind: type) -> None:
    assert isinstance(open_store(tmp_path / name), kind)
    assert isinstance(open_store(str(tmp_path / name)), kind)


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_a_file_store_is_created_empty_and_never_over_an_existing_file(
    tmp_path: Path, suffix: str
) -> None:
    store = open_store(tmp_path / f"log{suffix}")
    store.create()
    assert store.read().events == ()
    store.append(small_org(), 0)
    with pytest.raises(OrgsimError, match="already there"):
        store.create()
    assert store.read().events == tuple(small_org())


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_the_first_append_creates_a_chained_log(tmp_path: Path, suffix: str) -> None:
    store = open_store(tmp_path / f"log{suffix}")
    store.append(small_org(), 0)
    found = store.verify()
    assert (found.count, found.name) == (5, str(tmp_path / f"log{suffix}"))


def test_memory_places_are_event_numbers() -> None:
    assert MemoryStore(small_org()).read().place(3) == "<memory>, event #3"


def test_a_memory_log_has_no_chain_to_verify() -> None:
    with pytest.raises(NoHashChain, match="a memory log keeps no hash chain"):
        MemoryStore(small_org()).verify()
