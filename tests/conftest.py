"""Shared fixtures: small logs written the way a user would write them."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import orgsim
from orgsim import Event, encode_line
from tests.helpers import small_org
from tests.postgres_server import bindir, postgres_server


@pytest.fixture
def write_log(tmp_path: Path) -> Callable[[list[Event]], Path]:
    """Write events to a .jsonl file and return its path."""

    def write(events: list[Event], name: str = "log.jsonl") -> Path:
        path = tmp_path / name
        path.write_text("".join(encode_line(e) + "\n" for e in events), encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_log(write_log: Callable[[list[Event]], Path]) -> Path:
    return write_log(small_org())


@pytest.fixture
def openai() -> orgsim.Organisation:
    return orgsim.load("openai")


settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile("default")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server the tests start themselves (see tests/postgres_server.py).

    Skipped where the server's binaries are missing, unless ORGSIM_REQUIRE_POSTGRES is set (CI
    sets it, so there the PostgreSQL tests must run)."""
    if bindir() is None:
        message = "PostgreSQL's initdb and pg_ctl not found (apt-get install postgresql)"
        if os.environ.get("ORGSIM_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    pytest.importorskip("psycopg", reason="pip install 'orgsim[postgres]' for the driver")
    with postgres_server() as url:
        yield url


_LOGS = itertools.count(1)


@pytest.fixture
def postgres_log(postgres_url: str) -> str:
    """The URL of a log of its own in the test server's database (not created yet)."""
    return f"{postgres_url}&log=t{next(_LOGS)}"


#: The news articles the OpenAI dataset was first built from: beside the project's own checkout
#: (its maintainers'), not in a clone of the repository.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "seeds: needs the seed articles in ../shared/seeds")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests that need the maintainers' seed articles when they are not here: a
    user's test run should hold nothing a user cannot act on."""
    if SEEDS.is_dir():
        return
    drop = [item for item in items if item.get_closest_marker("seeds")]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [item for item in items if item not in drop]
