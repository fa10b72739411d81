"""The documentation's Python examples run as written, in order, in an empty directory."""

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def run_page(page: Path) -> None:
    """Run every Python block of ``page`` in order, in one namespace, as a reader would."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in BLOCK.findall(page.read_text(encoding="utf-8")):
        exec(block, namespace)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"{page.name} block {number}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{page.name}, block {number} failed: {error!r}\n{block}")


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
