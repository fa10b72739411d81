"""Write docs/reference/api.md from orgsim's public names and their docstrings.

Run: python scripts/api_reference.py > docs/reference/api.md
(tests/integration/test_docs.py fails when the page is out of date).
"""

from __future__ import annotations

import inspect

import attrs

import orgsim

GROUPS = {
    "Opening a log": ["load", "create", "Organisation", "open_store"],
    "Keeping a log safe": ["verify", "Verification", "Head", "pin", "convert", "write_log"],
    "Spreadsheets in and out": [
        "import_csv",
        "Columns",
        "Imported",
        "Skipped",
        "export_csv",
    ],
    "Simulating and what-if scenarios": ["simulate", "Simulation", "read_overlay", "Overlay"],
    "Events": [
        "Event",
        "CreateRole",
        "Reorg",
        "Hire",
        "Promote",
        "StepDown",
        "Leave",
        "Return",
        "Depart",
        "Retract",
        "PartialDate",
        "Precision",
        "parse_day",
    ],
    "The chart": ["Chart", "Role", "Holder", "Person"],
    "Questions across time": [
        "history",
        "History",
        "succession",
        "Succession",
        "diff",
        "Diff",
        "churn",
        "Churn",
    ],
    "The timeline": ["Timeline", "Tenure", "RoleVersion", "Stint", "Absence", "Rule", "RULES"],
    "Stores and the codec": [
        "Store",
        "StoredLog",
        "JsonlStore",
        "SqliteStore",
        "PostgresStore",
        "MemoryStore",
        "encode",
        "encode_line",
        "decode",
        "decode_line",
    ],
    "Errors": [
        "OrgsimError",
        "InvalidEvent",
        "InvalidParameter",
        "RowError",
        "InvalidDate",
        "LogFormatError",
        "TornLine",
        "ChainBroken",
        "NoHashChain",
        "HeadMismatch",
        "RuleViolation",
        "RuleViolations",
        "ConcurrentAppend",
        "ReadOnlyLog",
        "NotFound",
        "AmbiguousName",
        "RenderError",
        "GraphvizNotFound",
    ],
}


def _doc(obj: object) -> str:
    return inspect.cleandoc(inspect.getdoc(obj) or "").strip()


def _entry(name: str) -> str:
    obj = getattr(orgsim, name)
    if name == "RULES":
        rules = "\n".join(f"{r.number}. **{r.name}**: {r.statement}" for r in orgsim.RULES)
        return f"### `RULES`\n\nThe rules every timeline obeys:\n\n{rules}\n"
    heading = f"### `{name}`"
    if inspect.isfunction(obj):
        heading = f"### `{name}{inspect.signature(obj)}`"
    lines = [heading, "", _doc(obj), ""]
    if inspect.isclass(obj) and attrs.has(obj):
        shown = [f for f in attrs.fields(obj) if not f.name.startswith("_")]
        if all("help" in f.metadata for f in shown):  # parameters: each with its default
            lines += [
                f"- `{f.name}: {f.type} = {f.default!r}`: {f.metadata['help']}" for f in shown
            ]
            lines.append("")
        else:
            fields = ", ".join(f"`{f.name}: {f.type}`" for f in shown)
            lines += [f"Fields: {fields}.", ""]
    if inspect.isclass(obj) and not issubclass(obj, Exception):
        members = [
            (member, value)
            for member, value in vars(obj).items()
            if not member.startswith("_")
            and (inspect.isfunction(value) or isinstance(value, property | classmethod))
        ]
        for member, value in members:
            target = value.__func__ if isinstance(value, classmethod) else value
            doc = _doc(target).split("\n\n")[0].replace("\n", " ")
            if doc:
                lines.append(f"- `{member}`: {doc}")
    return "\n".join(lines).rstrip() + "\n"


def reference() -> str:
    listed = [name for names in GROUPS.values() for name in names]
    missing = sorted(set(orgsim.__all__) - set(listed) - {"__version__"})
    if missing:
        raise SystemExit(f"add these public names to a group: {', '.join(missing)}")
    parts = [
        "# Library reference\n",
        "Generated from the docstrings by `python scripts/api_reference.py > "
        "docs/reference/api.md`; do not edit by hand. Everything here is importable from "
        "`orgsim`; the views are in `orgsim.views` (`chart_text`, `chart_data`, `chart_dot`, "
        "`render`).\n",
    ]
    for group, names in GROUPS.items():
        parts.append(f"## {group}\n")
        parts += [_entry(name) for name in names]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
