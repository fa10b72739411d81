"""Break each rule check by hand, one at a time, and confirm that a property test fails.

Run: python scripts/mutation_check.py
Each mutation is applied to a scratch copy of the repository (the checkout is never touched);
the property tests run there and must fail. Prints one line per mutation: caught or MISSED.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 240

# (rule, file, text to find, replacement)
MUTATIONS = [
    (
        "1 one holder",
        "orgsim/replay/rules.py",
        "if tenure is not None and tenure.person != person:",
        "if False and tenure is not None and tenure.person != person:",
    ),
    (
        "2 presence (absent person acts)",
        "orgsim/replay/rules.py",
        "    if person not in state.people:\n",
        "    if False and person not in state.people:\n",
    ),
    (
        "2 presence (hired twice)",
        "orgsim/replay/rules.py",
        "    if joined is not None:\n",
        "    if False and joined is not None:\n",
    ),
    (
        "2 presence (leave twice)",
        "orgsim/replay/rules.py",
        "    if began is not None:\n",
        "    if False and began is not None:\n",
    ),
    (
        "3 structure (role must exist)",
        "orgsim/replay/rules.py",
        "    if role not in state.roles:\n",
        "    if False and role not in state.roles:\n",
    ),
    (
        "3 structure (no cycle)",
        "orgsim/replay/rules.py",
        "            if manager == event.role:",
        "            if False and manager == event.role:",
    ),
    (
        "3 structure (abolish only vacant roles)",
        "orgsim/replay/rules.py",
        "        if tenure is not None:\n            raise STRUCTURE",
        "        if False and tenure is not None:\n            raise STRUCTURE",
    ),
    (
        "3 structure (created twice)",
        "orgsim/replay/rules.py",
        "    if existing is not None:\n",
        "    if False and existing is not None:\n",
    ),
    (
        "4 late arrival (a backdated append goes on from the end, checking nothing after it)",
        "orgsim/organisation/organisation.py",
        "(latest is None or event.on.start >= latest)",
        "True",
    ),
    (
        "4 late arrival (a backdated extension resumes instead of rewinding)",
        "orgsim/replay/timeline.py",
        "if day is None or latest is None or day >= latest:",
        "if True:",
    ),
    (
        "5 order (seq only, dates ignored)",
        "orgsim/replay/rules.py",
        "    return (event.on.start, event.seq)",
        "    return (dt.date.min, event.seq)",
    ),
    (
        "6 retraction (withdrawn twice)",
        "orgsim/replay/rules.py",
        "        elif event.target in taken:",
        "        elif False:",
    ),
    # The bulk check of `orgsim validate` states rules 1 to 3 a second time, for speed
    # (docs/explanation/architecture.md): each of its checks, removed, must be caught too.
    (
        "bulk 2 presence (hired twice)",
        "orgsim/organisation/bulk.py",
        "                if person in held:\n",
        "                if False:\n",
    ),
    (
        "bulk 1 one holder (hired into a held role)",
        "orgsim/organisation/bulk.py",
        "if role not in reports_to or role in holders:",
        "if role not in reports_to:",
    ),
    (
        "bulk 2 presence (an absent person departs)",
        "orgsim/organisation/bulk.py",
        "if roles is None:\n                    raise _Unsure\n                for role in roles:",
        "if roles is None:\n                    roles = []\n                for role in roles:",
    ),
    (
        "bulk 1 one holder (promoted into a held role)",
        "orgsim/organisation/bulk.py",
        "if holder is not None and holder != person:",
        "if False:",
    ),
    (
        "bulk 3 structure (reporting to a missing role)",
        "orgsim/organisation/bulk.py",
        "                elif manager not in reports_to:",
        "                elif False:",
    ),
    (
        "bulk 2 presence (a second leave)",
        "orgsim/organisation/bulk.py",
        "if record.person not in held or record.person in away:",
        "if record.person not in held:",
    ),
    (
        "bulk 3 structure (abolished while held or reported to)",
        "orgsim/organisation/bulk.py",
        "if role in self.holders or reports.get(role):",
        "if False:",
    ),
    (
        "bulk 3 structure (a reporting cycle)",
        "orgsim/organisation/bulk.py",
        "                if above == role:",
        "                if False:",
    ),
]


def main() -> int:
    missed = 0
    for rule, name, find, replace in MUTATIONS:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "repo"
            shutil.copytree(
                ROOT,
                copy,
                ignore=shutil.ignore_patterns(
                    ".git", ".hypothesis", "__pycache__", "*.egg-info", ".logs", "site"
                ),
            )
            target = copy / name
            text = target.read_text()
            if text.count(find) != 1:
                print(f"?       rule {rule}: the text to mutate is not found once in {name}")
                missed += 1
                continue
            target.write_text(text.replace(find, replace))
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-x",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "tests/property",
                ],
                cwd=copy,
                capture_output=True,
                text=True,
                check=False,
            )
            caught = result.returncode != 0
            missed += not caught
            failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
            print(
                f"{'caught' if caught else 'MISSED':<7} rule {rule}: {failed[0] if failed else ''}"
            )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
