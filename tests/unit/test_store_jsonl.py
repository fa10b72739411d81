"""The JSON Lines store: strict reading, the hash chain, torn lines and their repair."""

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from orgsim import (
    ChainBroken,
    Hire,
    JsonlStore,
    LogFormatError,
    NoHashChain,
    NotFound,
    OrgsimError,
    ReadOnlyLog,
    TornLine,
    encode_line,
    open_store,
)
from tests.helpers import small_org


def sha(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


@pytest.fixture
def chained(tmp_path: Path) -> Path:
    """The small organisation, written by the store (so with its hash chain)."""
    path = tmp_path / "chained.jsonl"
    JsonlStore(path).append(small_org(), 0)
    return path


def test_reads_back_what_was_written(small_log: Path) -> None:
    assert JsonlStore(small_log).read().events == tuple(small_org())


def test_an_empty_file_is_an_empty_log(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert JsonlStore(path).read().events == ()
    assert JsonlStore(path).verify().head == sha(b"")


def test_crlf_line_ends_are_accepted_in_a_log_without_a_chain(small_log: Path) -> None:
    small_log.write_bytes(small_log.read_bytes().replace(b"\n", b"\r\n"))
    assert JsonlStore(small_log).read().events == tuple(small_org())


@pytest.mark.parametrize("line", [1, 3, 5])
def test_a_carriage_return_added_to_any_chained_line_is_caught(chained: Path, line: int) -> None:
    lines = chained.read_bytes().split(b"\n")
    lines[line - 1] += b"\r"
    chained.write_bytes(b"\n".join(lines))
    with pytest.raises(ChainBroken) as caught:
        JsonlStore(chained).read()
    assert caught.value.line == line and "carriage return" in str(caught.value)


def lines_of(events: list[str]) -> bytes:
    return "".join(e + "\n" for e in events).encode()


GOOD = [encode_line(e) for e in small_org()]


def with_line_2(text: str) -> bytes:
    return lines_of(GOOD[:1] + [text])


@pytest.mark.parametrize(
    ("data", "line", "problem"),
    [
        (lines_of(GOOD)[:-20], 5, "torn line"),
        (lines_of(GOOD[:2] + [""] + GOOD[2:]), 3, "blank line"),
        (lines_of(GOOD[:1] + GOOD[2:]), 2, "has seq 3 where 2 was expected"),
        (lines_of(GOOD[:2] + GOOD[1:]), 3, "has seq 2 where 3 was expected"),
        (b"\xef\xbb\xbf" + lines_of(GOOD), 1, "byte-order mark"),
        (lines_of(GOOD[:3]) + b"\xff\xfe\x00garbage\n", 4, "not UTF-8"),
        (with_line_2('{"seq": 2, "kind": "hire"}'), 2, "missing field(s)"),
        (with_line_2('{"seq": 2, "kind": "fire", "on": "2020"}'), 2, "unknown event kind"),
        (lines_of(GOOD[:1] + ["x" * 10_000_000]), 2, "not valid JSON"),
        (with_line_2(GOOD[1][:-1] + ', "salary": 1}'), 2, "unexpected field(s)"),
        (with_line_2(GOOD[1].replace('"2020-01-01"', '"2024-02-30"')), 2, "2024-02-30"),
        (with_line_2(GOOD[1].replace('"2020-01-01"', '"0000"')), 2, "0000"),
        (with_line_2(GOOD[1].replace('"2020-01-01"', '"last spring"')), 2, "last spring"),
        (with_line_2(GOOD[1].replace('"2020-01-01"', "20200101")), 2, "must be a date string"),
        (with_line_2('{"seq": ' + "9" * 5000 + "}"), 2, "a number too long to read"),
        (with_line_2("[1, 2]"), 2, "must be a JSON object"),
        (with_line_2(GOOD[1][:-1] + ', "seq": 2}'), 2, "given twice: seq"),
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


def test_missing_file_or_a_directory_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such log file"):
        JsonlStore(tmp_path / "nope.jsonl").read()
    with pytest.raises(NotFound, match="is a directory"):
        JsonlStore(tmp_path).read()


def test_the_store_writes_a_hash_chain_as_the_last_key_of_each_line(chained: Path) -> None:
    lines = chained.read_bytes().splitlines()
    previous = [sha(b"")] + [sha(line) for line in lines[:-1]]
    for line, prev, event in zip(lines, previous, small_org(), strict=True):
        assert line == (encode_line(event)[:-1] + f', "prev": "{prev}"}}').encode()
    assert JsonlStore(chained).verify().head == sha(lines[-1])


def test_appends_continue_the_chain(chained: Path) -> None:
    store = JsonlStore(chained)
    store.append([Hire(seq=6, on="2021", source="s", person="dee", name="Dee")], 5)
    lines = chained.read_bytes().splitlines()
    assert json.loads(lines[-1])["prev"] == sha(lines[-2])
    assert store.verify().count == 6


def test_a_log_written_without_a_chain_stays_readable_and_unchained(small_log: Path) -> None:
    store = JsonlStore(small_log)
    store.append([Hire(seq=6, on="2021", source="s", person="dee", name="Dee")], 5)
    assert b'"prev"' not in small_log.read_bytes()
    assert len(store.read().events) == 6
    with pytest.raises(NoHashChain, match=r"no hash chain \(6 events.*orgsim convert"):
        store.verify()


def edit(path: Path, change: Callable[[list[bytes]], list[bytes]]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in change(path.read_bytes().splitlines())))


def renamed(lines: list[bytes]) -> list[bytes]:
    return [lines[0], lines[1].replace(b"CTO", b"CIO")] + lines[2:]


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (renamed, 3, "line 2 or this one was edited"),
        (lambda ls: ls[:1] + ls[2:], 2, "the hash chain breaks here"),  # deleted
        (lambda ls: [ls[0], ls[2], ls[1]] + ls[3:], 2, "the hash chain breaks here"),  # moved
        (lambda ls: ls[:3] + ls[2:], 4, "the hash chain breaks here"),  # inserted (a copy)
        (lambda ls: ls[1:], 1, "does not start here"),  # the first line deleted
        (lambda ls: ls[:2] + [GOOD[2].encode()] + ls[3:], 3, "no 'prev' hash, but line 1"),
        (lambda ls: [GOOD[0].encode()] + ls[1:], 2, "a 'prev' hash, but line 1 has none"),
    ],
    ids=["edited", "deleted", "moved", "inserted", "first-deleted", "unchained", "mixed"],
)
def test_a_changed_line_breaks_the_chain_at_the_first_line_that_shows_it(
    chained: Path, change: Callable[[list[bytes]], list[bytes]], line: int, problem: str
) -> None:
    edit(chained, change)
    for check in (JsonlStore(chained).read, JsonlStore(chained).verify):
        with pytest.raises(ChainBroken) as caught:
            check()
        assert caught.value.line == line
        assert str(caught.value).startswith(f"{chained}, line {line}: ")
        assert problem in str(caught.value)


def test_a_rewritten_last_line_is_only_seen_against_a_head_kept_elsewhere(chained: Path) -> None:
    head = JsonlStore(chained).verify().head
    edit(chained, lambda ls: ls[:-1] + [ls[-1].replace(b"Cy Moss", b"Cy Mass")])
    assert JsonlStore(chained).verify().head != head


def torn(path: Path, cut: int = 10) -> bytes:
    """Cut the end off the last line, as a crash in the middle of a write would."""
    data = path.read_bytes()
    path.write_bytes(data[:-cut])
    return data[data.rstrip(b"\n").rfind(b"\n") + 1 : -cut]


def test_a_torn_last_line_refuses_reads_and_appends(chained: Path) -> None:
    tail = torn(chained)
    with pytest.raises(TornLine) as caught:
        JsonlStore(chained).read()
    assert (caught.value.line, caught.value.tail) == (5, tail)
    assert "`orgsim repair` moves it aside" in str(caught.value)
    before = chained.read_bytes()
    with pytest.raises(TornLine):
        JsonlStore(chained).append([Hire(seq=5, on="2021", source="s", person="x", name="X")], 4)
    assert chained.read_bytes() == before


def test_repair_moves_the_torn_line_aside_and_the_log_goes_on(chained: Path) -> None:
    whole = chained.read_bytes()
    tail = torn(chained)
    store = JsonlStore(chained)
    found = store.torn_tail()
    assert found is not None and found.offset == len(whole) - len(tail) - 10
    side = store.repair(found)
    assert re.fullmatch(r"chained\.jsonl\.torn-\d{8}T\d{6}\.\d{6}Z", side.name)
    assert side.parent == chained.parent and side.read_bytes() == tail
    assert chained.read_bytes() == whole[: found.offset]
    assert store.torn_tail() is None
    store.append([Hire(seq=5, on="2021", source="s", person="x", name="X")], 4)
    assert store.verify().count == 5


def test_a_log_that_is_one_torn_line_repairs_to_an_empty_log(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_bytes(GOOD[0][:30].encode())
    store = JsonlStore(path)
    found = store.torn_tail()
    assert found is not None and (found.line, found.offset) == (1, 0)
    store.repair(found)
    assert store.read().events == ()


def test_repair_refuses_when_the_log_changed_since_it_was_examined(chained: Path) -> None:
    torn(chained)
    store = JsonlStore(chained)
    found = store.torn_tail()
    assert found is not None
    with chained.open("ab") as more:
        more.write(b"x")
    with pytest.raises(OrgsimError, match="changed while it was being repaired"):
        store.repair(found)
    assert not list(chained.parent.glob("*.torn-*"))


def test_last_seq_is_read_from_the_tail_of_a_long_log(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    store = JsonlStore(path)
    events = [
        Hire(seq=n, on="2021", source="s" * 5000, person=f"p{n}", name="P") for n in range(1, 60)
    ]
    store.append(events, 0)
    store.append([Hire(seq=60, on="2021", source="s", person="last", name="L")], 59)
    assert store.verify().count == 60


def test_bundled_log_is_read_only() -> None:
    store = open_store("openai")
    assert isinstance(store, JsonlStore)
    with pytest.raises(ReadOnlyLog):
        store.append([Hire(seq=1, on="2021", source="s", person="x", name="X")], 0)
    assert store.title == "OpenAI"
    assert store.torn_tail() is None


def test_the_bundled_log_is_chained_and_exactly_what_the_store_writes(tmp_path: Path) -> None:
    bundled = open_store("openai")
    assert isinstance(bundled, JsonlStore)
    events = bundled.read().events
    copy = tmp_path / "copy.jsonl"
    JsonlStore(copy).append(events, 0)
    assert bundled.path.read_bytes() == copy.read_bytes()


def test_file_place_is_the_line(small_log: Path) -> None:
    assert JsonlStore(small_log).read().place(4) == f"{small_log}, line 4"
