"""What the tests share: builders of small logs, one CLI runner, one marker for Graphviz.

One place for each, so that a test reads the same wherever it is, and a change (a new option of
the runner, a new builder) is made once.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner, Result

from orgsim import CreateRole, Event, Hire
from orgsim.cli import main
from orgsim.strategies import numbered

__all__ = ["SOURCE", "needs_dot", "numbered", "run", "small_org"]

SOURCE = "https://example.org/news"

#: For tests that draw with Graphviz's ``dot`` program (CI installs it).
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")


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


def run(*args: str, stdin: str | None = None) -> Result:
    """``orgsim ARGS`` through click's runner: exit code, stdout and stderr apart, and any
    exception that is not an ``OrgsimError`` raised in the test rather than hidden."""
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
