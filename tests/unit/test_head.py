"""A chain anchored outside the log: the head every append reports, --expect, and the pin.

Each tampering below is one an unanchored chain cannot see (it is accepted by a plain read):
the test shows that first, then that the head catches it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import orgsim
from orgsim import HeadMismatch, Hire, NoHashChain, OrgsimError
from orgsim.store import Head, open_store, pin
from orgsim.store.chain import GENESIS, digest
from orgsim.store.head import pin_path
from orgsim.store.jsonl import encode_jsonl
from tests.helpers import SOURCE as S
from tests.helpers import small_org


@pytest.fixture(params=["log.jsonl", "log.sqlite"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / str(request.param)
    orgsim.write_log(path, small_org())
    return path


def newcomer(n: int) -> Hire:
    return Hire(on="2020-06-01", source=S, person=f"new-{n}", name=f"New {n}")


def test_every_append_reports_the_new_head(log: Path) -> None:
    org = orgsim.load(log)
    assert org.head is None
    org.append(newcomer(1))
    found = orgsim.verify(log)
    assert org.head == Head(6, found.head) and found.seq == 6
    head = open_store(log).append([attrs_seq(newcomer(2), 7)], 6)
    assert head == Head(7, orgsim.verify(log).head)


def attrs_seq(event: Hire, seq: int) -> Hire:
    return attrs.evolve(event, seq=seq)


def test_expect_proves_the_log_still_holds_a_head_and_counts_what_came_after(log: Path) -> None:
    head = Head(5, orgsim.verify(log).head)
    orgsim.load(log).append(newcomer(1), newcomer(2))
    found = orgsim.verify(log, expect=str(head))
    assert found.expected == head and found.since == 2
    assert orgsim.verify(log, expect=Head(0, GENESIS)).since == 7
    with pytest.raises(HeadMismatch, match="hashes to"):
        orgsim.verify(log, expect=Head(4, head.hash))


def rewrite_jsonl(path: Path, change: Callable[[list[dict[str, object]]], None]) -> None:
    """Rewrite a JSON Lines log through `change` and recompute its whole chain, as an attacker
    who knows the format would."""
    events = [json.loads(line) for line in path.read_text().splitlines()]
    for event in events:
        event.pop("prev")
    change(events)
    path.write_bytes(encode_jsonl([orgsim.decode(e) for e in events]))


TAMPERING: dict[str, Callable[[Path], object]] = {
    "the last lines dropped": lambda p: p.write_bytes(
        b"".join(p.read_bytes().splitlines(keepends=True)[:3])
    ),
    "the last line rewritten, chain recomputed": lambda p: rewrite_jsonl(
        p, lambda events: events[-1].update(name="Someone Else")
    ),
    "a middle line edited, chain recomputed after it": lambda p: rewrite_jsonl(
        p, lambda events: events[1].update(title="Chief Tampering Officer")
    ),
    "prev stripped from every line": lambda p: p.write_text(
        "".join(
            json.dumps({k: v for k, v in json.loads(line).items() if k != "prev"}) + "\n"
            for line in p.read_text().splitlines()
        )
    ),
}


@pytest.mark.parametrize("tamper", list(TAMPERING), ids=list(TAMPERING))
def test_tampering_the_chain_cannot_see_is_caught_by_the_head(tamper: str, tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    orgsim.write_log(path, small_org())
    head = Head(5, orgsim.verify(path).head)
    TAMPERING[tamper](path)
    orgsim.load(path)  # the log still reads
    if tamper.startswith("prev stripped"):
        with pytest.raises(NoHashChain):  # only "no chain": nothing says there was one
            orgsim.verify(path)
    else:
        orgsim.verify(path)  # the chain alone sees nothing wrong
    with pytest.raises(HeadMismatch):
        orgsim.verify(path, expect=head)


@pytest.mark.parametrize("tamper", list(TAMPERING), ids=list(TAMPERING))
def test_a_pinned_head_catches_the_same_tampering_by_default(tamper: str, tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    orgsim.write_log(path, small_org())
    pin(path)
    orgsim.load(path).append(newcomer(1))  # the pin follows appends
    assert Head.parse(pin_path(path).read_text()) == Head(6, orgsim.verify(path).head)
    TAMPERING[tamper](path)
    with pytest.raises(HeadMismatch):
        orgsim.verify(path)
    before = path.read_bytes()
    with pytest.raises(OrgsimError):
        orgsim.load(path).append(newcomer(2))  # refused: the end no longer matches the pin
    assert path.read_bytes() == before


def test_a_pin_works_the_same_beside_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    orgsim.write_log(path, small_org())
    head = pin(path)
    org = orgsim.load(path)
    org.append(newcomer(1))
    assert Head.parse(pin_path(path).read_text()) == org.head != head
    assert orgsim.verify(path).expected == org.head


def test_a_pin_behind_the_log_is_what_a_crash_leaves_and_verify_says_so(log: Path) -> None:
    head = pin(log)
    store = open_store(log)
    pin_path(log).unlink()
    store.append([attrs_seq(newcomer(1), 6)], 5)  # appended while the pin was away
    pin_path(log).write_text(f"{head}\n")
    found = orgsim.verify(log)
    assert found.expected == head and found.since == 1


def test_the_head_of_an_empty_log_is_the_hash_of_nothing(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    orgsim.create(path)
    assert pin(path) == Head(0, digest(b""))


def test_heads_are_read_strictly() -> None:
    assert str(Head.parse(f" 12:{GENESIS}\n")) == f"12:{GENESIS}"
    for text in ("12", f"-1:{GENESIS}", f"12:{GENESIS[:-1]}", f"12:{GENESIS.upper()}"):
        with pytest.raises(OrgsimError, match="not a head"):
            Head.parse(text)


def test_the_bundled_log_cannot_be_pinned() -> None:
    with pytest.raises(OrgsimError, match="read-only"):
        pin("openai")
