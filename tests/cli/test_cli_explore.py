"""``orgsim explore``: the explorer page from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.helpers import run


def test_explore_writes_the_page_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "openai.html"
    result = run("explore", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>OpenAI: explorer</title>" in page


def test_explore_writes_explorer_html_by_default_or_to_standard_output(
    tmp_path: Path, small_log: Path
) -> None:
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert run("explore", "--log", str(small_log)).stdout == "wrote explorer.html\n"
    finally:
        os.chdir(here)
    assert (tmp_path / "explorer.html").is_file()
    piped = run("explore", "--log", str(small_log), "-o", "-").stdout
    data = piped.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    assert json.loads(data)["scenario"] is None


def test_explore_as_known_on_a_day(small_log: Path) -> None:
    piped = run("explore", "--log", str(small_log), "--known-on", "2020-01-01", "-o", "-")
    data = piped.stdout.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    assert [step["date"] for step in json.loads(data)["steps"]] == ["2020-01-01"]


def test_a_page_that_cannot_be_written_is_one_error(tmp_path: Path) -> None:
    result = run("explore", "-o", str(tmp_path / "missing" / "page.html"))
    assert result.exit_code == 1
    assert result.stderr.startswith("orgsim: error: cannot write")
