"""The bundled logs agree with their own notes: a note that says someone joined or sat on the
board names a person who holds a board seat in the events.

The OpenAI log's notes once said Sue Desmond-Hellmann and Nicole Seligman joined the board
"with Fidji Simo", while no event gave Simo a seat; the log as it stood then is kept inside the
log itself (it is append-only: its first 294 events), and the check must find that gap in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest

import orgsim
from orgsim import Event, Timeline
from orgsim.store import BUNDLED

#: A sentence that claims membership, rather than only mentioning a board.
_CLAIM = re.compile(r"\b(joined|joins|join|sat on|seat on|members?|elected|appointed)\b", re.I)
_NEGATION = re.compile(r"\b(not|never|no longer|without|declined)\b", re.I)


def board_gaps(events: Sequence[Event]) -> Iterator[tuple[int, str]]:
    """(seq, name) for each note of an event replayed that says a person of the log joined or
    sat on the board, when that person never holds a board seat."""
    timeline = Timeline.build(events)
    names = {stint.name: key for key, stints in timeline.stints.items() for stint in stints}
    seated = {
        tenure.person
        for role, tenures in timeline.tenures.items()
        if role.startswith("board")
        for tenure in tenures
    }
    for event in timeline.applied:
        for sentence in re.split(r"(?<=[.;])\s+", event.note or ""):
            claims = "board" in sentence.casefold() and _CLAIM.search(sentence)
            if not claims or _NEGATION.search(sentence):
                continue
            for name, person in names.items():
                if name in sentence and person not in seated:
                    yield event.seq, name


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_board_member_a_note_names_holds_a_seat(name: str) -> None:
    assert list(board_gaps(orgsim.load(name).events)) == []


def test_the_check_finds_the_seat_the_openai_log_once_lacked() -> None:
    before = orgsim.load("openai").events[:294]  # the log before issue 26's corrections
    assert set(board_gaps(before)) == {(84, "Fidji Simo"), (247, "Fidji Simo"), (249, "Fidji Simo")}


@pytest.mark.parametrize("name", sorted(set(BUNDLED) - {"openai"}))
def test_every_fact_of_the_other_bundled_logs_cites_a_source_and_when_it_was_known(
    name: str,
) -> None:
    """The logs of the organisations OpenAI's leaders went to are sourced as OpenAI's is: each
    event a web source, and the day it was reported (``recorded``)."""
    org = orgsim.load(name)
    assert orgsim.validate(org.store.path) is not None  # type: ignore[attr-defined]
    for event in org.events:
        assert event.source.startswith("https://"), event.brief()
        assert event.recorded is not None, event.brief()
