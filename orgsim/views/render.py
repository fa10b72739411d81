"""Running Graphviz: DOT source to SVG, PNG or PDF bytes.

A missing ``dot`` program is an expected situation, not a crash: it raises
:class:`~orgsim.errors.GraphvizNotFound` with what to install.
"""

from __future__ import annotations

from typing import Final

import graphviz

from orgsim.errors import GraphvizNotFound, RenderError

__all__ = ["FORMATS", "INSTALL_HINT", "render"]

#: The output formats ``render`` knows; ``dot`` is the DOT source itself.
FORMATS: Final = ("svg", "png", "pdf", "dot")

INSTALL_HINT: Final = (
    "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install "
    "graphviz; Windows: winget install graphviz)"
)


def render(source: str, fmt: str) -> bytes:
    """The chart drawn in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return source.encode("utf-8")
    try:
        data: bytes = graphviz.Source(source).pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound(f"Graphviz's dot program was not found: {INSTALL_HINT}") from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz failed to draw the chart: {detail}") from None
    return data
