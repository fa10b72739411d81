"""Writers killed with SIGKILL at random moments lose nothing they acknowledged, and the log
always opens again (after `repair` when the kill tore the last line)."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orgsim import JsonlStore, TornLine, open_store
from tests.integration.crash_writer import event

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_killed_writers_lose_nothing_acknowledged(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"log{suffix}"
    store = open_store(path)
    store.create()
    rng = random.Random(6)
    acknowledged = 0
    repairs = 0
    for round_ in range(ROUNDS):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.crash_writer", str(path), str(round_)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.15))  # let it write for a while, then pull the plug
        writer.kill()
        output, _ = writer.communicate()
        assert writer.returncode == -9
        checked, acknowledged = acknowledged, max([acknowledged, *map(int, output.split())])
        try:
            events = store.read().events  # the chain is checked on every read
        except TornLine as torn:
            assert isinstance(store, JsonlStore)
            store.repair(torn)
            repairs += 1
            events = store.read().events
        assert len(events) >= acknowledged  # earlier rounds' events: the chain vouches for them
        assert list(events[checked:acknowledged]) == [
            event(seq) for seq in range(checked + 1, acknowledged + 1)
        ]
    assert acknowledged > 0 and store.verify().count >= acknowledged
    print(f"{suffix}: {acknowledged} events acknowledged, {repairs} torn lines repaired")
