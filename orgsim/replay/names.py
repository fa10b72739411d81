"""Finding a person or a role by what a user types: an id, or a name or title in any case.

When nothing matches, the message suggests the nearest names ("did you mean ...?"), whether the
names come from a timeline or from a snapshot's index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from orgsim.errors import AmbiguousName, NotFound

__all__ = ["resolve_name"]


def _words(text: str) -> str:
    return " ".join(sorted(re.split(r"[\s,.-]+", text.casefold().strip())))


#: How alike a name must be to be suggested (difflib's ratio).
_NEAR = 0.75


def _near(matcher: difflib.SequenceMatcher[str], label: str) -> float:
    """How alike ``label`` is to what ``matcher`` holds, or 0 when its quick upper bounds show
    it cannot reach :data:`_NEAR` (a log of 200,000 roles is searched in a fraction of the
    time; what is suggested is the same)."""
    matcher.set_seq2(label)
    if matcher.real_quick_ratio() < _NEAR or matcher.quick_ratio() < _NEAR:
        return 0.0
    return matcher.ratio()


def _suggest(wanted: str, labels: Mapping[str, set[str]]) -> str:
    """``; did you mean ...?`` with the nearest names, when some are near enough: letters
    compared in order, words in any order ("Kingma Durk" finds "Durk Kingma"), and whole
    words of a name ("Kingma" finds "Durk Kingma")."""
    scored = []
    words = _words(wanted)
    part = set(words.split()) if len(wanted) >= 3 else None
    letters, in_any_order = (
        difflib.SequenceMatcher(None, wanted),
        difflib.SequenceMatcher(None, words),
    )
    for key, names in labels.items():
        candidates = []
        for label in names | {key}:
            label_words = _words(label)
            score = max(
                _near(letters, label.casefold()),
                _near(in_any_order, label_words),
                0.9 if part and part <= set(label_words.split()) else 0.0,
            )
            candidates.append((score, label != key, label))  # a name reads better than an id
        best = max(candidates)
        if best[0] >= _NEAR:
            scored.append(best)
    near = [label for *_, label in sorted(scored, reverse=True)[:3]]
    return f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""


def resolve_name(
    what: str, query: str, labels: Mapping[str, set[str]], suggest: bool = True
) -> str:
    """The key of ``labels`` (id -> every name or title it has had) that ``query`` names: the
    key itself, or a name in any case; else :class:`NotFound` (with the names near it, when
    ``suggest``) or :class:`AmbiguousName`. A caller that finds the candidates another way
    (a snapshot's index) passes only those, and gets the same answer."""
    if query in labels:
        return query
    wanted = query.casefold().strip()
    matches = sorted(
        key
        for key, names in labels.items()
        if key == wanted or any(name.casefold() == wanted for name in names)
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        near = _suggest(wanted, labels) if suggest else ""
        raise NotFound(f"no {what} matches {query!r}" + near)
    raise AmbiguousName(
        f"{len(matches)} {what}s match {query!r}: {', '.join(matches)}; give the id", matches
    )
