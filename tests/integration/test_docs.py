"""The documentation's Python examples run as written, in order, in an empty directory.

A block that needs an optional package says so on the line before it, in a comment the site
does not show: ``<!-- needs: pandas -->``. Where the package is missing, that block is left
out (the page's other blocks must not depend on it) and the page's test is skipped afterwards,
naming the blocks; with ORGSIM_REQUIRE_EXTRAS=1 (CI) it fails instead.
"""

import importlib.util
import re
import runpy
from pathlib import Path

import pytest

from tests.helpers import REQUIRE_EXTRAS

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^(?:<!-- needs: ([\w., ]+) -->\n)?```python\n(.*?)^```", re.S | re.M)


def blocks(page: Path) -> list[tuple[list[str], str]]:
    """Every Python block of ``page``, in order, with the modules it needs beyond orgsim's own."""
    found = BLOCK.findall(page.read_text(encoding="utf-8"))
    return [([m.strip() for m in needs.split(",") if m.strip()], code) for needs, code in found]


def run_page(page: Path) -> None:
    """Run every Python block of ``page`` in order, in one namespace, as a reader would."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for _, block in blocks(page):
        exec(block, namespace)


def test_a_block_can_say_what_it_needs(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n```\n\n<!-- needs: pandas, pyarrow -->\n```python\ny = x\n```\n"
    )
    assert blocks(page) == [([], "x = 1\n"), (["pandas", "pyarrow"], "y = x\n")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    left_out: dict[int, list[str]] = {}
    for number, (needs, block) in enumerate(blocks(page), start=1):
        missing = [module for module in needs if importlib.util.find_spec(module) is None]
        if missing:
            left_out[number] = missing
            continue
        try:
            exec(compile(block, f"{page.name} block {number}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{page.name}, block {number} failed: {error!r}\n{block}")
    if left_out:
        missing = sorted({module for modules in left_out.values() for module in modules})
        reason = (
            f"{page.name}: block(s) {', '.join(map(str, left_out))} not run: "
            f"{', '.join(missing)} not installed (see the page for the extra to install)"
        )
        if REQUIRE_EXTRAS:
            pytest.fail(f"ORGSIM_REQUIRE_EXTRAS=1, but {reason}")
        pytest.skip(reason)


def test_tutorial_output_is_what_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    run_page(ROOT / "docs" / "tutorials" / "first-chart.md")
    out = capsys.readouterr().out
    assert out.startswith("#1 role 2024-01-08 ceo\n")
    assert "rule 1 (one holder)" in out
    assert "Ada Byron" in out and "['Alan Turing']" in out
    assert "True ['ada', 'grace']" in out


def test_the_readme_links_point_at_pages_that_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+\.md)\)", (ROOT / "README.md").read_text()):
        assert (ROOT / target).is_file(), target


def _generated(script: str) -> str:
    namespace = runpy.run_path(str(ROOT / "scripts" / script))
    return str(namespace["reference"]())


@pytest.mark.parametrize(
    ("script", "page"),
    [("cli_reference.py", "cli.md"), ("api_reference.py", "api.md")],
)
def test_generated_reference_pages_are_up_to_date(script: str, page: str) -> None:
    expected = _generated(script)
    actual = (ROOT / "docs" / "reference" / page).read_text(encoding="utf-8")
    assert actual == expected, f"run: python scripts/{script} > docs/reference/{page}"


def test_the_hypothesis_tutorial_finds_the_bug_and_then_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    run_page(ROOT / "docs" / "tutorials" / "hypothesis.md")
    out = capsys.readouterr().out
    assert "Hypothesis found an organisation where the spans do not add up" in out
    assert "the property holds for 200 generated organisations" in out
