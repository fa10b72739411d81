"""Running Graphviz: DOT source to SVG, PNG or PDF bytes.

A missing ``dot`` program is an expected situation, not a crash: it raises
:class:`~orgsim.errors.GraphvizNotFound` with what to install.
"""

from __future__ import annotations

from typing import Final

import graphviz

from orgsim.errors import GraphvizNotFound, RenderError

__all__ = ["FORMATS", "INSTALL_HINT", "RASTER", "format_of", "render"]

#: The output formats ``render`` knows: ``dot`` is the DOT source itself, and every other is
#: one Graphviz's ``dot`` can write (the common ones first).
FORMATS: Final = ("svg", "png", "pdf", "dot") + tuple(
    sorted(
        set(graphviz.FORMATS)
        - {
            "svg",
            "png",
            "pdf",
            "dot",
            "canon",
            "gv",
            "xdot",
            "xdot1.2",
            "xdot1.4",
            "xdot_json",
            "dot_json",
            "imap_np",
            "cmapx_np",
            # these open windows or need another system
            "gtk",
            "x11",
            "xlib",
            "cgimage",
        }
    )
)
#: Formats drawn in pixels, where ``dpi`` matters.
RASTER: Final = frozenset({"png", "jpg", "jpeg", "jpe", "gif", "bmp", "tif", "tiff", "webp"})

INSTALL_HINT: Final = (
    "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install "
    "graphviz; Windows: winget install graphviz)"
)


def format_of(path: str) -> str | None:
    """The format a file name asks for by its suffix (``out.jpg``: ``jpg``), None for no
    suffix; a suffix that is not a format is refused rather than written as something else."""
    suffix = path.rsplit("/", 1)[-1].rpartition(".")[2].lower() if "." in path else ""
    if not suffix:
        return None
    if suffix not in FORMATS:
        raise RenderError(
            f"cannot tell the format of {path!r}: .{suffix} is not one Graphviz writes "
            f"(give --format, or a suffix among {', '.join(FORMATS[:12])}, ...)"
        )
    return suffix


def render(source: str, fmt: str, *, dpi: int | None = None) -> bytes:
    """The chart drawn in ``fmt`` (one of :data:`FORMATS`); ``dpi`` sets the resolution of
    the formats drawn in pixels (Graphviz's default is 96)."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return source.encode("utf-8")
    if dpi is not None and fmt in RASTER:
        source = source.replace("{", f"{{\n\tdpi={int(dpi)}", 1)
    try:
        data: bytes = graphviz.Source(source).pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound(f"Graphviz's dot program was not found: {INSTALL_HINT}") from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz failed to draw the chart: {detail}") from None
    return data
