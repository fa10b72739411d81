"""Names that try to act on a terminal or a parser: refused when they are not text, and never
printed raw when they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orgsim
from orgsim import CreateRole, Hire, InvalidEvent
from orgsim.views.escape import json_text, terminal_text
from tests.helpers import SOURCE as S
from tests.helpers import run

#: A CSI introducer (C1), DEL, a right-to-left override, an isolate, a line separator, ESC, BEL.
HOSTILE = "Eve\x9b31m\x7f \u202egnp.exe\u2066x\u2069\u2028y\x1b]0;pwned\x07"
RAW = ["\x9b", "\x7f", "\u202e", "\u2066", "\u2069", "\u2028", "\x1b", "\x07"]


def strings(data: object) -> set[str]:
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(strings(v) for v in data.values()), set(data))
    if isinstance(data, list):
        return set().union(set(), *(strings(v) for v in data))
    return set()


@pytest.fixture
def hostile_log(write_log) -> Path:  # type: ignore[no-untyped-def]
    return write_log(  # type: ignore[no-any-return]
        orgsim.strategies.numbered(
            [
                CreateRole(on="2020-01-01", source=S, role="ceo", title=f"Chief {HOSTILE}"),
                Hire(on="2020-01-02", source=S, person="eve", name=HOSTILE, role="ceo"),
            ]
        )
    )


@pytest.mark.parametrize("name", ["\ud800", "ok\udfffok", "\udc80"])
def test_a_lone_surrogate_is_refused_when_the_event_is_built(name: str) -> None:
    with pytest.raises(InvalidEvent, match="lone surrogate"):
        Hire(on="2020-01-01", source=S, person="eve", name=name)
    with pytest.raises(InvalidEvent, match="lone surrogate"):
        CreateRole(on="2020-01-01", source=name, role="ceo", title="CEO")


def test_a_lone_surrogate_escaped_in_a_log_line_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(
        '{"seq": 1, "kind": "hire", "on": "2020", "source": "x", "person": "a",'
        ' "name": "\\ud800"}\n'
    )
    result = run("validate", "--log", str(path))
    assert result.exit_code == 1
    assert f"{path}, line 1: name holds a lone surrogate" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("show", "--date", "2020-02-01"),
        ("show", "--date", "2020-02-01", "--format", "json"),
        ("diff", "--from", "2020-01-01", "--to", "2020-02-01"),
        ("diff", "--from", "2020-01-01", "--to", "2020-02-01", "--format", "json"),
        ("history", "eve"),
        ("history", "eve", "--format", "json"),
        ("succession", "ceo"),
    ],
    ids=" ".join,
)
def test_no_control_or_bidi_character_reaches_the_terminal(
    command: tuple[str, ...], hostile_log: Path
) -> None:
    result = run(*command, "--log", str(hostile_log))
    assert result.exit_code == 0, result.output
    assert not [char for char in RAW if char in result.output]
    if "json" in command:
        assert HOSTILE in strings(json.loads(result.stdout))  # the same value, escaped
    else:
        assert "\\x9b31m" in result.stdout and "\\u202egnp.exe" in result.stdout


def test_an_appended_line_is_printed_escaped(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    orgsim.create(path)
    result = run(
        "hire", "eve", "--name", HOSTILE, "--source", S, "--on", "2020", "--log", str(path)
    )
    assert result.exit_code == 0, result.output
    assert not [char for char in RAW if char in result.stdout]
    assert json.loads(result.stdout)["name"] == HOSTILE
    assert orgsim.load(path).events[0].name == HOSTILE  # type: ignore[attr-defined]


def test_the_escapes_keep_text_readable_and_json_equal() -> None:
    assert terminal_text("a\u202eb\x9bc\u061cd") == "a\\u202eb\\x9bc\\u061cd"
    text = json.dumps({"n": HOSTILE}, ensure_ascii=False)
    assert json.loads(json_text(text)) == {"n": HOSTILE}
    assert json_text(text).isprintable()
