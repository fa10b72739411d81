"""Creating files so that they survive a crash: the file and its directory entry on disk."""

from __future__ import annotations

import os
from pathlib import Path

from orgsim.errors import OrgsimError

__all__ = ["create_empty", "sync_directory"]


def sync_directory(path: Path) -> None:
    """Flush the directory holding ``path``: a new file's name is only durable after this."""
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_empty(path: Path) -> None:
    """Create an empty file at ``path``, refusing to touch one that is already there."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise OrgsimError(f"{path}: a log is already there; nothing was changed") from None
    except OSError as error:
        raise OrgsimError(f"{path}: cannot create a log: {error.strerror}") from None
    os.close(fd)
    sync_directory(path)
