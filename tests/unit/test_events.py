import pytest

from orgsim import CreateRole, Depart, Hire, InvalidEvent, PartialDate, Promote, Reorg, Retract

S = "src"


def test_dates_are_converted_from_strings() -> None:
    hire = Hire(on="2024-09", source=S, person="ann", name="Ann")
    assert hire.on == PartialDate(2024, 9)
    assert hire.seq == 0 and hire.recorded is None


@pytest.mark.parametrize("slug", ["Ann", "ann lee", "ann--lee", "-ann", "ann_lee", "", "a" * 65])
def test_ids_must_be_slugs(slug: str) -> None:
    with pytest.raises(InvalidEvent, match="slug"):
        Hire(on="2024", source=S, person=slug, name="Ann")


def test_names_may_hold_any_text() -> None:
    name = "Zoë \"<b>&{}\\ 王小明\nO'Brien"
    assert Hire(on="2024", source=S, person="zoe", name=name).name == name


@pytest.mark.parametrize("source", ["", "   "])
def test_source_is_required(source: str) -> None:
    with pytest.raises(InvalidEvent, match="source"):
        Hire(on="2024", source=source, person="ann", name="Ann")


def test_reason_is_from_the_list() -> None:
    assert Depart(on="2024", source=S, person="ann", reason="resigned").reason == "resigned"
    with pytest.raises(InvalidEvent, match="reason"):
        Depart(on="2024", source=S, person="ann", reason="bored")


def test_flags_must_be_booleans() -> None:
    with pytest.raises(InvalidEvent, match="acting"):
        Promote(on="2024", source=S, person="ann", role="ceo", acting="yes")  # type: ignore[arg-type]


def test_reorg_must_change_something() -> None:
    with pytest.raises(InvalidEvent, match="must change"):
        Reorg(on="2024", source=S, role="ceo")
    with pytest.raises(InvalidEvent, match="both"):
        Reorg(on="2024", source=S, role="cto", reports_to="ceo", root=True)


def test_acting_hire_needs_a_role() -> None:
    with pytest.raises(InvalidEvent, match="acting"):
        Hire(on="2024", source=S, person="ann", name="Ann", acting=True)


def test_retraction_only_withdraws_earlier_events() -> None:
    with pytest.raises(InvalidEvent, match="earlier"):
        Retract(on="2024", source=S, seq=3, target=3, reason="typo")
    with pytest.raises(InvalidEvent):
        Retract(on="2024", source=S, target=0, reason="typo")


def test_brief_is_one_short_line() -> None:
    event = CreateRole(on="2024-09-25", source=S, seq=7, role="cto", title="CTO", reports_to="ceo")
    assert event.brief() == "#7 role 2024-09-25 cto under ceo"
    assert str(Hire(on="2024", source=S, person="ann", name="A", role="ceo")) == (
        "(new) hire 2024 ann -> ceo"
    )


def test_events_are_frozen() -> None:
    hire = Hire(on="2024", source=S, person="ann", name="Ann")
    with pytest.raises(AttributeError):
        hire.name = "Bob"  # type: ignore[misc]
