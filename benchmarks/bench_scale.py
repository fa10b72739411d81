"""Scale: what a question or an append costs as the history grows. Prints figures; asserts nothing.

Run: python benchmarks/bench_scale.py                       (10k, 100k and 1M events: ~15 min)
     python benchmarks/bench_scale.py --sizes 10000,100000  (fewer sizes)
     python benchmarks/bench_scale.py --only history,broad  (some targets: see TARGETS)
     python benchmarks/bench_scale.py --smoke               (every target small, as CI runs it)

Every log is made by the simulator (``orgsim.simulate``): one steady organisation of 2,000 roles
(no growth, no layoffs, everyone replaced about once a year), so that 10k, 100k and 1M events are
the same organisation with a longer history, cut to exactly that many events. Targets 7 to 9
simulate logs of their own (named by the simulator's parameters). Logs are kept in
``benchmarks/.logs/`` between runs (delete it at will).

Each figure is printed beside its comparison, measured in the same run, because the machine is
shared and noisy: a ratio of two neighbours means more than either time alone. Comparisons:

1. ``orgsim validate`` (a fresh process: read, decode, check the chain, replay with every rule)
   against a fresh process that only parses every line with orjson, and against the
   ``eventsourcing`` library rebuilding one aggregate from the same events in its in-memory store.
2. The chart at 1,000 random dates of the loaded organisation: median and p99 per size.
3. A fresh process answering ``orgsim show --date`` and ``orgsim hire`` on each log, beside the
   same command on a 1,000-event log. The first ``show`` reads the log whole and writes the
   snapshot beside it (a log over 8 MB); the figures are of the commands after it.
4. One checked append to the loaded log, in process: at the end (median of 20), and backdated
   by 30 days (median of 5) beside a replay of the whole log, which is what that cost before.
5. Peak memory of a process that has loaded the log.
6. ``orgsim timeline`` per size (time and page size), and ``orgsim render`` of the 2,000-role
   chart with the share of it spent in Graphviz's ``dot``.
7. ``history``: fresh processes on a 60-year history beside a 1-year one of the same
   organisation, in four shapes (growing ~100x, steady, shrinking, many re-hires): ``orgsim
   show``, ``orgsim render`` to DOT source (no Graphviz) and ``orgsim hire``, on the first day,
   in the first year, on the last day, past the end and in the middle, with the roles on the
   chart each day. For the growing shape, the long log's last day beside a 1-year log of a
   company already that size: whether a command's cost follows the chart or the history.
8. ``broad``: the chart of a broad company (10,000 people, 10 years) at 200 random dates, once
   loaded (read whole, or opened from the snapshot), beside DuckDB answering "who holds which
   role that day" from the same tenures (``orgsim export csv``); and a fresh ``orgsim show``.
9. ``snapshot``: per log (the sizes, and the long growing log of 7), the snapshot's size beside
   the log's, the time to write it beside one full replay, and the writing process's peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orgsim
from orgsim.snapshot import snapshot_path
from orgsim.store import write_log

HERE = Path(__file__).resolve().parent
LOGS = HERE / ".logs"
ROLES = 2000
EVENTS_PER_YEAR = 3900  # what the steady organisation below logs in a year, roughly
BASELINE = 1000  # the small log that fresh-process commands are compared with


@dataclass(frozen=True)
class Scale:
    """The sizes of targets 7 and 8 (``--smoke`` makes them small)."""

    people: int  # 7: the headcount on the first day of each shape's logs
    years: int  # 7: how long the long log runs (the short one runs a year)
    shapes: tuple[str, ...]  # 7: which of SHAPES
    broad_people: int  # 8
    broad_years: int  # 8


# The simulator's parameters of each shape of target 7, beside people, years and seed.
SHAPES: dict[str, dict[str, float]] = {
    "growing": {},  # the defaults: growth 0.08, the organisation ~100x in 60 years
    "steady": {"growth": 0.0, "layoff_rate": 0.0},
    "shrinking": {"growth": -0.03},
    "re-hires": {"growth": 0.0, "rehire_share": 0.6},
}
FULL = Scale(people=2000, years=60, shapes=tuple(SHAPES), broad_people=10000, broad_years=10)
SMOKE = Scale(people=200, years=6, shapes=("growing", "steady"), broad_people=1000, broad_years=3)
SCALE = FULL  # main() sets SMOKE for --smoke


def log_of(size: int) -> Path:
    """A log of exactly ``size`` events of the steady 2,000-role organisation (made once)."""
    path = LOGS / f"steady-{size}.jsonl"
    if path.exists():
        return path
    LOGS.mkdir(exist_ok=True)
    years = max(1, -(-(size - 2 * ROLES) // EVENTS_PER_YEAR) + 1)
    events = orgsim.simulate(
        people=ROLES, years=years, seed=1, growth=0.0, attrition=1.0, layoff_rate=0.0
    )
    if len(events) < size:
        raise SystemExit(f"the simulator made {len(events)} events, fewer than {size}")
    write_log(path, events[:size])
    return path


def simulated(people: int, years: int, seed: int, **knobs: float) -> Path:
    """The log ``orgsim.simulate`` makes with these parameters, named by them (made once)."""
    named = [f"people{people}", f"years{years}", f"seed{seed}"]
    named += [f"{knob.replace('_', '-')}{value:g}" for knob, value in sorted(knobs.items())]
    path = LOGS / f"sim-{'-'.join(named)}.jsonl"
    if path.exists():
        return path
    LOGS.mkdir(exist_ok=True)
    start = time.perf_counter()
    parameters: dict[str, Any] = {"people": people, "years": years, "seed": seed, **knobs}
    events = orgsim.simulate(**parameters)
    write_log(path, events)
    print(
        f"made {path.name}: {len(events)} events, {mb(path.stat().st_size)} "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return path


def drop_snapshot(log: Path) -> None:
    """Delete the snapshot beside ``log``, with SQLite's files beside it."""
    target = snapshot_path(log)
    for side in ("", "-wal", "-shm"):
        target.with_name(target.name + side).unlink(missing_ok=True)


def snapshot_stamp(log: Path) -> tuple[int, int, int] | None:
    """When the snapshot beside ``log`` (and its write-ahead log) last changed, and its size;
    None when there is none: a stamp that changes over a command means it rewrote it."""
    target = snapshot_path(log)
    try:
        stat = target.stat()
    except FileNotFoundError:
        return None
    wal = target.with_name(target.name + "-wal")
    return stat.st_mtime_ns, stat.st_size, wal.stat().st_mtime_ns if wal.exists() else 0


def on_disk(path: Path) -> int:
    """The size of a file and of SQLite's files beside it, if any, in bytes."""
    sides = [path.with_name(path.name + side) for side in ("", "-wal", "-shm")]
    return sum(side.stat().st_size for side in sides if side.exists())


def mb(size: float) -> str:
    """A size in bytes, in MB."""
    return f"{size / 1e6:.1f} MB" if size < 1e7 else f"{size / 1e6:.0f} MB"


def orgsim_command() -> list[str]:
    found = shutil.which("orgsim")
    return [found] if found else [sys.executable, "-c", "from orgsim.cli import main; main()"]


def hire_command(log: Path, n: int, role: str | None, day: dt.date) -> list[str]:
    """``orgsim hire`` of the ``n``-th newcomer into ``role`` (or none) on ``day``."""
    into = [] if role is None else ["--role", role]
    return [
        *orgsim_command(),
        "hire",
        f"bench-newcomer-{n}",
        *("--name", f"Bench Newcomer {n}", *into, "--on", day.isoformat()),
        *("--source", "bench", "--log", str(log)),
    ]


def wall(command: Sequence[str], repeat: int = 3) -> float:
    """The median wall time of a whole command, in seconds (it must succeed)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_of(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(*cells: object) -> None:
    print("| " + " | ".join(str(cell) for cell in cells) + " |", flush=True)


def header(title: str, *columns: str) -> None:
    print(f"\n### {title}\n", flush=True)
    row(*columns)
    row(*("---" for _ in columns))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


_PARSE_ONLY = "import orjson, sys\nfor line in open(sys.argv[1], 'rb'): orjson.loads(line)\n"

_EVENTSOURCING = """
import statistics, sys, time
import orjson
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

class Organisation(Aggregate):
    def __init__(self) -> None:
        self.latest: dict[str, str] = {}

    @event("Changed")
    def change(self, kind: str, subject: str, on: str) -> None:
        self.latest[subject] = on

app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
org = Organisation()
for line in open(sys.argv[1], "rb"):
    data = orjson.loads(line)
    org.change(data["kind"], data.get("person") or data.get("role") or "", data["on"])
app.save(org)
times = []
for _ in range(3):
    start = time.perf_counter()
    rebuilt = app.repository.get(org.id)
    times.append(time.perf_counter() - start)
assert rebuilt.version == org.version
print(statistics.median(times))
"""


def eventsourcing_rebuild(path: Path) -> float | None:
    """Seconds for ``eventsourcing`` to rebuild one aggregate of the log's events from its
    in-memory store (the events saved first, untimed); None without the library."""
    try:
        import eventsourcing  # noqa: F401
    except ImportError:
        return None
    out = subprocess.run(
        [sys.executable, "-c", _EVENTSOURCING, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def validate(sizes: Sequence[int]) -> None:
    header(
        "1. Cold load with every rule checked (`orgsim validate`, fresh process)",
        "events",
        "orgsim validate",
        "orjson parse only",
        "validate / parse",
        "eventsourcing rebuild",
        "eventsourcing / validate",
    )
    for size in sizes:
        path = log_of(size)
        ours = wall([*orgsim_command(), "validate", "--log", str(path)])
        parse = wall([sys.executable, "-c", _PARSE_ONLY, str(path)])
        theirs = eventsourcing_rebuild(path)
        row(
            size,
            ms(ours),
            ms(parse),
            f"{ours / parse:.1f}x",
            "not installed" if theirs is None else ms(theirs),
            "-" if theirs is None else f"{theirs / ours:.2f}",
        )


def random_days(org: orgsim.Organisation, count: int, seed: int = 3) -> list[dt.date]:
    first, last = org.span()
    assert first is not None and last is not None
    rng = random.Random(seed)
    return [
        dt.date.fromordinal(rng.randint(first.toordinal(), last.toordinal())) for _ in range(count)
    ]


def charts(sizes: Sequence[int]) -> None:
    header(
        "2. The chart at 1,000 random dates, once loaded",
        "events",
        "roles on the chart",
        "median",
        "p99",
    )
    medians, tails = [], []
    for size in sizes:
        org = orgsim.load(log_of(size), snapshot=False)
        days = random_days(org, 1000)
        org.chart(days[0])
        org.chart(days[1])  # the second chart builds the day index: not what is measured
        times = []
        for day in days:
            start = time.perf_counter()
            chart = org.chart(day)
            times.append(time.perf_counter() - start)
        times.sort()
        medians.append(times[len(times) // 2])
        tails.append(times[int(len(times) * 0.99)])
        row(size, len(chart.roles), ms(medians[-1]), ms(tails[-1]))
        del org
    if len(sizes) > 1:
        print(
            f"\nlargest / smallest history: median {max(medians) / min(medians):.2f}x, "
            f"p99 {max(tails) / min(tails):.2f}x"
        )


def _last_day_and_vacancies(path: Path) -> tuple[dt.date, list[str]]:
    org = orgsim.load(path, snapshot=False)
    last = org.span()[1]
    assert last is not None
    chart = org.chart(last)
    return last, [role.id for role in chart.vacancies()]


def fresh(sizes: Sequence[int]) -> None:
    header(
        "3. A fresh process on a long log, beside the same command on a 1,000-event log",
        "events",
        "first `show` (writes the snapshot)",
        "`orgsim show --date D`",
        "/ on 1,000 events",
        "`orgsim hire`",
        "/ on 1,000 events",
    )
    figures = {}
    for size in [BASELINE, *sizes]:
        path = log_of(size)
        last, vacant = _last_day_and_vacancies(path)
        snapshot_path(path).unlink(missing_ok=True)
        show_command = [*orgsim_command(), "show", "--date", last.isoformat(), "--log", str(path)]
        first = wall(show_command, repeat=1)  # a log over 8 MB gets its snapshot here
        show = wall(show_command)
        hires = []
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / path.name
            shutil.copyfile(path, copy)
            # A copy is another file (its inode and change time are in the snapshot's key), so
            # it gets a snapshot of its own from one untimed show, as the original did.
            subprocess.run(
                [*orgsim_command(), "show", "--date", last.isoformat(), "--log", str(copy)],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for n in range(3):
                hires.append(wall(hire_command(copy, n, vacant[n], last), repeat=1))
        figures[size] = (show, statistics.median(hires))
        base_show, base_hire = figures[BASELINE]
        row(
            size,
            ms(first),
            ms(show),
            f"{show / base_show:.2f}x",
            ms(figures[size][1]),
            f"{figures[size][1] / base_hire:.2f}x",
        )


def appends(sizes: Sequence[int]) -> None:
    header(
        "4. One checked append to the loaded log, in process",
        "events",
        "at the end (median of 20)",
        "backdated 30 days (median of 5)",
        "a whole replay (what a backdated append cost before)",
    )
    for size in sizes:
        path = log_of(size)
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / path.name
            shutil.copyfile(path, copy)
            org = orgsim.load(copy, snapshot=False)
            last = org.span()[1]
            assert last is not None
            at_end: list[float] = []
            backdated: list[float] = []
            for n in range(25):
                day = last - dt.timedelta(days=30) if n >= 20 else last
                event = orgsim.Hire(
                    on=orgsim.PartialDate.of(day),
                    source="bench",
                    person=f"bench-appender-{n}",
                    name=f"Bench Appender {n}",
                )
                start = time.perf_counter()
                org.append(event)
                (backdated if n >= 20 else at_end).append(time.perf_counter() - start)
            start = time.perf_counter()
            orgsim.Timeline.build(org.events)
            whole = time.perf_counter() - start
            row(size, ms(statistics.median(at_end)), ms(statistics.median(backdated)), ms(whole))
            del org


# The peak resident size, from the kernel (getrusage's maxrss survives exec, so a child started
# by this benchmark would report the benchmark's own peak).
_PEAK = (
    "import sys, orgsim\n"
    "org = orgsim.load(sys.argv[1], snapshot=False)\n"
    "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
    "print(int(status.split()[0]))\n"
)


def memory(sizes: Sequence[int]) -> None:
    header("5. Peak memory of a process that has loaded the log", "events", "peak RSS")
    for size in sizes:
        out = subprocess.run(
            [sys.executable, "-c", _PEAK, str(log_of(size))],
            check=True,
            capture_output=True,
            text=True,
        )
        row(size, f"{int(out.stdout) / 1024:.0f} MB")


def pages(sizes: Sequence[int]) -> None:
    header("6a. `orgsim timeline` (fresh process)", "events", "time", "page size")
    for size in [size for size in sizes if size <= 100_000]:  # the issue asks for 100k
        path = log_of(size)
        with tempfile.TemporaryDirectory() as scratch:
            page = Path(scratch) / "timeline.html"
            took = wall(
                [*orgsim_command(), "timeline", "--log", str(path), "-o", str(page)], repeat=1
            )
            row(size, ms(took), f"{page.stat().st_size / 1e6:.1f} MB")
    from orgsim.views import chart_dot, render

    header(
        "6b. `orgsim render` of the 2,000-role chart, in process",
        "events",
        "chart",
        "DOT source",
        "Graphviz dot",
        "share in Graphviz",
    )
    for size in sizes[:1]:
        org = orgsim.load(log_of(size), snapshot=False)
        day = random_days(org, 1)[0]
        start = time.perf_counter()
        chart = org.chart(day)
        made = time.perf_counter()
        source = chart_dot(chart)
        drawn = time.perf_counter()
        render(source, "svg")
        done = time.perf_counter()
        row(
            size,
            ms(made - start),
            ms(drawn - made),
            ms(done - drawn),
            f"{(done - drawn) / (done - start):.0%}",
        )


def a_year_after(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, day=min(day.day, 28) if day.month == 2 else day.day)


@dataclass
class Fresh:
    """What target 7 measured on one log: by kind of date, the day, the roles on the chart
    that day, and the median times of ``orgsim show`` and ``orgsim render`` to DOT source."""

    events: int
    size: int  # of the log, in bytes
    days: dict[str, dt.date]
    roles: dict[str, int]
    first_show: float
    snapshot: str  # what the first show left beside the log
    show: dict[str, float]
    dot: dict[str, float]
    hire: float | None = None
    copy: str = ""  # what was beside the copy the hires were made on


DAY_KINDS = ("first day", "first year", "last day", "past the end", "middle")


def fresh_commands(path: Path, kinds: Sequence[str] = DAY_KINDS, hires: int = 3) -> Fresh:
    """Time fresh processes on the log at ``path`` (see target 7)."""
    org = orgsim.load(path, snapshot=False)  # read once, for its days and the roles on them
    first, last = org.span()
    assert first is not None and last is not None
    every = {
        "first day": first,
        "first year": dt.date(2015, 7, 1),
        "last day": last,
        "past the end": a_year_after(last),
        "middle": dt.date.fromordinal((first.toordinal() + last.toordinal()) // 2),
    }
    days = {kind: every[kind] for kind in kinds}
    roles = {kind: len(org.chart(day).roles) for kind, day in days.items()}
    vacant = [role.id for role in org.chart(last).vacancies()]
    events = len(org.events)
    del org

    def show(log: Path, day: dt.date) -> list[str]:
        return [*orgsim_command(), "show", "--date", day.isoformat(), "--log", str(log)]

    drop_snapshot(path)
    first_show = wall(show(path, last), repeat=1)  # a log over 8 MB gets its snapshot here
    stamp = snapshot_stamp(path)
    snapshot = "none (log under 8 MB)" if stamp is None else mb(on_disk(snapshot_path(path)))
    figures = Fresh(
        events,
        path.stat().st_size,
        days,
        roles,
        first_show,
        snapshot,
        show={kind: wall(show(path, day)) for kind, day in days.items()},
        dot={},
    )
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "chart.dot"  # the suffix asks for the DOT source: no Graphviz
        for kind, day in days.items():
            render = [*orgsim_command(), "render", "--date", day.isoformat(), "--log", str(path)]
            figures.dot[kind] = wall([*render, "-o", str(target)])
        if not hires:
            return figures
        copy = Path(scratch) / path.name
        shutil.copy2(path, copy)
        if stamp is not None:
            shutil.copy2(snapshot_path(path), snapshot_path(copy))
        # copy2 keeps the modification time, but the copy is a new inode with a new change
        # time: should the snapshot's key hold those, the copied snapshot is stale, and this
        # untimed show rewrites it (else it only reads it), so that the hires use a fresh one.
        copied = snapshot_stamp(copy)
        took = wall(show(copy, last), repeat=1)
        if copied is None:
            figures.copy = "no snapshot"
        elif snapshot_stamp(copy) == copied:
            figures.copy = "the copied snapshot, fresh"
        else:
            figures.copy = (
                f"the copied snapshot was stale: rewritten by an untimed show ({ms(took)})"
            )
        times = []
        for n in range(hires):
            role = vacant[n] if n < len(vacant) else None  # else hired into no role
            times.append(wall(hire_command(copy, n, role, last), repeat=1))
        figures.hire = statistics.median(times)
    return figures


def history(sizes: Sequence[int]) -> None:
    scale, long_years = SCALE, SCALE.years
    for shape in scale.shapes:
        knobs = SHAPES[shape]
        long = fresh_commands(simulated(scale.people, long_years, 1, **knobs))
        short = fresh_commands(simulated(scale.people, 1, 1, **knobs))
        header(
            f"7. {shape.capitalize()}: a fresh process on {long_years} years of history "
            f"({long.events} events, {mb(long.size)}) beside 1 year "
            f"({short.events} events, {mb(short.size)}), {scale.people} people at first",
            "command",
            "date",
            f"{long_years} years",
            "roles",
            "1 year",
            "roles",
            "long / short",
        )
        row(
            "first `orgsim show` (writes the snapshot)",
            "last day",
            ms(long.first_show),
            long.roles["last day"],
            ms(short.first_show),
            short.roles["last day"],
            f"{long.first_show / short.first_show:.2f}x",
        )
        for command, ours, theirs in (
            ("`orgsim show`", long.show, short.show),
            ("`orgsim render` (DOT source)", long.dot, short.dot),
        ):
            for kind in DAY_KINDS:
                row(
                    command,
                    f"{kind} ({long.days[kind]} / {short.days[kind]})",
                    ms(ours[kind]),
                    long.roles[kind],
                    ms(theirs[kind]),
                    short.roles[kind],
                    f"{ours[kind] / theirs[kind]:.2f}x",
                )
        assert long.hire is not None and short.hire is not None
        row(
            "`orgsim hire` (median of 3, on a copy)",
            "last day",
            ms(long.hire),
            long.roles["last day"],
            ms(short.hire),
            short.roles["last day"],
            f"{long.hire / short.hire:.2f}x",
        )
        print(
            f"\nsnapshot after the first show: {long_years} years {long.snapshot}, "
            f"1 year {short.snapshot}. Beside the copies the hires were made on "
            f"(shutil.copy2 of the log and its snapshot): {long_years} years {long.copy}; "
            f"1 year {short.copy}."
        )
        if shape != "growing":
            continue
        size = long.roles["last day"]
        same = fresh_commands(simulated(size, 1, 1), kinds=("last day",), hires=0)
        header(
            f"7. Growing: the last day of {long_years} years beside the last day of 1 year "
            f"of a company already that size ({size} people at first: {same.events} events, "
            f"{mb(same.size)})",
            "command",
            f"{long_years} years",
            "roles",
            "1 year, same size",
            "roles",
            "long / same size",
        )
        for command, at_length, at_size in (
            ("`orgsim show`", long.show["last day"], same.show["last day"]),
            ("`orgsim render` (DOT source)", long.dot["last day"], same.dot["last day"]),
        ):
            row(
                command,
                ms(at_length),
                long.roles["last day"],
                ms(at_size),
                same.roles["last day"],
                f"{at_length / at_size:.2f}x",
            )
        print(f"\nsnapshot of the same-size log after its first show: {same.snapshot}.")


def spread(times: list[float]) -> tuple[float, float]:
    """The median and the 99th percentile."""
    ordered = sorted(times)
    return ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)]


def timed_charts(org: orgsim.Organisation, days: Sequence[dt.date]) -> tuple[list[float], int]:
    """The time of ``org.chart`` on each day (after two untimed ones: the second builds the
    day index), and the median number of roles on those charts."""
    org.chart(days[0])
    org.chart(days[1])
    times, roles = [], []
    for day in days:
        start = time.perf_counter()
        chart = org.chart(day)
        times.append(time.perf_counter() - start)
        roles.append(len(chart.roles))
    return times, int(statistics.median(roles))


def _padded(column: str) -> str:
    """A date column of the CSV as a DATE: a partial date ("2018-06", "2018") counts from its
    first day."""
    return (
        f"CAST(CASE length({column}) WHEN 4 THEN {column} || '-01-01' "
        f"WHEN 7 THEN {column} || '-01' ELSE {column} END AS DATE)"
    )


_END = '"end"'  # the column, quoted: END is a keyword
_WHO_HOLDS = "SELECT role, person FROM t WHERE s <= ? AND (e IS NULL OR e > ?)"


def broad(sizes: Sequence[int]) -> None:
    path = simulated(SCALE.broad_people, SCALE.broad_years, 3)
    whole = orgsim.load(path, snapshot=False)
    days = random_days(whole, 200)
    events = len(whole.events)
    first, last = whole.span()
    assert first is not None and last is not None
    read_whole, roles = timed_charts(whole, days)
    orgsim.load(path, snapshot=True)  # writes the snapshot, unless a fresh one is there
    from_snapshot, _ = timed_charts(orgsim.load(path), days)
    try:
        import duckdb

        found = True
    except ImportError:
        found = False
    theirs: list[float] = []
    differ = 0
    with tempfile.TemporaryDirectory() as scratch:
        tenures = Path(scratch) / "tenures.csv"
        exported = wall([*orgsim_command(), "export", "csv", str(path), "-o", str(tenures)], 1)
        if found:
            db = duckdb.connect()
            db.execute(
                f"CREATE TABLE t AS SELECT role, person, {_padded('start')} AS s, "
                f"{_padded(_END)} AS e FROM read_csv(?, header = true, all_varchar = true)",
                [str(tenures)],
            )
            for day in days:
                start = time.perf_counter()
                db.execute(_WHO_HOLDS, [day, day]).fetchall()
                theirs.append(time.perf_counter() - start)
            for day in days:  # the same answer? (untimed)
                held = {
                    (role.id, role.holder.person) for role in whole.chart(day).roles if role.holder
                }
                differ += held != set(db.execute(_WHO_HOLDS, [day, day]).fetchall())
            db.close()
    header(
        f"8. The chart of a broad company at 200 random dates, once loaded ({events} events, "
        f"{mb(path.stat().st_size)}; a median {roles} roles on a chart), "
        "beside DuckDB on its tenures",
        "how",
        "median",
        "p99",
        "/ DuckDB median",
    )
    duck = spread(theirs)[0] if theirs else None
    for how, times in (
        ("orgsim, read whole", read_whole),
        ("orgsim, from the snapshot", from_snapshot),
    ):
        median, tail = spread(times)
        row(how, ms(median), ms(tail), "-" if duck is None else f"{median / duck:.2f}x")
    if duck is None:
        row("DuckDB", "duckdb not installed", "-", "-")
    else:
        row(
            "DuckDB: `SELECT role, person ... WHERE s <= ? AND (e IS NULL OR e > ?)`",
            ms(duck),
            ms(spread(theirs)[1]),
            "1.00x",
        )
        print(
            f"\n`orgsim export csv` took {ms(exported)}; DuckDB's holders differ from the "
            f"chart's on {differ} of {len(days)} days."
        )
    middle = dt.date.fromordinal((first.toordinal() + last.toordinal()) // 2)
    show = [*orgsim_command(), "show", "--date", middle.isoformat(), "--log", str(path)]
    header("8. The first chart of a fresh process, from the snapshot", "command", "time")
    row(f"`orgsim show --date {middle}` (median of 3)", ms(wall(show)))


# One log's snapshot, measured in a process of its own so that the peak memory is its own.
_SNAPSHOT_COST = """
import json, sys, time
from pathlib import Path
import orgsim
from orgsim.snapshot import LogKey, snapshot_path, write_snapshot

def peak():
    return int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])

path = Path(sys.argv[1])
org = orgsim.load(path, snapshot=False)
start = time.perf_counter()
orgsim.Timeline.build(org.events)
replay = time.perf_counter() - start
before = peak()
target = snapshot_path(path)
for side in ('', '-wal', '-shm'):
    target.with_name(target.name + side).unlink(missing_ok=True)
key = LogKey.of(path)
assert key is not None
start = time.perf_counter()
written = write_snapshot(path, org.timeline(), key)
write = time.perf_counter() - start
print(json.dumps({'events': len(org.events), 'replay': replay, 'write': write,
                  'written': written is not None, 'before': before, 'after': peak()}))
"""


def snapshot(sizes: Sequence[int]) -> None:
    logs = [(f"steady, {size} events", log_of(size)) for size in sizes]
    long = simulated(SCALE.people, SCALE.years, 1, **SHAPES["growing"])
    logs.append((f"growing, {SCALE.years} years", long))
    header(
        "9. The snapshot beside the log, and what writing it costs (a process per log)",
        "log",
        "events",
        "log",
        "snapshot",
        "snapshot / log",
        "one full replay",
        "writing the snapshot",
        "write / replay",
        "peak RSS before writing",
        "peak RSS while writing",
    )
    for name, path in logs:
        had = snapshot_path(path).exists()
        out = subprocess.run(
            [sys.executable, "-c", _SNAPSHOT_COST, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        found = json.loads(out.stdout)
        size = path.stat().st_size
        kept = on_disk(snapshot_path(path)) if found["written"] else None
        if not had:  # leave the log as the other targets find it: a log that has a snapshot
            drop_snapshot(path)  # is opened from it, or gets it rewritten, even when small
        row(
            name,
            found["events"],
            mb(size),
            "not written" if kept is None else mb(kept),
            "-" if kept is None else f"{kept / size:.2f}",
            ms(found["replay"]),
            ms(found["write"]),
            f"{found['write'] / found['replay']:.2f}",
            f"{found['before'] / 1024:.0f} MB",
            f"{found['after'] / 1024:.0f} MB",
        )


def machine() -> str:
    """The processor and core count, as the kernel names them."""
    try:
        info = Path("/proc/cpuinfo").read_text()
        model = next(
            line.split(":", 1)[1].strip() for line in info.splitlines() if "model name" in line
        )
    except (OSError, StopIteration):
        model = "an unknown processor"
    return f"{model}, {os.cpu_count()} cores"


TARGETS: dict[str, Callable[[Sequence[int]], None]] = {
    "validate": validate,
    "charts": charts,
    "fresh": fresh,
    "appends": appends,
    "memory": memory,
    "pages": pages,
    "history": history,
    "broad": broad,
    "snapshot": snapshot,
}
SIZED = {"validate", "charts", "fresh", "appends", "memory", "pages", "snapshot"}
"""The targets that measure the logs of --sizes (the others simulate logs of their own)."""


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(size) for size in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if any(size < BASELINE for size in sizes):
        raise argparse.ArgumentTypeError(f"each size must be at least {BASELINE} events")
    return sizes


def _targets(text: str) -> list[str]:
    unknown = [name for name in text.split(",") if name not in TARGETS]
    if unknown:
        known = ", ".join(TARGETS)
        raise argparse.ArgumentTypeError(f"no target {', '.join(unknown)} (known: {known})")
    return text.split(",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=_sizes, default="10000,100000,1000000")
    parser.add_argument("--only", type=_targets, default=",".join(TARGETS), help="comma-separated")
    parser.add_argument("--smoke", action="store_true", help="every target small, as CI runs it")
    args = parser.parse_args()
    global SCALE
    sizes = [5000] if args.smoke else args.sizes
    SCALE = SMOKE if args.smoke else FULL
    print(f"Python {sys.version.split()[0]} on {machine()}; logs in {LOGS}")
    for size in sizes if SIZED & set(args.only) else []:
        start = time.perf_counter()
        path = log_of(size)
        print(f"log of {size} events: {path.stat().st_size / 1e6:.0f} MB", flush=True)
        if time.perf_counter() - start > 1:
            print(f"  (made in {time.perf_counter() - start:.1f} s)")
    for name in args.only:
        TARGETS[name](sizes)


if __name__ == "__main__":
    main()
