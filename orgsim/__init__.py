"""orgsim: an event-sourced org-chart simulator.

An append-only log of hire, promote and depart events (and the role changes around them)
replays to the organisation as it stood on any date::

    import orgsim

    org = orgsim.load("openai")            # the bundled dataset, or a path to a .jsonl log
    chart = org.chart("2024-10-01")
    for depth, role in chart.walk():
        print("  " * depth, role.title, role.holder.name if role.holder else "(vacant)")

Everything a user needs is imported from here; ``__all__`` below is the contract, in groups.
The package is laid out by layer, each folder saying in its ``__init__`` what it holds and what
it may import (imports point down only; ``tests/unit/test_layers.py`` checks it):

- ``errors``, ``progress``, ``collector``: the floor, imported by every layer;
- ``log/``: what a line of the log says (dates, events, the codec);
- ``store/``: where a log lives (JSON Lines, SQLite, PostgreSQL, memory);
- ``replay/``: the rules, and replay of a log into a timeline of intervals;
- ``questions/``: what is asked of a timeline (the chart on a day, history, succession, diff,
  churn, vacancy chains, a scenario's impact);
- ``forecasting/``: Monte Carlo forecasts of a timeline past a day, and their backtests;
- ``views/``: a chart or an answer as text, JSON, DOT and pictures;
- ``snapshot/``: a large log's replay kept beside it;
- ``organisation/``: the front door (load, append with every rule checked, scenarios), and
  workspaces of several organisations;
- ``simulation/``, ``tabular/``, ``lint``, ``strategies``: clients of the library;
- ``cli/``: the command line, a thin skin over all of it.

Internals (the fast decoder, the snapshot, the chart index) are importable from their modules,
and not re-exported: they may change between versions.

May import: everything.
"""

# Four modules are part of the contract whole: lint (what breaks no rule but looks wrong),
# projections and processes (read models and process managers of your own), and the views
# (which lend charts their drawing for Jupyter as they load: see Chart._repr_svg_).
from orgsim import lint, processes, projections, views
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
    NoHashChain,
    NotFound,
    OrgsimError,
    ReadOnlyLog,
    RenderError,
    TornLine,
)
from orgsim.forecasting import (
    Backtest,
    Defaults,
    Departures,
    Estimates,
    FillEstimate,
    Forecast,
    HazardEstimate,
    LevelMove,
    Outcome,
    RoleForecast,
    Successor,
    backtest,
    forecast,
)
from orgsim.log.codec import decode, decode_line, encode, encode_line
from orgsim.log.dates import PartialDate, Precision, parse_day
from orgsim.log.events import (
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
from orgsim.log.upcasting import UPCASTERS, VERSIONS, Upcaster, upcast
from orgsim.organisation import (
    MovesDisagree,
    Organisation,
    Workspace,
    create,
    flows,
    load,
    validate,
    workspace,
)
from orgsim.questions.chains import Chain, Chains, Step, chains
from orgsim.questions.chart import Chart, Holder, Person, Role
from orgsim.questions.churn import Churn, churn
from orgsim.questions.diff import Diff, diff
from orgsim.questions.flows import Flow, Flows, Move, Side
from orgsim.questions.frames import MissingExtra
from orgsim.questions.history import History, history
from orgsim.questions.impact import Impact, Metrics, impact
from orgsim.questions.records import ChartRecord, Table, TenureRecord, chart_table, tenure_table
from orgsim.questions.succession import Succession, succession
from orgsim.questions.transitions import Transition, Transitions, transitions
from orgsim.replay.branch import SetAside
from orgsim.replay.replay import Checked, Replay
from orgsim.replay.rules import RULES, Rule, RuleViolation, RuleViolations
from orgsim.replay.spans import Absence, OpenOn, RoleVersion, Stint, Tenure
from orgsim.replay.state import ReplayState
from orgsim.replay.timeline import Timeline
from orgsim.simulation import Simulation, simulate
from orgsim.store import (
    Head,
    JsonlStore,
    MemoryStore,
    Migration,
    PostgresStore,
    SqliteStore,
    Store,
    StoredLog,
    Verification,
    convert,
    migrate,
    open_store,
    pin,
    verify,
    write_log,
)
from orgsim.store.base import MisnumberedEvent
from orgsim.store.overlay import Overlay, read_overlay
from orgsim.tabular import Columns, Imported, RowError, Skipped, export_csv, import_csv

__version__ = "0.1.0"

# The contract: every public name, in the groups the library reference documents them in
# (scripts/api_reference.py reads the groups from the comments). Not sorted, on purpose.
__all__ = [  # noqa: RUF022
    # Opening a log
    "load",
    "create",
    "Organisation",
    "open_store",
    # Keeping a log safe
    "validate",
    "Checked",
    "lint",
    "verify",
    "Verification",
    "Head",
    "pin",
    "convert",
    "migrate",
    "Migration",
    "write_log",
    # Spreadsheets in and out
    "import_csv",
    "Columns",
    "Imported",
    "Skipped",
    "export_csv",
    # Simulating and what-if scenarios
    "simulate",
    "Simulation",
    "read_overlay",
    "Overlay",
    "SetAside",
    "impact",
    "Impact",
    "Metrics",
    "chains",
    "Chains",
    "Chain",
    "Step",
    "transitions",
    "Transitions",
    "Transition",
    # Events
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
    # The chart
    "Chart",
    "Role",
    "Holder",
    "Person",
    # Questions across time
    "history",
    "History",
    "succession",
    "Succession",
    "diff",
    "Diff",
    "churn",
    "Churn",
    # Rows for notebooks: plain records, DataFrames and Arrow tables
    "tenure_table",
    "TenureRecord",
    "chart_table",
    "ChartRecord",
    "Table",
    # Forecasts, and how well they score
    "forecast",
    "Forecast",
    "RoleForecast",
    "Successor",
    "Departures",
    "LevelMove",
    "Estimates",
    "HazardEstimate",
    "FillEstimate",
    "Defaults",
    "backtest",
    "Backtest",
    "Outcome",
    # Many organisations: where people went, and where they came from
    "workspace",
    "Workspace",
    "flows",
    "Flows",
    "Flow",
    "Move",
    "Side",
    # Views: a chart as text, JSON, DOT and pictures
    "views",
    # Read models and process managers of your own
    "projections",
    "processes",
    # The timeline
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
    # Stores and the codec
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
    # Versions of an event's shape
    "VERSIONS",
    "UPCASTERS",
    "Upcaster",
    "upcast",
    # Errors
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
    "MovesDisagree",
    "ConcurrentAppend",
    "MisnumberedEvent",
    "ReadOnlyLog",
    "NotFound",
    "AmbiguousName",
    "RenderError",
    "GraphvizNotFound",
    "MissingExtra",
    "__version__",
]
