"""orgsim flows and validate --moves: the bundled workspace, a workspace of one's own, and
every form of the answer."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from orgsim import CreateRole, Depart, Hire
from orgsim.store import write_log
from orgsim.strategies import numbered
from tests.helpers import SOURCE, run

SVG = "{http://www.w3.org/2000/svg}"

#: 2024's exodus from OpenAI, as the bundled logs tell it from both sides.
EXODUS = {
    ("ilya-sutskever", "ssi"),
    ("jan-leike", "anthropic"),
    ("john-schulman", "anthropic"),
    ("mira-murati", "thinking-machines"),
    ("barret-zoph", "thinking-machines"),
    ("luke-metz", "thinking-machines"),
    ("lilian-weng", "thinking-machines"),
}


def test_the_bundled_logs_tell_2024s_exodus_from_both_sides() -> None:
    result = run("flows", "--from", "2024-01-01", "--to", "2025-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    both = {
        (person["person"], flow["destination"])
        for flow in data["flows"]
        if flow["origin"] == "openai"
        for person in flow["people"]
        if person["left"] and person["joined"]
    }
    assert both >= EXODUS
    for flow in data["flows"]:
        for person in flow["people"]:
            for side in (person["left"], person["joined"]):
                if side is not None:
                    # a URL, or the seed article it came from
                    assert side["source"].strip() and ", line " in side["at"]
    titles = {o["name"]: o["title"] for o in data["organisations"]}
    assert titles["thinking-machines"] == "Thinking Machines Lab"


def test_the_bundled_logs_agree_on_every_move_between_them() -> None:
    result = run("validate", "--moves")
    assert result.exit_code == 0, result.output
    for name in ("openai", "anthropic", "ssi", "thinking-machines"):
        assert f"{name}: ok," in result.stdout
    assert "by one log only" in result.stdout


def test_flows_as_text_csv_and_a_picture() -> None:
    args = ("flows", "--from", "2024-01-01", "--to", "2024-12-31", "--between")
    text = run(*args, "openai,anthropic,ssi,thinking-machines").stdout
    assert text.splitlines()[1] == "OpenAI -> Thinking Machines Lab: 4"
    assert "  Jan Leike (jan-leike): left 14 May 2024; joined 28 May 2024" in text
    rows = list(
        csv.DictReader(io.StringIO(run(*args, "OpenAI,Anthropic", "--format", "csv").stdout))
    )
    assert {(r["person"], r["destination"]) for r in rows} == {
        ("jan-leike", "anthropic"),
        ("john-schulman", "anthropic"),
    }
    assert all(r["left_source"] and r["joined_source"] for r in rows)
    svg = ET.fromstring(run(*args, "openai,ssi", "--format", "svg").stdout)
    shown = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "OpenAI (2)" in shown and "Safe Superintelligence (2)" in shown
    assert "Ilya Sutskever, Daniel Levy" in shown
    (band,) = svg.iter(f"{SVG}path")
    title = band.findtext(f"{SVG}title")
    assert title == "OpenAI to Safe Superintelligence: Ilya Sutskever, Daniel Levy"


def test_a_workspace_of_ones_own_with_hostile_names(tmp_path: Path) -> None:
    hostile = 'Eve <script>alert("x")</script> & \u202eevil'
    write_log(
        tmp_path / "acme.jsonl",
        numbered(
            [
                CreateRole(on="2020-01-01", source=SOURCE, role="ceo", title="CEO"),
                Hire(on="2020-01-02", source=SOURCE, person="eve", name=hostile, role="ceo"),
                Depart(
                    on="2021-03-01",
                    source=SOURCE,
                    person="eve",
                    reason="resigned",
                    destination="Beta & Co <Labs> (as CEO)",
                ),
            ]
        ),
    )
    write_log(
        tmp_path / "beta.jsonl",
        numbered([Hire(on="2021-03-15", source=SOURCE, person="eve", name=hostile, origin="ACME")]),
    )
    listed = tmp_path / "orgs.txt"
    listed.write_text("acme.jsonl\nbeta.jsonl = Beta & Co <Labs>\n")
    result = run(
        "flows",
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--workspace",
        str(listed),
        "--format",
        "svg",
        "-o",
        str(tmp_path / "flows.svg"),
    )
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "flows.svg").read_text(encoding="utf-8")
    assert "<script" not in raw and "\u202e" not in raw
    svg = ET.fromstring(raw)  # well-formed: every string escaped
    shown = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "Beta & Co <Labs> (1)" in shown
    assert 'Eve <script>alert("x")</script> & \\u202eevil' in shown
    text = run("flows", "--from", "2021-01-01", "--to", "2021-12-31", "--workspace", str(listed))
    assert "\u202e" not in text.stdout and "acme -> Beta & Co <Labs>: 1" in text.stdout
    assert run("validate", "--workspace", str(listed)).exit_code == 0


def test_validate_names_both_lines_of_a_move_the_logs_disagree_on(tmp_path: Path) -> None:
    write_log(
        tmp_path / "acme.jsonl",
        numbered(
            [
                Hire(on="2020-01-02", source=SOURCE, person="ann", name="Ann Lee"),
                Depart(
                    on="2021-03-01",
                    source=SOURCE,
                    person="ann",
                    reason="resigned",
                    destination="Beta",
                ),
            ]
        ),
    )
    write_log(
        tmp_path / "beta.jsonl",
        numbered([Hire(on="2022-03-01", source=SOURCE, person="ann", name="Ann Lee")]),
    )
    result = run("validate", "--workspace", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'acme.jsonl'}, line 2 (#2 depart 2021-03-01 ann to Beta)" in result.stderr
    assert f"{tmp_path / 'beta.jsonl'}, line 1 (#1 hire 2022-03-01 ann)" in result.stderr
    assert "365 days apart, more than the 183 allowed" in result.stderr
    assert run("validate", "--workspace", str(tmp_path), "--tolerance", "365").exit_code == 0


def test_flows_refuse_what_makes_no_sense(tmp_path: Path) -> None:
    backwards = run("flows", "--from", "2025-01-01", "--to", "2024-01-01")
    assert backwards.exit_code != 0 and "--from" in backwards.output
    unknown = run("flows", "--from", "2024-01-01", "--to", "2024-12-31", "--between", "Nowhere")
    assert unknown.exit_code == 1 and "no organisation 'Nowhere'" in unknown.stderr
    missing = run("flows", "--from", "2024-01-01", "--workspace", str(tmp_path / "none"))
    assert missing.exit_code == 1 and "no such folder or file" in missing.stderr
    alone = run("validate", "--tolerance", "10")
    assert alone.exit_code == 2 and "add --moves" in alone.output
