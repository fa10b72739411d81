"""Moves between organisations: two logs joined into one fact seen from both sides."""

from __future__ import annotations

from pathlib import Path

import pytest

import orgsim
from orgsim import CreateRole, Depart, Event, Hire, OrgsimError, PartialDate, Timeline
from orgsim.questions.flows import Party, days_apart, disagreements, flows, moves, named
from orgsim.store import write_log
from orgsim.strategies import numbered
from tests.helpers import SOURCE


def _party(name: str, title: str, events: list[Event]) -> Party:
    return Party(name, title, Timeline.build(numbered(events)))


def _founding(on: str = "2020-01-01") -> list[Event]:
    return [CreateRole(on=on, source=SOURCE, role="ceo", title="Chief Executive")]


def _acme(destination: str = "Beta Labs", left: str = "2021-03-10") -> Party:
    return _party(
        "acme",
        "Acme",
        [
            *_founding(),
            Hire(on="2020-02-01", source=SOURCE, person="ann", name="Ann Lee", role="ceo"),
            Hire(on="2020-02-01", source=SOURCE, person="bob", name="Bob Roy"),
            Depart(
                on=left, source=SOURCE, person="ann", reason="resigned", destination=destination
            ),
        ],
    )


def _beta(joined: str = "2021-04", origin: str | None = "Acme", person: str = "ann") -> Party:
    return _party(
        "beta-labs",
        "Beta Labs",
        [
            *_founding("2021-01-01"),
            Hire(
                on=joined, source=SOURCE, person=person, name="Ann Lee", role="ceo", origin=origin
            ),
        ],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beta Labs", "beta-labs"),
        ("beta labs", "beta-labs"),
        ("BETA-LABS", "beta-labs"),
        # A name, as version 2 of depart and hire has it: what follows a bracket is part of
        # it (a version-1 line was cut there on reading: tests/unit/test_upcasting.py).
        ("Beta Labs (co-founder)", None),
        ("Beta Labs Research", None),  # another organisation whose name begins the same
        ("a start-up of their own", None),
        ("Acme", None),  # the organisation the departure is from is never its destination
        ("", None),
    ],
)
def test_a_destination_names_an_organisation_by_its_title_or_name(
    text: str, expected: str | None
) -> None:
    assert named(text, (_acme(), _beta()), besides="acme") == expected


def test_dates_are_as_far_apart_as_the_days_they_may_mean() -> None:
    day = PartialDate.parse
    assert days_apart(day("2024-09"), day("2024-10-02")) == 2
    assert days_apart(day("2024-10-02"), day("2024-09")) == 2
    assert days_apart(day("../2021-05-28"), day("2021-05-28")) == 0
    assert days_apart(day("2024-05-14"), day("2024-06-19")) == 36
    assert days_apart(day("2024"), day("2024-06-19")) == 0
    assert days_apart(day("2024-08-05/.."), day("2024-01-01")) == 217


def test_a_move_told_by_both_logs_is_one_move_with_both_sides() -> None:
    (move,) = moves((_acme(), _beta()))
    assert (move.person, move.name, move.origin, move.destination) == (
        "ann",
        "Ann Lee",
        "acme",
        "beta-labs",
    )
    assert move.left is not None and move.left.organisation == "acme"
    assert move.joined is not None and move.joined.organisation == "beta-labs"
    assert str(move.left.on) == "2021-03-10" and str(move.joined.on) == "2021-04"
    assert move.sources == (SOURCE, SOURCE)
    assert disagreements((_acme(), _beta())) == ()


def test_a_move_to_an_organisation_outside_the_workspace_is_called_by_its_name() -> None:
    (move,) = moves((_acme(destination="Gamma Corp"), _beta(origin=None)))
    assert (move.destination, move.joined) == ("Gamma Corp", None)


def test_sides_dated_too_far_apart_disagree_naming_both() -> None:
    (problem,) = disagreements((_acme(), _beta(joined="2022-06")), tolerance_days=183)
    assert "Ann Lee (ann) left Acme on 10 Mar 2021 and joined Beta Labs on Jun 2022" in (
        problem.message
    )
    assert "448 days apart, more than the 183 allowed" in problem.message
    assert [side.organisation for side in problem.sides] == ["acme", "beta-labs"]
    assert disagreements((_acme(), _beta(joined="2022-06")), tolerance_days=448) == ()


def test_an_origin_naming_another_organisation_disagrees() -> None:
    (problem,) = disagreements((_acme(), _beta(origin="Gamma Corp")))
    assert "says they came from Gamma Corp" in problem.message


def test_a_hire_from_a_log_that_has_the_person_still_there_disagrees() -> None:
    acme = _party(
        "acme",
        "Acme",
        [
            *_founding(),
            Hire(on="2020-02-01", source=SOURCE, person="ann", name="Ann Lee", role="ceo"),
        ],
    )
    (problem,) = disagreements((acme, _beta()))
    assert "Ann Lee (ann) joined Beta Labs from Acme on Apr 2021, but Acme's log never sees" in (
        problem.message
    )
    assert [side.organisation for side in problem.sides] == ["beta-labs"]


def test_a_departure_is_joined_to_the_nearest_hire_and_a_far_one_disagrees() -> None:
    beta = _party(
        "beta-labs",
        "Beta Labs",
        [
            *_founding("2021-01-01"),
            Hire(on="2019-01-01", source=SOURCE, person="ann", name="Ann Lee"),
            Depart(on="2019-06-01", source=SOURCE, person="ann", reason="resigned"),
        ],
    )
    (problem,) = disagreements((_acme(), beta))
    assert "joined Beta Labs on 1 Jan 2019: 799 days apart" in problem.message


def test_the_same_name_under_another_id_is_named() -> None:
    (problem,) = disagreements((_acme(), _beta(person="ann-lee", origin=None)))
    assert "it has Ann Lee as ann-lee: one person needs one id in every log" in problem.message


def test_a_move_of_someone_the_other_log_never_heard_of_is_no_disagreement() -> None:
    acme = _acme()
    beta = _party(
        "beta-labs",
        "Beta Labs",
        [
            *_founding("2021-01-01"),
            Hire(on="2021-02-01", source=SOURCE, person="cy", name="Cy Moss", origin="Acme"),
        ],
    )
    found = moves((acme, beta))
    assert {(m.person, m.left is None, m.joined is None) for m in found} == {
        ("ann", False, True),
        ("cy", True, False),
    }
    assert disagreements((acme, beta)) == ()


def test_flows_count_the_moves_in_a_period_largest_first() -> None:
    parties = (_acme(), _beta())
    found = flows(parties, "2021-01-01", "2021-12-31")
    assert [(f.origin, f.destination, f.count) for f in found.flows] == [("acme", "beta-labs", 1)]
    assert found.titles == {"acme": "Acme", "beta-labs": "Beta Labs"}
    assert flows(parties, "2022-01-01", "2022-12-31").flows == ()
    with pytest.raises(OrgsimError, match="backwards"):
        flows(parties, "2022-01-01", "2021-01-01")


def test_between_keeps_the_flows_among_the_organisations_named() -> None:
    parties = (_acme(destination="Gamma Corp"), _beta(origin="Acme"))
    every = flows(parties, "2021-01-01", "2021-12-31")
    assert {(f.origin, f.destination) for f in every.flows} == {
        ("acme", "Gamma Corp"),
        ("acme", "beta-labs"),
    }
    among = flows(parties, "2021-01-01", "2021-12-31", between=["Acme", "beta labs"])
    assert [(f.origin, f.destination) for f in among.flows] == [("acme", "beta-labs")]
    with pytest.raises(OrgsimError, match="no organisation 'Delta'"):
        flows(parties, "2021-01-01", "2021-12-31", between=["Delta"])


def test_one_organisation_named_keeps_every_move_into_or_out_of_it() -> None:
    parties = (_acme(destination="Gamma Corp"), _beta(origin="Acme"))
    into_beta = flows(parties, "2021-01-01", "2021-12-31", between=["Beta Labs"])
    assert [(f.origin, f.destination) for f in into_beta.flows] == [("acme", "beta-labs")]
    into_gamma = flows(parties, "2021-01-01", "2021-12-31", between=["gamma corp"])
    assert [(f.origin, f.destination) for f in into_gamma.flows] == [("acme", "Gamma Corp")]
    out_of_acme = flows(parties, "2021-01-01", "2021-12-31", between=["Acme"])
    assert len(out_of_acme.flows) == 2


def _write(path: Path, party_events: list[Event]) -> Path:
    write_log(path, numbered(party_events))
    return path


def test_a_workspace_is_a_folder_of_logs_named_by_their_files(tmp_path: Path) -> None:
    _write(tmp_path / "acme.jsonl", [*_founding(), *_acme().timeline.applied[1:]])
    _write(tmp_path / "beta-labs.jsonl", list(_beta().timeline.applied))
    (tmp_path / "notes.txt").write_text("not a log\n")
    space = orgsim.workspace(tmp_path)
    assert list(space.organisations) == ["acme", "beta-labs"]
    (move,) = space.moves()
    assert move.joined is not None
    assert space.place(move.joined) == f"{tmp_path / 'beta-labs.jsonl'}, line 2"


def test_a_list_file_names_logs_by_path_or_bundled_name_with_titles(tmp_path: Path) -> None:
    _write(tmp_path / "a.jsonl", list(_acme().timeline.applied))
    _write(tmp_path / "b.jsonl", list(_beta().timeline.applied))
    listed = tmp_path / "orgs.txt"
    listed.write_text("# two companies\na.jsonl = Acme\n\nb.jsonl = Beta Labs\nssi\n")
    space = orgsim.workspace(listed)
    assert space.titles == {"a": "Acme", "b": "Beta Labs", "ssi": "Safe Superintelligence"}
    assert [(m.origin, m.destination) for m in space.moves() if m.person == "ann"] == [("a", "b")]
    listed.write_text("a.jsonl\nmissing.jsonl\n")
    with pytest.raises(OrgsimError, match=r"orgs\.txt, line 2: no log at .*missing\.jsonl"):
        orgsim.workspace(listed)
    listed.write_text("a.jsonl\nsub/a.jsonl\n")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "a.jsonl", list(_acme().timeline.applied))
    with pytest.raises(OrgsimError, match=r"line 2: two logs are both named 'a'"):
        orgsim.workspace(listed)


@pytest.mark.parametrize("where", ["", "openai"])
def test_a_workspace_is_not_a_single_log(tmp_path: Path, where: str) -> None:
    with pytest.raises(OrgsimError, match="a workspace is a folder of logs or a file listing"):
        orgsim.workspace(where)
    log = _write(tmp_path / "one.jsonl", list(_acme().timeline.applied))
    with pytest.raises(OrgsimError, match="is a log; a workspace is a folder"):
        orgsim.workspace(log)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(OrgsimError, match="no logs in this folder"):
        orgsim.workspace(empty)


def test_a_hire_keeps_where_the_person_came_from() -> None:
    timeline = _beta().timeline
    (stay,) = orgsim.history(timeline, "ann").stays
    assert stay.origin == "Acme"
    assert "joined Apr 2021, from Acme" in orgsim.views.report.history_text(
        orgsim.history(timeline, "ann")
    )


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("postgresql:///hr?log=acme", "acme"),
        ("postgresql://me@/hr?host=/run/pg&log=beta-labs", "beta-labs"),
        ("postgresql://me@/hr?host=/run/pg", "hr"),  # the database's default log
        ("postgresql://db.example.com/", "main"),
    ],
)
def test_a_listed_postgresql_log_is_named_by_its_log_or_its_database(url: str, name: str) -> None:
    from orgsim.organisation.workspace import _url_name

    assert _url_name(url) == name
