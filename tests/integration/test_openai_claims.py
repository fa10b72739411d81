"""The seed articles' claims about OpenAI's leadership, as docs/openai.md reproduces them."""

import datetime as dt

import pytest

import orgsim

D = dt.date


@pytest.fixture(scope="module")
def org() -> orgsim.Organisation:
    return orgsim.load("openai")


def test_three_post_training_leaders_in_six_months(org: orgsim.Organisation) -> None:
    found = orgsim.churn(org.timeline(), D(2024, 5, 1), D(2024, 10, 31))
    post_training = [t for t in found.turnover if t.role == "post-training-lead"]
    assert [t.holders for t in post_training] == [("john-schulman", "barret-zoph", "liam-fedus")]


def test_founders_present_on_2024_09_28(org: orgsim.Organisation) -> None:
    founders = {p.id for p in org.chart("2015-12-11").people}
    assert len(founders) == 11
    then = org.chart("2024-09-28")
    active = {p.id for p in then.people if p.id in founders and not p.on_leave}
    on_leave = {p.id for p in then.people if p.id in founders and p.on_leave}
    assert active == {"sam-altman", "wojciech-zaremba"}  # the article's "two"
    assert on_leave == {"greg-brockman"}


def test_founders_known_only_to_have_left_by_a_bound(org: orgsim.Organisation) -> None:
    undated = {"trevor-blackwell", "vicki-cheung", "pamela-vagata"}  # no source dates their exit
    bounded = [e for e in org.events if isinstance(e, orgsim.Depart) and e.person in undated]
    assert {e.person for e in bounded} == undated
    assert all(str(e.on) == "../2018-02-20" and e.on.label() == "by 20 Feb 2018" for e in bounded)
    assert undated <= {p.id for p in org.chart("2018-02-19").people}
    assert not undated & {p.id for p in org.chart("2018-02-20").people}
    history = orgsim.history(org.timeline(), "vicki-cheung")
    assert history.stays[0].departure is not None
    assert history.stays[0].departure.on.label() == "by 20 Feb 2018"


def test_departures_in_2024(org: orgsim.Organisation) -> None:
    found = orgsim.churn(org.timeline(), D(2024, 1, 1), D(2024, 12, 31), by="quarter")
    assert len(found.departures) == 14  # the article says "over 20"; see docs/openai.md
    assert {"ilya-sutskever", "john-schulman", "mira-murati", "bob-mcgrew", "barret-zoph"} <= set(
        found.departures
    )


def test_a_cfo_and_a_cpo_appointed_in_2024(org: orgsim.Organisation) -> None:
    changes = orgsim.diff(org.timeline(), D(2024, 1, 1), D(2024, 9, 28))
    assert {"cfo", "cpo"} <= set(changes.created) & set(changes.filled)


def test_destinations_became_known_later(org: orgsim.Organisation) -> None:
    """The first edition wrote where Murati went into her departure, with the words "not
    known at departure"; the correction is recorded on the day it became known. Read in
    version 2 of depart, the first line's destination is the organisation's name, and what
    followed it is kept in the note (a known gap of the dataset: see docs/openai.md)."""
    then = org.timeline(known_on="2024-10-01").applied
    (first,) = [e for e in then if isinstance(e, orgsim.Depart) and e.person == "mira-murati"]
    assert first.destination == "Thinking Machines Lab"
    assert first.note is not None and "not known at departure" in first.note
    assert "Destination as first written: Thinking Machines Lab (founded;" in first.note
    now = [e for e in org.timeline().applied if isinstance(e, orgsim.Depart)]
    (last,) = [e for e in now if e.person == "mira-murati"]
    assert last.seq > first.seq and str(last.recorded) == "2025-02-18"
    assert last.destination == "Thinking Machines Lab"


def test_corrections_are_retractions_never_edits(org: orgsim.Organisation) -> None:
    retracted = [e for e in org.events if isinstance(e, orgsim.Retract)]
    assert len(retracted) >= 7 + 21  # those of the first edition, and the second's
    assert all(e.target < e.seq for e in retracted)
    by_seq = {e.seq: e for e in org.events}
    # Every retraction in a dataset of record is followed by its restatement or says why not.
    assert all(r.reason.strip() and by_seq[r.target].kind != "retract" for r in retracted)


def test_an_announced_move_that_never_happened_is_no_destination(org: orgsim.Organisation) -> None:
    for person in ("sam-altman", "greg-brockman"):
        stays = org.history(person).stays
        assert stays[0].departure is not None and stays[0].departure.destination is None
    destinations = org.churn("2023-11-01", "2023-11-30").destinations
    assert "Microsoft" not in dict(destinations)


def test_the_documented_images_exist() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    page = (root / "docs" / "openai.md").read_text()
    images = re.findall(r"\((images/[^)]+\.svg)\)", page)
    assert images and all((root / "docs" / image).is_file() for image in images)
