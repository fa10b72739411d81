"""What the tests share: builders of small logs, one CLI runner, one marker for Graphviz.

One place for each, so that a test reads the same wherever it is, and a change (a new option of
the runner, a new builder) is made once.
"""

from __future__ import annotations

import importlib
import os
import pty
import shutil
import subprocess
import sys
import threading
from typing import Any

import pytest
from click.testing import CliRunner, Result

from orgsim import Chart, CreateRole, Event, Hire, PartialDate, Timeline
from orgsim.cli import main
from orgsim.strategies import numbered
from orgsim.views import chart_data
from orgsim.views.steps import timeline_data, timeline_states

__all__ = [
    "REQUIRE_EXTRAS",
    "SOURCE",
    "assert_steps_rebuild_charts",
    "needs_dot",
    "numbered",
    "optional_module",
    "run",
    "run_on_terminal",
    "run_piped",
    "small_org",
]

SOURCE = "https://example.org/news"

#: For tests that draw with Graphviz's ``dot`` program (CI installs it).
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")

#: Set (CI sets it) when every optional package the tests can use must be installed, so that a
#: test needing one fails instead of skipping: a green run then never hides a missing install.
REQUIRE_EXTRAS = os.environ.get("ORGSIM_REQUIRE_EXTRAS") == "1"


def optional_module(name: str, extra: str) -> Any:
    """The module ``name`` that orgsim's ``extra`` installs, for a test that needs it: skipped
    when it is missing (``pytest.importorskip``), failed when ORGSIM_REQUIRE_EXTRAS=1."""
    reason = f"{name} is not installed: pip install 'orgsim[{extra}]'"
    if REQUIRE_EXTRAS:
        try:
            return importlib.import_module(name)
        except ImportError:
            pytest.fail(f"ORGSIM_REQUIRE_EXTRAS=1 but {reason}")
    return pytest.importorskip(name, reason=reason)


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


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from orgsim.cli import main; main()", *args]


def run_piped(*args: str) -> bytes:
    """``orgsim ARGS`` in a child process with standard error piped: what it wrote there."""
    return subprocess.run(_command(*args), capture_output=True, check=True).stderr


def run_on_terminal(*args: str) -> str:
    """``orgsim ARGS`` in a child process whose standard error is a terminal (a pty): what it
    showed there, for progress bars, which appear only on a terminal."""
    leader, follower = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:  # read as it comes, so a full terminal buffer never blocks the child
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        subprocess.run(_command(*args), stdout=subprocess.DEVNULL, stderr=follower, check=True)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    return b"".join(seen).decode("utf-8", "replace")


def _as_page_state(chart: Chart) -> dict[str, Any]:
    """A chart in the shape of :func:`timeline_states`: its JSON data (:func:`chart_data`) with
    each holder's start as a label, people without their joining date, roles sorted."""
    data = chart_data(chart)
    for role in data["roles"]:
        if role["holder"] is not None:
            since = PartialDate.parse(role["holder"].pop("since"))
            role["holder"]["since_label"] = since.label()
    people = [
        {"id": p["id"], "name": p["name"], "roles": sorted(p["roles"]), "on_leave": p["on_leave"]}
        for p in data["people"]
    ]
    return {"roles": data["roles"], "people": people}


def assert_steps_rebuild_charts(timeline: Timeline) -> None:
    """The timeline page's data has one step per date with a change, and applying its
    differences step by step gives, on every step, the chart on that step's date."""
    data = timeline_data(timeline, "test")
    days = sorted({event.on.start for event in timeline.applied})
    assert [step["date"] for step in data["steps"]] == [day.isoformat() for day in days]
    for day, state in zip(days, timeline_states(data), strict=True):
        state["people"] = [dict(p, roles=sorted(p["roles"])) for p in state["people"]]
        assert state == _as_page_state(Chart.at(timeline, day)), f"differs on {day}"
