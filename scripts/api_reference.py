"""Write docs/reference/api.md: orgsim's public names in groups, each rendered from its
docstring by mkdocstrings on the documentation site.

Run: python scripts/api_reference.py > docs/reference/api.md
(tests/integration/test_docs.py fails when the page is out of date).
"""

from __future__ import annotations

import orgsim

GROUPS = {
    "Opening a log": ["load", "create", "Organisation", "open_store"],
    "Keeping a log safe": [
        "validate",
        "Checked",
        "verify",
        "Verification",
        "Head",
        "pin",
        "convert",
        "write_log",
    ],
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
        "AnyEvent",
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
    "The chart": ["Chart", "Role", "Holder", "Person", "OpenIntervals"],
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
    "The timeline": [
        "Timeline",
        "Tenure",
        "RoleVersion",
        "Stint",
        "Absence",
        "OpenOn",
        "Replay",
        "ReplayState",
        "Rule",
        "RULES",
    ],
    "Snapshots of large logs": ["Snapshot", "LogKey", "write_snapshot", "snapshot_path"],
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
        "Decoder",
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
        "MisnumberedEvent",
        "ReadOnlyLog",
        "StaleSnapshot",
        "NotFound",
        "AmbiguousName",
        "RenderError",
        "GraphvizNotFound",
    ],
}


def reference() -> str:
    listed = [name for names in GROUPS.values() for name in names]
    missing = sorted(set(orgsim.__all__) - set(listed) - {"__version__"})
    if missing:
        raise SystemExit(f"add these public names to a group: {', '.join(missing)}")
    parts = [
        "# Library reference\n",
        "Generated from the docstrings: `python scripts/api_reference.py > docs/reference/api.md` "
        "lists every public name in its group, and the documentation site (MkDocs, "
        "mkdocstrings) renders each from its docstring; do not edit by hand. Everything here "
        "is importable from `orgsim`; the views are in `orgsim.views` (`chart_text`, "
        "`chart_data`, `chart_dot`, `render`).\n",
    ]
    for group, names in GROUPS.items():
        parts.append(f"## {group}\n")
        parts += [f"::: orgsim.{name}\n" for name in names]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
