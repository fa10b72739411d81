"""The library's front door: load, query, look up, append."""

import datetime as dt
from pathlib import Path

import pytest

import orgsim
from orgsim import (
    AmbiguousName,
    ConcurrentAppend,
    CreateRole,
    Depart,
    Hire,
    LogFormatError,
    NotFound,
    PartialDate,
    Promote,
    RuleViolation,
    StepDown,
    Timeline,
)
from tests.helpers import SOURCE as S


def test_load_and_ask_for_a_chart(small_log: Path) -> None:
    org = orgsim.load(small_log)
    chart = org.chart("2020-03-01")
    assert chart.role("ceo").holder.name == "Ann Lee"  # type: ignore[union-attr]
    assert org.chart(dt.date(2020, 3, 1)) == chart
    assert org.title == "log"


def test_a_broken_log_is_refused_on_load_with_file_and_line(small_log: Path) -> None:
    text = small_log.read_text() + (
        '{"seq": 6, "kind": "promote", "on": "2020-04", "source": "s", "person": "cy", '
        '"role": "ceo"}\n'
    )
    small_log.write_text(text)
    with pytest.raises(RuleViolation) as caught:
        orgsim.load(small_log)
    message = str(caught.value)
    assert message.startswith(f"{small_log}, line 6: rule 1 (one holder)")
    assert f"conflicts with event #3 hire 2020-01-02 ann -> ceo at {small_log}, line 3" in message
    lenient = orgsim.load(small_log, lenient=True)
    assert [v.rule for v in lenient.violations] == [1]


def test_append_assigns_seq_and_recorded_and_writes(small_log: Path) -> None:
    org = orgsim.load(small_log)
    (added,) = org.append(
        StepDown(on="2020-04-01", source=S, person="bob", role="cto"), today=dt.date(2020, 4, 2)
    )
    assert added.seq == 6 and added.recorded == PartialDate(2020, 4, 2)
    assert orgsim.load(small_log).events[-1] == added
    assert org.chart("2020-04-01").role("cto").vacant


def test_append_of_several_is_all_or_nothing(small_log: Path) -> None:
    before = small_log.read_bytes()
    org = orgsim.load(small_log)
    with pytest.raises(RuleViolation) as caught:
        org.append(
            CreateRole(on="2020-04-01", source=S, role="cfo", title="CFO", reports_to="ceo"),
            Promote(on="2020-04-01", source=S, person="cy", role="cto"),
        )
    assert caught.value.rule == 1
    assert caught.value.place == f"{small_log}, not appended"
    assert small_log.read_bytes() == before
    assert len(org.events) == 5


def test_a_backdated_event_that_breaks_later_history_is_refused_under_rule_4(
    small_log: Path,
) -> None:
    before = small_log.read_bytes()
    org = orgsim.load(small_log)
    # Cy "became CTO in January": but Bob takes CTO in February, which then breaks rule 1.
    late = Hire(on="2020-01-15", source=S, person="dee", name="Dee", role="cto")
    with pytest.raises(RuleViolation) as caught:
        org.append(late)
    error = caught.value
    assert (error.rule, error.rule_name) == (4, "late arrival")
    assert error.event.person == "dee"  # type: ignore[attr-defined]
    assert error.conflict is not None and error.conflict.seq == 4
    assert "rule 1 (one holder)" in str(error)
    assert small_log.read_bytes() == before


def test_a_harmless_backdated_event_is_accepted(small_log: Path) -> None:
    org = orgsim.load(small_log)
    org.append(Hire(on="2020-01-15", source=S, person="dee", name="Dee"))
    assert "dee" in [p.id for p in org.chart("2020-01-20").people]


def test_a_second_writer_is_refused_until_it_reloads(small_log: Path) -> None:
    first, second = orgsim.load(small_log), orgsim.load(small_log)
    first.append(Hire(on="2020-05", source=S, person="dee", name="Dee"))
    with pytest.raises(ConcurrentAppend):
        second.append(Hire(on="2020-05", source=S, person="eve", name="Eve"))
    second.reload()
    second.append(Hire(on="2020-05", source=S, person="eve", name="Eve"))
    assert [e.seq for e in orgsim.load(small_log).events] == [1, 2, 3, 4, 5, 6, 7]


def test_known_on_queries(small_log: Path) -> None:
    org = orgsim.load(small_log)
    org.append(Hire(on="2020-01-15", source=S, person="dee", name="Dee"), today=dt.date(2020, 9, 1))
    assert "dee" not in [p.id for p in org.chart("2020-03-01", known_on="2020-08-31").people]
    assert "dee" in [p.id for p in org.chart("2020-03-01", known_on="2020-09-01").people]


def test_lookups_by_id_name_or_title(small_log: Path) -> None:
    org = orgsim.load(small_log)
    assert org.person_id("ann") == "ann"
    assert org.person_id("  ann LEE ") == "ann"
    assert org.role_id("chief executive") == "ceo"
    with pytest.raises(NotFound, match="no person matches 'Zed'"):
        org.person_id("Zed")
    org.append(Hire(on="2020-05", source=S, person="ann-2", name="Ann Lee"))
    with pytest.raises(AmbiguousName) as caught:
        org.person_id("ann lee")
    assert caught.value.candidates == ("ann", "ann-2")
    assert org.person_id("ann") == "ann"  # an exact id always wins


def test_a_missing_or_malformed_log_is_an_orgsim_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        orgsim.load(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"seq": 1}\n')
    with pytest.raises(LogFormatError, match=r"bad.jsonl, line 1: missing field 'kind'"):
        orgsim.load(bad)


def test_a_new_log_starts_empty_and_grows(tmp_path: Path) -> None:
    path = tmp_path / "new.jsonl"
    path.touch()
    org = orgsim.load(path)
    org.append(
        CreateRole(on="2024-01-01", source=S, role="ceo", title="CEO"),
        Hire(on="2024-01-01", source=S, person="ann", name="Ann", role="ceo"),
    )
    assert orgsim.load(path).chart("2024-01-01").role("ceo").holder.person == "ann"  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_create_starts_an_empty_log_and_never_overwrites(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"acme{suffix}"
    org = orgsim.create(path)
    assert org.events == () and org.title == "acme"
    org.append(CreateRole(on="2024-01-01", source=S, role="ceo", title="CEO"))
    with pytest.raises(orgsim.OrgsimError, match="already there"):
        orgsim.create(path)
    assert len(orgsim.load(path).events) == 1
    assert orgsim.verify(path).count == 1


def test_appends_at_the_end_give_the_timeline_a_replay_from_scratch_gives(tmp_path: Path) -> None:
    org = orgsim.create(tmp_path / "log.jsonl")
    org.append(CreateRole(on="2020-01-01", source=S, role="ceo", title="CEO"))
    org.append(Hire(on="2020-01-02", source=S, person="ann", name="Ann", role="ceo"))
    org.chart("2020-01-02")  # a question between appends takes a snapshot of the replay
    org.append(Depart(on="2020-03-01", source=S, person="ann", reason="resigned"))
    org.append(Hire(on="2020-03-01", source=S, person="bo", name="Bo", role="ceo"))
    assert org.timeline() == Timeline.build(org.events)
    assert org.events == orgsim.load(tmp_path / "log.jsonl").events
    with pytest.raises(RuleViolation, match="held by bo") as refused:
        org.append(Hire(on="2020-04-01", source=S, person="cy", name="Cy", role="ceo"))
    assert refused.value.place == f"{tmp_path / 'log.jsonl'}, not appended"
    assert len(org.events) == 4


def test_a_timeline_kept_from_before_later_appends_extends_from_its_own_end(
    tmp_path: Path,
) -> None:
    org = orgsim.create(tmp_path / "log.jsonl")
    org.append(CreateRole(on="2020-01-01", source=S, role="ceo", title="CEO"))
    kept = org.timeline()
    org.append(Hire(on="2020-01-02", source=S, person="ann", name="Ann", role="ceo"))
    org.timeline()
    bo = Hire(seq=2, on="2020-01-05", source=S, person="bo", name="Bo", role="ceo")
    extended = kept.extend([bo])  # not Ann: she came after this timeline
    holder = extended.holder_at("ceo", dt.date(2020, 1, 6))
    assert holder is not None and holder.person == "bo"


def test_validate_says_what_a_valid_log_holds_without_a_timeline(
    small_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_timeline(*_: object, **__: object) -> Timeline:
        raise AssertionError("validate built a timeline")

    monkeypatch.setattr(Timeline, "build", no_timeline)
    checked = orgsim.validate(small_log)
    assert checked == orgsim.Checked(str(small_log), 5, 3, 2)


def test_validate_of_a_log_that_breaks_a_rule_is_none(small_log: Path) -> None:
    nobody = Depart(seq=6, on="2020-04-01", source=S, person="zed", reason="resigned")
    with small_log.open("a", encoding="utf-8") as log:
        log.write(orgsim.encode_line(nobody) + "\n")
    assert orgsim.validate(small_log) is None
    assert [v.rule for v in orgsim.load(small_log, lenient=True).violations] == [2]


def test_validate_refuses_a_malformed_log_as_load_does(small_log: Path) -> None:
    with small_log.open("a", encoding="utf-8") as log:
        log.write("{not json}\n")
    with pytest.raises(LogFormatError) as found:
        orgsim.validate(small_log)
    with pytest.raises(LogFormatError) as loaded:
        orgsim.load(small_log, lenient=True)
    assert str(found.value) == str(loaded.value)
