"""Shared fixtures: small logs written the way a user would write them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

import orgsim
from orgsim import CreateRole, Event, Hire, encode_line
from orgsim.strategies import numbered

SOURCE = "https://example.org/news"


def small_org() -> list[Event]:
    """A CEO with a CTO reporting to them, both filled, and one person without a role."""
    return numbered(
        [
            CreateRole(on="2020-01-01", source=SOURCE, role="ceo", title="Chief Executive"),
            CreateRole(on="2020-01-01", source=SOURCE, role="cto", title="CTO", reports_to="ceo"),
            Hire(on="2020-01-02", source=SOURCE, person="ann", name="Ann Lee", role="ceo"),
            Hire(on="2020-02", source=SOURCE, person="bob", name="Bob Roy", role="cto"),
            Hire(on="2020-03-01", source=SOURCE, person="cy", name="Cy Moss"),
        ]
    )


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
