"""orgsim: an event-sourced org-chart simulator.

An append-only log of hire, promote and depart events (and the role changes around them)
replays to the organisation as it stood on any date::

    import orgsim

    org = orgsim.load("openai")            # the bundled dataset, or a path to a .jsonl log
    chart = org.chart("2024-10-01")
    for depth, role in chart.walk():
        print("  " * depth, role.title, role.holder.name if role.holder else "(vacant)")
"""

from orgsim.analysis import Churn, Diff, History, Succession, churn, diff, history, succession
from orgsim.chart import Chart, Holder, OpenIntervals, Person, Role
from orgsim.codec import Decoder, decode, decode_line, encode, encode_line
from orgsim.dates import PartialDate, Precision, parse_day
from orgsim.errors import (
    AmbiguousName,
    ChainBroken,
    ConcurrentAppend,
    GraphvizNotFound,
    HeadMismatch,
    InvalidDate,
    InvalidEvent,
    InvalidParameter,
    LogFormatError,
    MisnumberedEvent,
    NoHashChain,
    NotFound,
    OrgsimError,
    ReadOnlyLog,
    RenderError,
    RuleViolation,
    RuleViolations,
    StaleSnapshot,
    TornLine,
)
from orgsim.events import (
    AnyEvent,
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Reorg,
    Retract,
    Return,
    StepDown,
)
from orgsim.organisation import Organisation, create, load, validate
from orgsim.rules import RULES, Rule
from orgsim.simulation import Simulation, simulate
from orgsim.snapshot import LogKey, Snapshot, snapshot_path, write_snapshot
from orgsim.state import ReplayState
from orgsim.store import (
    Head,
    JsonlStore,
    MemoryStore,
    PostgresStore,
    SqliteStore,
    Store,
    StoredLog,
    Verification,
    convert,
    open_store,
    pin,
    verify,
    write_log,
)
from orgsim.store.overlay import Overlay, read_overlay
from orgsim.tabular import Columns, Imported, RowError, Skipped, export_csv, import_csv
from orgsim.timeline import (
    Absence,
    Checked,
    OpenOn,
    Replay,
    RoleVersion,
    Stint,
    Tenure,
    Timeline,
)

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Absence",
    "AmbiguousName",
    "AnyEvent",
    "ChainBroken",
    "Chart",
    "Checked",
    "Churn",
    "Columns",
    "ConcurrentAppend",
    "CreateRole",
    "Decoder",
    "Depart",
    "Diff",
    "Event",
    "GraphvizNotFound",
    "Head",
    "HeadMismatch",
    "Hire",
    "History",
    "Holder",
    "Imported",
    "InvalidDate",
    "InvalidEvent",
    "InvalidParameter",
    "JsonlStore",
    "Leave",
    "LogFormatError",
    "LogKey",
    "MemoryStore",
    "MisnumberedEvent",
    "NoHashChain",
    "NotFound",
    "OpenIntervals",
    "OpenOn",
    "Organisation",
    "OrgsimError",
    "Overlay",
    "PartialDate",
    "Person",
    "PostgresStore",
    "Precision",
    "Promote",
    "ReadOnlyLog",
    "RenderError",
    "Reorg",
    "Replay",
    "ReplayState",
    "Retract",
    "Return",
    "Role",
    "RoleVersion",
    "RowError",
    "Rule",
    "RuleViolation",
    "RuleViolations",
    "Simulation",
    "Skipped",
    "Snapshot",
    "SqliteStore",
    "StaleSnapshot",
    "StepDown",
    "Stint",
    "Store",
    "StoredLog",
    "Succession",
    "Tenure",
    "Timeline",
    "TornLine",
    "Verification",
    "__version__",
    "churn",
    "convert",
    "create",
    "decode",
    "decode_line",
    "diff",
    "encode",
    "encode_line",
    "export_csv",
    "history",
    "import_csv",
    "load",
    "open_store",
    "parse_day",
    "pin",
    "read_overlay",
    "simulate",
    "snapshot_path",
    "succession",
    "validate",
    "verify",
    "write_log",
    "write_snapshot",
]
