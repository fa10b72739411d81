"""The ``orgsim`` command: a thin skin over the library.

Each command parses its options, makes one or two library calls and prints. Every
:class:`~orgsim.errors.OrgsimError` becomes one line on standard error and exit status 1.
``query.py`` holds the commands that read a log, ``append.py`` those that add to one, and
``store.py`` those that look after the file (verify, repair, convert, migrate), and
``reactions.py`` those that fold a log into something of its own (project, watch).

May import: everything.
"""

from orgsim.cli import (
    append,
    chains,
    explore,
    forecast,
    query,
    reactions,
    simulate,
    store,
    tabular,
    workspace,
)
from orgsim.cli.base import main

__all__ = ["main"]

del (
    append,
    chains,
    explore,
    forecast,
    query,
    reactions,
    simulate,
    store,
    tabular,
    workspace,
)  # imported for the commands they register on `main`
