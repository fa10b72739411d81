"""The notebook how-to prints what it shows: each ``text`` block after a Python block is that
block's output (test_docs.py runs every page; this one reads the answers too)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.helpers import optional_module

PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "notebooks.md"
BLOCKS = re.compile(r"^```(python|text)\n(.*?)^```", re.S | re.M)


def shown(page: Path) -> list[tuple[str, str | None]]:
    """Each Python block of ``page``, with the output the page shows after it (if it does)."""
    pairs: list[tuple[str, str | None]] = []
    for kind, body in BLOCKS.findall(page.read_text(encoding="utf-8")):
        if kind == "python":
            pairs.append((body, None))
        else:
            assert pairs and pairs[-1][1] is None, "a text block follows no Python block"
            pairs[-1] = (pairs[-1][0], body)
    return pairs


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").splitlines()]


def test_the_page_prints_what_it_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    optional_module("pandas", "pandas")
    optional_module("pyarrow", "pandas")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    checked = 0
    for number, (code, expected) in enumerate(shown(PAGE), start=1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{PAGE.name} block {number}", "exec"), namespace)
        if expected is not None:
            assert lines(out.getvalue()) == lines(expected), f"block {number}"
            checked += 1
    assert checked == 7
    assert (tmp_path / "tenures.parquet").is_file()
