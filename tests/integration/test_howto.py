"""The console sessions of the how-to pages, run in an empty directory: the output shown is the
output you get. A line ``...`` stands for any lines; ``...`` within a line for any text."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli import main
from tests.helpers import needs_dot

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ROOT / "docs" / "how-to" / "simulate-and-what-if.md",
    ROOT / "docs" / "how-to" / "import-a-spreadsheet.md",
    ROOT / "docs" / "how-to" / "questions-across-time.md",
    ROOT / "docs" / "how-to" / "many-organisations.md",
    ROOT / "docs" / "how-to" / "forecast.md",
    ROOT / "docs" / "how-to" / "matrix-reporting.md",
]
#: The log a page builds (its name there, and in docs/examples/), for the image drawn from it.
EXAMPLES = {"matrix-reporting.md": ("acme.jsonl", "acme-matrix.jsonl")}
#: Published data a page works on (``<!-- external: PATH -->``), from shared/external/.
EXTERNAL = ROOT.parent / "shared" / "external"
NEEDS = re.compile(r"<!-- external: (\S+) -->")
FILE = re.compile(r"^```\w+ file=(\S+)\n(.*?)^```", re.S | re.M)
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)


def sessions(text: str) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` of the page's console blocks, with the lines shown after it."""
    found: list[tuple[str, list[str]]] = []
    for block in CONSOLE.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[skip:]) for skip in range(len(actual) + 1))
    if not actual:
        return False
    if "..." in head:  # "..." within a line stands for any text there
        pattern = ".*".join(re.escape(part) for part in head.split("..."))
        return re.fullmatch(pattern, actual[0]) is not None and matches(rest, actual[1:])
    return head == actual[0] and matches(rest, actual[1:])


def test_matching_allows_only_what_the_dots_say() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a b..."], ["a b c"])
    assert matches(["x (...) y"], ["x (2 years) y"]) and not matches(["x (...)"], ["y (1)"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", "..."], ["b"])


@needs_dot
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_console_sessions_print_what_the_page_shows(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = page.read_text(encoding="utf-8")
    for needed in NEEDS.findall(text):
        if not (EXTERNAL / needed).is_file():
            pytest.skip(f"{needed} (shared/external/) is not beside this checkout")
        shutil.copy(EXTERNAL / needed, tmp_path)
    monkeypatch.chdir(tmp_path)
    for name, content in FILE.findall(text):
        (tmp_path / name).write_text(content, encoding="utf-8")
    ran = 0
    for command, shown in sessions(text):
        words = shlex.split(command)
        assert words[0] == "orgsim", command
        result = CliRunner().invoke(main, words[1:], catch_exceptions=False)
        actual = result.output.splitlines()
        assert matches(shown, actual), f"$ {command}\n" + "\n".join(actual)
        ran += 1
    assert ran >= 4
    example = EXAMPLES.get(page.name)
    if example is not None:  # the log the page builds is the one its image is drawn from
        assert (tmp_path / example[0]).read_bytes() == (
            ROOT / "docs" / "examples" / example[1]
        ).read_bytes()


@needs_dot
def test_the_readme_story_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's section on where OpenAI's leaders went is a console session like the
    pages' (the README's other blocks list commands without their output)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where OpenAI's leaders went", 1)[1].split("\n## ", 1)[0]
    monkeypatch.chdir(tmp_path)
    found = sessions(section)
    assert len(found) == 3
    for command, shown in found:
        result = CliRunner().invoke(main, shlex.split(command)[1:], catch_exceptions=False)
        assert matches(shown, result.output.splitlines()), f"$ {command}\n{result.output}"


def test_the_example_overlay_is_the_one_the_page_shows() -> None:
    text = PAGES[0].read_text(encoding="utf-8")
    shown = dict(FILE.findall(text))["pachocki-leaves.jsonl"]
    assert shown == (ROOT / "docs" / "examples" / "pachocki-leaves.jsonl").read_text()
