"""Every script in examples/ runs to the end, as its docstring says to run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import needs_dot

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "examples").glob("*.py"))


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 8


@needs_dot
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_the_example_runs(script: Path, tmp_path: Path) -> None:
    assert f"Run: python examples/{script.name}" in script.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), f"{script.name} printed nothing"
