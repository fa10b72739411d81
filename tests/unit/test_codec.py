import json

import pytest

from orgsim import (
    CreateRole,
    Depart,
    Hire,
    InvalidEvent,
    Leave,
    Promote,
    Reorg,
    Retract,
    Return,
    StepDown,
    decode,
    decode_line,
    encode,
    encode_line,
)

S = "https://example.org/a?b=1&c=<d>"

EVERY_KIND = [
    CreateRole(seq=1, on="2020", source=S, role="ceo", title="CEO"),
    CreateRole(seq=2, on="2020-01", source=S, role="cto", title="CTO", reports_to="ceo", note="n"),
    Reorg(seq=3, on="2020-02-03", source=S, role="cto", title="Chief Tech", reports_to="ceo"),
    Reorg(seq=4, on="2020-02-03", source=S, role="cto", abolished=True),
    Hire(seq=5, on="2021", recorded="2021-03-04", source=S, person="ann", name='A "<&>"\n'),
    Hire(seq=6, on="2021", source=S, person="bob", name="Bob", role="ceo", acting=True),
    Promote(seq=7, on="2021", source=S, person="ann", role="cto", acting=True, additional=True),
    StepDown(seq=8, on="2021", source=S, person="ann", role="cto"),
    Leave(seq=9, on="2022", source=S, person="ann"),
    Return(seq=10, on="2022", source=S, person="ann"),
    Depart(seq=11, on="2023", source=S, person="ann", reason="fired", destination="Elsewhere"),
    Retract(seq=12, on="2023", source=S, target=11, reason="wrong person"),
]


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.kind)
def test_every_kind_round_trips(event: object) -> None:
    assert decode_line(encode_line(event)) == event  # type: ignore[arg-type]


def test_encoding_is_canonical_and_leaves_defaults_out() -> None:
    line = encode_line(Hire(seq=1, on="2021", source="s", person="ann", name="Ann"))
    assert line == (
        '{"seq": 1, "kind": "hire", "on": "2021", "source": "s", "person": "ann", "name": "Ann"}'
    )
    assert list(encode(EVERY_KIND[4])) == [
        "seq",
        "kind",
        "on",
        "recorded",
        "source",
        "person",
        "name",
    ]


def test_non_ascii_stays_readable() -> None:
    assert "王小明" in encode_line(Hire(seq=1, on="2021", source="s", person="w", name="王小明"))


def line(**fields: object) -> str:
    base: dict[str, object] = {
        "seq": 1,
        "kind": "hire",
        "on": "2021",
        "source": "s",
        "person": "ann",
        "name": "Ann",
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (line(kind="promotion"), "unknown event kind 'promotion'"),
        (line(kind=...), "missing field 'kind'"),
        (line(name=...), "missing field(s) for a hire event: name"),
        (line(seq=...), "missing field(s) for a hire event: seq"),
        (line(salary=100), "unexpected field(s) for a hire event: salary"),
        (line(on="2024-02-30"), "impossible date"),
        (line(on="0000"), "impossible date"),
        (line(on=20240101), "on must be a date string"),
        (line(on=None), "on must be a date string"),
        (line(seq="1"), "seq must be a whole number"),
        (line(seq=1.5), "seq must be a whole number"),
        (line(seq=True), "seq must be a whole number"),
        (line(person="Ann Lee"), "slug"),
        (line(name=""), "name must be a non-empty string"),
        (line(name=7), "name must be a non-empty string"),
        (line(acting="true", role="ceo"), "acting must be true or false"),
        (
            '{"seq": 1, "seq": 2, "kind": "leave", "on": "2021", "source": "s", "person": "a"}',
            "given twice: seq",
        ),
        ("[" * 100000, "not valid JSON"),
    ],
)
def test_bad_lines_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(InvalidEvent) as caught:
        decode_line(text)
    assert problem in str(caught.value)


def test_decode_refuses_non_objects() -> None:
    with pytest.raises(InvalidEvent):
        decode("hire")
