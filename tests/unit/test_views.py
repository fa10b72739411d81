"""Views: escaping, DOT, text and JSON, from small charts."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from orgsim import Chart, CreateRole, Event, GraphvizNotFound, Hire, Leave, Promote, Timeline
from orgsim.views import chart_data, chart_dot, chart_text, render
from orgsim.views.escape import html_label_text, terminal_text
from tests.helpers import SOURCE as S
from tests.helpers import needs_dot, numbered, small_org

HOSTILE = [
    "Quote \" and ' marks",
    "<script>alert(1)</script>",
    "Ben & Jerry's",
    "{braces} [brackets] |pipes|",
    "back\\slash \\N \\G \\L",
    "two\nlines",
    "王小明 Zoë Ñandú",
    "x" * 300,
    '"]; evil [label="',
]


def hostile_chart() -> Chart:
    events: list[Event] = [CreateRole(on="2020", source=S, role="top", title="Top <&> Role")]
    for number, name in enumerate(HOSTILE):
        events.append(
            CreateRole(on="2020", source=S, role=f"r{number}", title=name, reports_to="top")
        )
        events.append(Hire(on="2020", source=S, person=f"p{number}", name=name, role=f"r{number}"))
    return Chart.at(Timeline.build(numbered(events)), dt.date(2020, 6, 1))


def test_html_label_text_escapes_markup() -> None:
    assert html_label_text('<a href="x">&\'</a>') == (
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
    )
    assert html_label_text("a\nb\r\nc") == "a<BR/>b<BR/>c"
    assert html_label_text("bell\x07") == "bell&#92;&#92;x07"
    assert html_label_text("a\\N") == "a&#92;&#92;N"


def test_terminal_text_neutralises_escape_sequences() -> None:
    assert terminal_text("\x1b[31mred\x1b[0m\nnext") == "\\x1b[31mred\\x1b[0m\\nnext"


def test_dot_never_contains_raw_data_strings() -> None:
    source = chart_dot(hostile_chart())
    assert "<script>" not in source and "&lt;script&gt;" in source
    assert '"]; evil' not in source


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


@needs_dot
def test_hostile_names_survive_dot_intact() -> None:
    texts = svg_texts(render(chart_dot(hostile_chart()), "svg"))
    joined = "\n".join(texts)
    for name in HOSTILE:
        for part in name.split("\n"):
            assert part in joined, part


def test_dot_is_stable_and_marks_states() -> None:
    events = small_org() + [
        Leave(on="2020-04-01", source=S, person="bob"),
        CreateRole(on="2020-04-01", source=S, role="cfo", title="CFO", reports_to="ceo"),
        Promote(on="2020-04-02", source=S, person="cy", role="cfo", acting=True),
        CreateRole(on="2020-04-02", source=S, role="coo", title="COO", reports_to="ceo"),
    ]
    chart = Chart.at(Timeline.build(numbered(events)), dt.date(2020, 5, 1))
    source = chart_dot(chart, heading="Acme")
    assert source == chart_dot(chart, heading="Acme")
    assert "Acme on 1 May 2020" in source
    assert "ON LEAVE" in source and "ACTING" in source and "Vacant" in source
    assert "since Feb 2020" in source
    drawn = [line for line in source.splitlines() if "->" in line and "invis" not in line]
    assert len(drawn) == 3  # one line from the CEO to each report


def test_render_dot_format_needs_no_binary() -> None:
    assert render("digraph {}", "dot") == b"digraph {}"


def test_missing_graphviz_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(GraphvizNotFound, match="apt-get install graphviz"):
        render("digraph {}", "svg")


def test_chart_data_has_the_promised_shape() -> None:
    chart = Chart.at(Timeline.build(small_org()), dt.date(2020, 3, 1))
    data = json.loads(json.dumps(chart_data(chart)))
    assert data["date"] == "2020-03-01"
    assert data["roles"][0] == {
        "id": "ceo",
        "title": "Chief Executive",
        "reports_to": None,
        "dotted_to": [],
        "holder": {
            "id": "ann",
            "name": "Ann Lee",
            "acting": False,
            "since": "2020-01-02",
            "on_leave": False,
        },
    }
    assert data["people"][2] == {
        "id": "cy",
        "name": "Cy Moss",
        "roles": [],
        "on_leave": False,
        "joined": "2020-03-01",
    }


def test_text_is_an_indented_tree() -> None:
    chart = Chart.at(Timeline.build(small_org()), dt.date(2020, 3, 1))
    assert chart_text(chart, heading="Acme") == (
        "Acme on 1 Mar 2020\n"
        "Chief Executive: Ann Lee (since 2 Jan 2020)\n"
        "  CTO: Bob Roy (since Feb 2020)\n"
        "Without a role:\n"
        "  Cy Moss (joined 1 Mar 2020)\n"
    )
