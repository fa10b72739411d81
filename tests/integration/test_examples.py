"""Every example runs from any directory, prints what it teaches, and writes nothing there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Something each example must print: the point it makes.
SAYS = {
    "first_chart.py": "Acme on 1 Oct 2024\nChief Executive: Ada Byron (since 9 Jan 2024)\n"
    "  CTO: vacant",
    "november_2023.py": "Mon 20 Nov: CEO Emmett Shear (acting)",
    "backdated_refused.py": "rule 4 (late arrival) broken by event #3 hire 2024-02-01 ada -> cfo",
    "known_when.py": "As known on 26 Sep 2024:\nHead of Post-Training",
    "property_of_your_rule.py": "the property held for 300 generated organisations",
}


def test_every_example_is_checked() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(SAYS)


@pytest.mark.parametrize("name", sorted(SAYS))
def test_an_example_runs_anywhere_and_writes_nothing(name: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert SAYS[name] in result.stdout
    assert list(tmp_path.iterdir()) == []
