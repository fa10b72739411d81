"""A real PostgreSQL server for the tests, started by them: initdb and pg_ctl from Debian's
postgresql package, in a temporary directory, listening on a unix socket only.

PostgreSQL refuses to run as root, so under root (CI) the server runs as the ``postgres`` user
the package creates. Nothing outside the temporary directory is touched; the server is stopped
and the directory removed when the tests are done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["bindir", "postgres_server"]

USER = "orgsim"


def bindir() -> Path | None:
    """Where initdb and pg_ctl are: Debian keeps them per version under /usr/lib/postgresql."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found and shutil.which("pg_ctl") else None


def _as_server_user() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@contextmanager
def postgres_server(*, durable: bool = False) -> Iterator[str]:
    """Start a server; yield the URL of its ``postgres`` database (as the ``orgsim`` user).

    The tests check behaviour, not survival of a power cut, so the server does not flush to
    disk unless ``durable`` (benchmarks that compare the stores' appends ask for it)."""
    binaries = bindir()
    if binaries is None:
        raise FileNotFoundError("initdb and pg_ctl not found: apt-get install postgresql")
    # Under /tmp directly: the socket path must stay short, and the server user must reach it.
    base = Path(tempfile.mkdtemp(prefix="orgsim-pg-", dir="/tmp"))
    data, socket = base / "data", base / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(socket, "postgres")
    run = _as_server_user()
    try:
        subprocess.run(
            [*run, str(binaries / "initdb"), "-D", str(data), "-U", USER, "-A", "trust",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        options = f"-k {socket} -c listen_addresses='' -c max_connections=60"
        options += "" if durable else " -c fsync=off"
        subprocess.run(
            [*run, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w",
             "-l", str(base / "server.log"), "start"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        try:
            yield f"postgresql://{USER}@/postgres?host={socket}"
        finally:
            subprocess.run(
                [*run, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)
