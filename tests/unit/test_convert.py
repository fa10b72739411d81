"""Converting between the stores: lossless both ways, never over an existing file."""

from pathlib import Path

import pytest

import orgsim
from orgsim import JsonlStore, OrgsimError, open_store
from tests.helpers import small_org


def test_jsonl_to_sqlite_and_back_is_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    JsonlStore(source).append(small_org(), 0)
    there = orgsim.convert(source, tmp_path / "b.sqlite")
    back = orgsim.convert(tmp_path / "b.sqlite", tmp_path / "c.jsonl")
    assert (tmp_path / "c.jsonl").read_bytes() == source.read_bytes()
    assert there.head == back.head == JsonlStore(source).verify().head
    assert (there.count, back.name) == (5, str(tmp_path / "c.jsonl"))


def test_the_bundled_log_converts_and_comes_back_identical(tmp_path: Path) -> None:
    orgsim.convert("openai", tmp_path / "openai.db")
    orgsim.convert(tmp_path / "openai.db", tmp_path / "openai.jsonl")
    bundled = open_store("openai")
    assert isinstance(bundled, JsonlStore)
    assert (tmp_path / "openai.jsonl").read_bytes() == bundled.path.read_bytes()


def test_a_log_without_a_chain_converts_to_a_chained_one(small_log: Path, tmp_path: Path) -> None:
    found = orgsim.convert(small_log, tmp_path / "chained.jsonl")
    assert found.count == 5
    assert orgsim.load(tmp_path / "chained.jsonl").events == orgsim.load(small_log).events


def test_convert_never_writes_over_a_file(small_log: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken.sqlite"
    target.write_bytes(b"precious")
    with pytest.raises(OrgsimError, match="already there"):
        orgsim.convert(small_log, target)
    assert target.read_bytes() == b"precious"
    with pytest.raises(OrgsimError, match="already there"):
        orgsim.convert(small_log, small_log)
