"""Write docs/reference/api.md: orgsim's public names in groups, each rendered from its
docstring by mkdocstrings on the documentation site.

Run: python scripts/api_reference.py > docs/reference/api.md
(tests/integration/test_docs.py fails when the page is out of date).
"""

from __future__ import annotations

from pathlib import Path

import orgsim


def groups() -> dict[str, list[str]]:
    """The groups of ``orgsim.__all__``, read from the comments that head them in
    orgsim/__init__.py: the contract is written once, there."""
    source = Path(orgsim.__file__).read_text(encoding="utf-8")
    body = source[source.index("__all__ = [") : source.index("\n]\n", source.index("__all__ = ["))]
    found: dict[str, list[str]] = {}
    names: list[str] = []
    for line in body.splitlines()[1:]:
        line = line.strip()
        if line.startswith("# "):
            names = found.setdefault(line[2:], [])
        elif line.startswith('"') and line != '"__version__",':
            names.append(line.strip('",'))
    return found


def reference() -> str:
    grouped = groups()
    listed = [name for names in grouped.values() for name in names]
    if listed != [name for name in orgsim.__all__ if name != "__version__"]:
        raise SystemExit("orgsim.__all__ and the groups read from its comments differ")
    parts = [
        "# Library reference\n",
        "Generated from the docstrings: `python scripts/api_reference.py > docs/reference/api.md` "
        "lists every public name in its group, and the documentation site (MkDocs, "
        "mkdocstrings) renders each from its docstring; do not edit by hand. Everything here "
        "is importable from `orgsim`, the views from `orgsim.views`.\n",
    ]
    for group, names in grouped.items():
        parts.append(f"## {group}\n")
        parts += [f"::: orgsim.{name}\n" for name in names]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
