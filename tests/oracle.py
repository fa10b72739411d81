"""A deliberately naive reference model of replay, for property tests to compare against.

It replays from scratch for every question and keeps nothing but dictionaries, so that it is
easy to read and unlikely to share a bug with ``orgsim.replay.timeline``.
"""

from __future__ import annotations

import datetime as dt

from orgsim import (
    Chart,
    CreateRole,
    Depart,
    Event,
    Hire,
    Holder,
    Leave,
    Person,
    Promote,
    Reorg,
    Retract,
    Return,
    Role,
    StepDown,
)


class Broken(Exception):
    """The model found a broken rule."""


def _withdrawn(events: list[Event]) -> set[int]:
    """Rule 6: each retraction names an earlier, known, non-retraction event, once."""
    by_seq = {e.seq: e for e in events}
    withdrawn: set[int] = set()
    for e in sorted(events, key=lambda e: e.seq):
        if not isinstance(e, Retract):
            continue
        target = by_seq.get(e.target)
        if (
            target is None
            or target.seq >= e.seq
            or isinstance(target, Retract)
            or e.target in withdrawn
            or e.known_from.start < target.known_from.start
        ):
            raise Broken(e)
        withdrawn.add(e.target)
    return withdrawn


def _replay(events: list[Event], day: dt.date | None) -> tuple[dict, dict, dict]:  # type: ignore[type-arg]
    withdrawn = _withdrawn(events)
    ordered = sorted(
        (e for e in events if e.seq not in withdrawn and not isinstance(e, Retract)),
        key=lambda e: (e.on.start, e.seq),
    )
    roles: dict[str, dict] = {}  # type: ignore[type-arg]
    holders: dict[str, dict] = {}  # type: ignore[type-arg]
    people: dict[str, dict] = {}  # type: ignore[type-arg]
    for e in ordered:
        if day is not None and e.on.start > day:
            break
        if isinstance(e, CreateRole):
            if e.role in roles or (e.reports_to is not None and e.reports_to not in roles):
                raise Broken(e)
            if any(line not in roles for line in e.dotted_to):
                raise Broken(e)
            roles[e.role] = {
                "title": e.title,
                "parent": e.reports_to,
                "dotted": e.dotted_to,
                "order": e.seq,
            }
        elif isinstance(e, Reorg):
            if e.role not in roles:
                raise Broken(e)
            if e.abolished:
                if e.role in holders or any(r["parent"] == e.role for r in roles.values()):
                    raise Broken(e)
                if any(e.role in r["dotted"] for r in roles.values()):
                    raise Broken(e)
                del roles[e.role]
                continue
            if e.dotted_to is not None:
                if any(line not in roles for line in e.dotted_to):
                    raise Broken(e)
                roles[e.role]["dotted"] = e.dotted_to
            if e.reports_to is not None:
                if e.reports_to not in roles:
                    raise Broken(e)
                seen, up = set(), e.reports_to
                while up is not None:
                    if up == e.role or up in seen:
                        raise Broken(e)
                    seen.add(up)
                    up = roles[up]["parent"]
                roles[e.role]["parent"] = e.reports_to
            if e.root:
                roles[e.role]["parent"] = None
            if e.title is not None:
                roles[e.role]["title"] = e.title
            if roles[e.role]["parent"] in roles[e.role]["dotted"]:
                raise Broken(e)  # a dotted line to its own manager
        elif isinstance(e, Hire):
            if e.person in people:
                raise Broken(e)
            people[e.person] = {"name": e.name, "joined": e.on, "order": e.seq, "leave": False}
            if e.role is not None:
                if e.role not in roles or e.role in holders:
                    raise Broken(e)
                holders[e.role] = {"person": e.person, "acting": e.acting, "since": e.on}
        elif isinstance(e, Promote):
            if e.person not in people or e.role not in roles:
                raise Broken(e)
            current = holders.get(e.role)
            if current is not None and current["person"] != e.person:
                raise Broken(e)
            if not e.additional:
                for role in [r for r, h in holders.items() if h["person"] == e.person]:
                    if role != e.role:
                        del holders[role]
            if current is None or current["acting"] != e.acting:
                holders[e.role] = {"person": e.person, "acting": e.acting, "since": e.on}
        elif isinstance(e, StepDown):
            if e.person not in people or holders.get(e.role, {}).get("person") != e.person:
                raise Broken(e)
            del holders[e.role]
        elif isinstance(e, Leave | Return):
            if e.person not in people or people[e.person]["leave"] == isinstance(e, Leave):
                raise Broken(e)
            people[e.person]["leave"] = isinstance(e, Leave)
        elif isinstance(e, Depart):
            if e.person not in people:
                raise Broken(e)
            del people[e.person]
            for role in [r for r, h in holders.items() if h["person"] == e.person]:
                del holders[role]
    return roles, holders, people


def accepts(events: list[Event]) -> bool:
    """Whether the whole log obeys the rules, by the model."""
    try:
        _replay(events, None)
    except Broken:
        return False
    return True


def chart(events: list[Event], day: dt.date) -> Chart:
    """The chart on ``day`` by the model (the log must be accepted); a person's roles sorted."""
    roles, holders, people = _replay(events, day)
    role_values = []
    for role_id, role in sorted(roles.items(), key=lambda item: item[1]["order"]):
        held = holders.get(role_id)
        holder = None
        if held is not None:
            who = people[held["person"]]
            holder = Holder(
                held["person"], who["name"], held["acting"], held["since"], who["leave"]
            )
        role_values.append(Role(role_id, role["title"], role["parent"], holder, role["dotted"]))
    person_values = tuple(
        Person(
            person_id,
            person["name"],
            tuple(sorted(r for r, h in holders.items() if h["person"] == person_id)),
            person["leave"],
            person["joined"],
        )
        for person_id, person in sorted(people.items(), key=lambda item: item[1]["order"])
    )
    return Chart(day, tuple(role_values), person_values)
