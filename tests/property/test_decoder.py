"""The fast decoder accepts and refuses exactly what the strict codec does, with the same words.

``Decoder`` (orjson, fused checks, remembered values) reads large logs; ``decode_line`` (the json
module with a duplicate-key hook, attrs validators) is the definition. Every line here, valid or
broken in one of the ways a hand-edited or hostile log is, must give both the same event or the
same error message.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from orgsim.errors import InvalidEvent
from orgsim.log.codec import Decoder, decode_line, encode, encode_line
from orgsim.strategies import events


def strict(line: bytes) -> object:
    try:
        return decode_line(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return ("not utf-8", error.start)
    except InvalidEvent as error:
        return str(error)


def fast(decoder: Decoder, line: bytes) -> object:
    try:
        return decoder.decode_line(line)[0]
    except UnicodeDecodeError as error:
        return ("not utf-8", error.start)
    except InvalidEvent as error:
        return str(error)


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2**70),
    st.floats(allow_nan=False),
    st.sampled_from(["", " ", "ceo", "Not A Slug", "2024-02-30", "2024-09", "../2024-09-25"]),
    st.sampled_from(["resigned", "laid-off", "x,y", 'say "hi"', "a\\u0022b", "\u202e"]),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=2),
)
FIELDS = st.sampled_from(
    [
        "seq",
        "kind",
        "on",
        "recorded",
        "source",
        "note",
        "role",
        "title",
        "reports_to",
        "root",
        "abolished",
        "person",
        "name",
        "acting",
        "additional",
        "reason",
        "destination",
        "target",
        "extra",
    ]
)


def _dumps(data: Any, ascii_only: bool) -> bytes:
    return json.dumps(data, ensure_ascii=ascii_only, separators=(", ", ": ")).encode("utf-8")


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    """A line of a log: canonical, or changed in one way a real file can be wrong."""
    event = draw(events())
    data = encode(event)
    if event.seq == 0:
        data["seq"] = draw(st.integers(min_value=1, max_value=10**6))
    how = draw(
        st.sampled_from(
            ["as is", "ascii", "set", "drop", "twice", "compact", "text", "bytes", "wrap"]
        )
    )
    if how == "as is":
        return _dumps(data, False)
    if how == "ascii":
        return _dumps(data, True)
    if how == "set":
        data[draw(FIELDS)] = draw(VALUES)
        return _dumps(data, draw(st.booleans()))
    if how == "drop":
        data.pop(draw(st.sampled_from(sorted(data))))
        return _dumps(data, False)
    if how == "twice":  # a key given twice, its values the same or not
        key = draw(st.sampled_from(sorted(data)))
        repeat = json.dumps({key: draw(st.one_of(st.just(data[key]), VALUES))})[1:-1]
        text = encode_line(event).replace(f'"{key}": ', f"{repeat}, " + f'"{key}": ', 1)
        return text.encode("utf-8")
    if how == "compact":
        return json.dumps(data, separators=(",", ":")).encode("utf-8")
    if how == "text":  # a string value holding quotes, commas or escapes
        data[draw(st.sampled_from(sorted(data)))] = draw(
            st.text(alphabet=',"\\:{}u ab', max_size=6)
        )
        return _dumps(data, draw(st.booleans()))
    if how == "bytes":  # a byte changed anywhere: broken JSON, broken UTF-8, another value
        raw = bytearray(_dumps(data, False))
        raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return bytes(raw)
    return json.dumps([data]).encode("utf-8")  # not an object at all


@given(st.lists(lines(), min_size=1, max_size=8))
def test_the_decoder_agrees_with_the_strict_codec(batch: list[bytes]) -> None:
    decoder = Decoder()  # one decoder for the batch, so remembered values are reused
    for line in batch:
        assert fast(decoder, line) == strict(line), line


def test_a_key_given_twice_is_refused_by_both() -> None:
    line = b'{"seq": 1, "kind": "leave", "on": "2024", "source": "s", "person": "a", "person": "b"}'
    assert fast(Decoder(), line) == strict(line) == "field(s) given twice: person"


def test_remembered_values_are_shared() -> None:
    decoder = Decoder()
    line = b'{"seq": 1, "kind": "leave", "on": "2024-01-01", "source": "news", "person": "ann"}'
    first, second = decoder.decode_line(line)[0], decoder.decode_line(line)[0]
    assert first == second and first is not second
    assert first.on is second.on and first.source is second.source
