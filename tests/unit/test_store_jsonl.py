from pathlib import Path

import pytest

from orgsim import (
    ConcurrentAppend,
    Hire,
    JsonlStore,
    LogFormatError,
    MemoryStore,
    NotFound,
    ReadOnlyLog,
    Store,
    encode_line,
    open_store,
)
from tests.conftest import small_org


def test_reads_back_what_was_written(small_log: Path) -> None:
    assert JsonlStore(small_log).read().events == tuple(small_org())


def test_an_empty_file_is_an_empty_log(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert JsonlStore(path).read().events == ()


def test_crlf_line_ends_are_accepted(small_log: Path) -> None:
    small_log.write_bytes(small_log.read_bytes().replace(b"\n", b"\r\n"))
    assert JsonlStore(small_log).read().events == tuple(small_org())


def lines_of(events: list[str]) -> bytes:
    return "".join(e + "\n" for e in events).encode()


GOOD = [encode_line(e) for e in small_org()]


@pytest.mark.parametrize(
    ("data", "line", "problem"),
    [
        (lines_of(GOOD)[:-20], 5, "torn line"),
        (lines_of(GOOD[:2] + [""] + GOOD[2:]), 3, "blank line"),
        (lines_of(GOOD[:1] + GOOD[2:]), 2, "has seq 3 where 2 was expected"),
        (lines_of(GOOD[:2] + GOOD[1:]), 3, "has seq 2 where 3 was expected"),
        (b"\xef\xbb\xbf" + lines_of(GOOD), 1, "byte-order mark"),
        (lines_of(GOOD[:3]) + b"\xff\xfe\x00garbage\n", 4, "not UTF-8"),
        (lines_of(GOOD[:1] + ['{"seq": 2, "kind": "hire"}']), 2, "missing field(s)"),
        (
            lines_of(GOOD[:1] + ['{"seq": 2, "kind": "fire", "on": "2020"}']),
            2,
            "unknown event kind",
        ),
        (lines_of(GOOD[:1] + ["x" * 10_000_000]), 2, "not valid JSON"),
    ],
)
def test_bad_logs_are_refused_with_their_line(
    tmp_path: Path, data: bytes, line: int, problem: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(data)
    with pytest.raises(LogFormatError) as caught:
        JsonlStore(path).read()
    assert caught.value.line == line
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{path}, line {line}: ")


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such log file"):
        JsonlStore(tmp_path / "nope.jsonl").read()


def test_append_creates_extends_and_flushes(tmp_path: Path) -> None:
    store = JsonlStore(tmp_path / "new.jsonl")
    events = small_org()
    store.append(events[:2], 0)
    store.append(events[2:], 2)
    assert store.read().events == tuple(events)


def test_append_refuses_a_stale_writer(small_log: Path) -> None:
    before = small_log.read_bytes()
    late = Hire(seq=5, on="2021", source="s", person="dee", name="Dee")
    with pytest.raises(ConcurrentAppend, match="ends at #5, not #4"):
        JsonlStore(small_log).append([late], 4)
    assert small_log.read_bytes() == before


def test_append_refuses_to_extend_a_torn_log(small_log: Path) -> None:
    torn = small_log.read_bytes()[:-10]
    small_log.write_bytes(torn)
    nxt = Hire(seq=6, on="2021", source="s", person="dee", name="Dee")
    with pytest.raises(LogFormatError, match="torn"):
        JsonlStore(small_log).append([nxt], 5)
    assert small_log.read_bytes() == torn


def test_last_seq_is_read_from_the_tail_of_a_long_log(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    store = JsonlStore(path)
    events = [
        Hire(seq=n, on="2021", source="s" * 5000, person=f"p{n}", name="P") for n in range(1, 60)
    ]
    store.append(events, 0)
    store.append([Hire(seq=60, on="2021", source="s", person="last", name="L")], 59)
    assert len(store.read().events) == 60


def test_bundled_log_is_read_only() -> None:
    store = open_store("openai")
    with pytest.raises(ReadOnlyLog):
        store.append([Hire(seq=1, on="2021", source="s", person="x", name="X")], 0)
    assert store.title == "OpenAI"


def test_memory_store_keeps_the_same_promises() -> None:
    store: Store = MemoryStore(small_org())
    assert store.read().events == tuple(small_org())
    with pytest.raises(ConcurrentAppend):
        store.append([Hire(seq=3, on="2021", source="s", person="x", name="X")], 2)
    assert store.read().place(3) == "<memory>, event #3"


def test_file_place_is_the_line(small_log: Path) -> None:
    assert JsonlStore(small_log).read().place(4) == f"{small_log}, line 4"
