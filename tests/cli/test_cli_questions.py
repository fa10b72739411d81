"""history, succession, diff and churn from the command line, text and JSON, with --known-on."""

import json
from pathlib import Path

import pytest

from tests.helpers import run


def test_history_by_name_text_and_json(small_log: Path) -> None:
    text = run("history", "bob roy", "--log", str(small_log))
    assert text.exit_code == 0
    assert text.output.splitlines()[:3] == [
        "Bob Roy (bob)",
        "  joined Feb 2020",
        "    CTO: since Feb 2020 (about 4 weeks so far)",
    ]
    data = json.loads(run("history", "bob", "--log", str(small_log), "--format", "json").output)
    assert data["person"] == "bob" and data["stays"][0]["roles"][0]["role"] == "cto"
    assert data["stays"][0]["spell"]["start"] == "2020-02"
    assert data["stays"][0]["spell"]["end_source"] is None  # bob is still there


def test_succession_by_title(small_log: Path) -> None:
    result = run("succession", "Chief Executive", "--log", str(small_log))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Chief Executive (ceo), created 1 Jan 2020",
        "  (vacant): 1 Jan 2020 to 2 Jan 2020 (1 day)",
        "  Ann Lee: since 2 Jan 2020 (8 weeks so far)",
    ]


def test_lookups_that_fail_say_so(small_log: Path) -> None:
    result = run("history", "zed", "--log", str(small_log))
    assert result.exit_code == 1
    assert result.output == "orgsim: error: no person matches 'zed'\n"


def test_diff_and_churn_need_from(small_log: Path) -> None:
    for command in ("diff", "churn"):
        result = run(command, "--log", str(small_log))
        assert result.exit_code == 2 and "Missing option '--from'" in result.output


def test_diff_text(small_log: Path) -> None:
    result = run("diff", "--from", "2020-01-01", "--to", "2020-03-01", "--log", str(small_log))
    assert result.output.splitlines() == [
        "Changes from 1 Jan 2020 to 1 Mar 2020",
        "Joined: Ann Lee, Bob Roy, Cy Moss",
        "Filled: Chief Executive, CTO",
    ]


def test_churn_json(small_log: Path) -> None:
    result = run(
        "churn",
        "--from",
        "2020-01-01",
        "--to",
        "2020-03-31",
        "--log",
        str(small_log),
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert [(p["label"], p["arrivals"]) for p in data["periods"]] == [
        ("2020-01", 1),
        ("2020-02", 1),
        ("2020-03", 1),
    ]
    assert data["arrivals"] == ["ann", "bob", "cy"]


@pytest.fixture
def bundled() -> str:
    return "openai"


def test_openai_what_was_known_on_2024_09_26_versus_now(bundled: str) -> None:
    """The day after the September 2024 departures, the news had not yet reported that Zoph
    had taken over post-training in August, nor that Fedus took over in October."""
    then = run("succession", "post-training-lead", "--known-on", "2024-09-26")
    now = run("succession", "post-training-lead")
    assert "Barret Zoph" not in then.output and "Liam Fedus" not in then.output
    assert "(vacant): since 5 Aug 2024" in then.output
    assert "Barret Zoph: 5 Aug 2024 to 25 Sep 2024" in now.output and "Liam Fedus" in now.output
    murati_then = run("history", "Mira Murati", "--known-on", "2024-09-26")
    assert "left 25 Sep 2024: resigned" in murati_then.output


def test_openai_churn_2024_shows_post_training_turnover(bundled: str) -> None:
    result = run("churn", "--from", "2024-01-01", "--to", "2024-12-31", "--by", "quarter")
    assert result.exit_code == 0
    assert "Head of Post-Training: 3 holders (John Schulman, Barret Zoph, Liam Fedus)" in (
        result.output
    )
