"""What a new user ran into in an afternoon: starting a log, questions asked backwards, dates
past the data, names mistyped, corrections made safely."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import orgsim
from orgsim import Depart, Hire, Retract, RuleViolation
from tests.helpers import SOURCE as S
from tests.helpers import needs_dot, run


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_init_starts_a_log_and_refuses_an_existing_one(tmp_path: Path, suffix: str) -> None:
    log = tmp_path / f"new{suffix}"
    missing = run("role", "create", "ceo", "--title", "CEO", "--source", S, "--log", str(log))
    assert missing.exit_code == 1 and f"`orgsim init {log}` starts one" in missing.stderr
    assert run("init", str(log)).stdout.startswith(f"created {log}: an empty log")
    made = run("role", "create", "ceo", "--title", "CEO", "--source", S, "--log", str(log))
    assert made.exit_code == 0
    again = run("init", str(log))
    assert again.exit_code == 1 and "already there" in again.stderr
    assert len(orgsim.load(log).events) == 1


@pytest.mark.parametrize("command", [["show"], ["diff"], ["role", "create"], ["import", "csv"]])
def test_dash_h_is_help_everywhere(command: list[str]) -> None:
    result = run(*command, "-h")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--from", "2024-10-01", "--to", "2024-06-01"], "--from 2024-10-01 is after --to"),
        (["churn", "--from", "2024-12-31", "--to", "2024-01-01"], "--from 2024-12-31 is after"),
        (
            ["render", "--date", "2024-01-01", "--since", "2024-06-01"],
            "--since 2024-06-01 is after",
        ),
    ],
)
def test_a_range_given_backwards_is_a_usage_error(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_required_options_say_so() -> None:
    assert "[required]" in run("diff", "-h").stdout.split("--from", 1)[1].split("\n")[0]
    assert "Missing option '--from'" in run("churn").stderr


def test_a_date_past_or_before_the_data_gets_a_note() -> None:
    late = run("show", "--date", "2030-01-01")
    assert late.exit_code == 0
    last = max(e.on.start for e in orgsim.load("openai").timeline().applied)
    label = orgsim.PartialDate.of(last).label()
    assert late.stderr == f"orgsim: note: the log ends on {label}; later changes are not known\n"
    early = run("show", "--date", "2010-01-01")
    assert "the log starts on 11 Dec 2015" in early.stderr
    assert run("show", "--date", "2024-10-01").stderr == ""


def test_a_mistyped_name_suggests_the_nearest() -> None:
    result = run("history", "Kingma Durk")
    assert result.exit_code == 1
    assert "no person matches 'Kingma Durk'; did you mean 'Durk Kingma'?" in result.stderr
    assert (
        "did you mean 'Chief Technology Officer'"
        in run("succession", "Cheif Technology Officer").stderr
    )
    assert "did you mean 'Ilya Sutskever'?" in run("history", "ilya").stderr
    assert "did you mean" not in run("history", "il").stderr  # too short to be a word of a name


@pytest.fixture
def story(tmp_path: Path) -> Path:
    log = tmp_path / "acme.jsonl"
    orgsim.write_log(
        log,
        orgsim.strategies.numbered(
            [
                orgsim.CreateRole(on="2024-01-01", source=S, role="ceo", title="CEO"),
                Hire(on="2024-01-02", source=S, person="ada", name="Ada", role="ceo"),
                Hire(on="2024-02-01", source=S, person="bob", name="Bob"),
            ]
        ),
    )
    return log


def test_retract_shows_what_it_withdraws_and_asks_on_a_terminal(
    story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["orgsim.cli.append"], "_interactive", lambda: True)
    before = story.read_bytes()
    declined = run(
        "retract", "3", "--reason", "wrong", "--source", S, "--log", str(story), stdin="n\n"
    )
    assert declined.exit_code == 1
    assert f"withdrawing #3 hire 2024-02-01 bob ({story}, line 3):" in declined.stderr
    assert story.read_bytes() == before
    agreed = run("retract", "3", "--reason", "wrong", "--source", S, "--log", str(story), "--yes")
    assert agreed.exit_code == 0 and '"target": 3' in agreed.stdout
    assert run("retract", "9", "--reason", "x", "--source", S, "--log", str(story)).exit_code == 2


def test_a_refused_retraction_names_itself(story: Path) -> None:
    org = orgsim.load(story)
    with pytest.raises(RuleViolation) as caught:
        org.append(Retract(on="2024-03-01", source=S, target=1, reason="no such role"))
    message = str(caught.value)
    assert "broken by event #4 retract" in message
    assert "retracting #1 would leave event #2 hire 2024-01-02 ada -> ceo broken" in message


def test_a_retraction_recorded_today_does_not_make_later_conflicts_late(story: Path) -> None:
    org = orgsim.load(story)
    org.append(Retract(on="2026-11-01", source=S, target=3, reason="never joined"))
    with pytest.raises(RuleViolation) as caught:  # Ada left in March: an ordinary conflict
        org.append(
            Depart(on="2024-03-01", source=S, person="ada", reason="resigned"),
            Depart(on="2024-04-01", source=S, person="ada", reason="resigned"),
        )
    assert caught.value.rule == 2  # presence, not "late arrival"


def test_the_questions_are_methods_that_take_what_the_cli_takes() -> None:
    org = orgsim.load("openai")
    assert org.history("Greg Brockman").person == "greg-brockman"
    assert org.succession("CTO").role == "cto"
    assert org.diff("2024-06-01", "2024-10-01") == orgsim.diff(
        org.timeline(), "2024-06-01", "2024-10-01"
    )
    assert org.churn("2024-01-01", "2024-12-31", by="quarter").periods[0].label == "2024-Q1"
    assert orgsim.history(org.timeline(), "Greg Brockman") == org.history("greg-brockman")
    with pytest.raises(orgsim.OrgsimError, match="runs backwards"):
        org.diff("2024-10-01", "2024-06-01")
    assert repr(org).endswith(f": {len(org.events)} events>")
    assert org.chart("2024-10-01").organisation == "OpenAI"


@needs_dot
def test_render_writes_the_format_its_suffix_names(tmp_path: Path) -> None:
    jpg, png, low = tmp_path / "out.jpg", tmp_path / "a.png", tmp_path / "low.png"
    assert run("render", "--date", "2024-10-01", "-o", str(jpg)).exit_code == 0
    assert jpg.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG, not SVG under a .jpg name
    bad = run("render", "--date", "2024-10-01", "-o", str(tmp_path / "out.xyz"))
    assert bad.exit_code == 1 and ".xyz is not one Graphviz writes" in bad.stderr
    run("render", "--date", "2024-10-01", "-o", str(png))
    run("render", "--date", "2024-10-01", "-o", str(low), "--dpi", "48")
    assert len(low.read_bytes()) < len(png.read_bytes()) / 2
    assert run("render", "--date", "2024-10-01", "--dpi", "48", "-o", "-").exit_code == 2


@needs_dot
def test_parts_of_a_chart_get_names_that_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("render", "--date", "2024-10-01")
    run("render", "--date", "2024-10-01", "--root", "Chief Scientist", "--depth", "1")
    run("render", "--date", "2024-10-01", "--since", "2024-06-01")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "orgchart-2024-10-01-chief-scientist-depth1.svg",
        "orgchart-2024-10-01-since-2024-06-01.svg",
        "orgchart-2024-10-01.svg",
    ]
