"""Running Graphviz: DOT source to SVG, PNG or PDF bytes; and how wide a page is.

A missing ``dot`` program is an expected situation, not a crash: it raises
:class:`~orgsim.errors.GraphvizNotFound` with what to install.
"""

from __future__ import annotations

import re
from typing import Final

import graphviz

from orgsim.errors import GraphvizNotFound, RenderError

__all__ = [
    "FORMATS",
    "INSTALL_HINT",
    "PAGES",
    "RASTER",
    "format_of",
    "page_file",
    "page_width",
    "render",
]

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


#: The named page widths, in inches: what is left of a portrait A4 or US Letter sheet inside
#: half-inch margins, and a full-HD screen (1920 px at 96 px to the inch).
PAGES: Final = {"a4": 8.27 - 1.0, "letter": 8.5 - 1.0, "screen": 1920 / 96}
_PER_INCH: Final = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4}
_WIDTH = re.compile(r"(\d+(?:\.\d+)?)\s*(in|cm|mm|px)")
#: The narrowest and widest pages drawn: below 2 inches no card fits, and past 200 inches (a
#: wall) a width is surely a slip of the keyboard.
_NARROWEST, _WIDEST = 2.0, 200.0


def page_width(text: str, dpi: int | None = None) -> float:
    """The width in inches that ``text`` names: ``a4``, ``letter``, ``screen``, or a number
    with its unit (``11in``, ``28cm``, ``280mm``, ``1400px``). Pixels are counted at ``dpi``
    (a PNG's resolution), else at 96 to the inch, as browsers show SVG. A unit is required: a
    bare number could mean any of them. Raises ValueError, saying what is accepted."""
    name = text.strip().lower()
    if name in PAGES:
        return PAGES[name]
    match = _WIDTH.fullmatch(name)
    if match is None:
        raise ValueError(
            f"{text!r} is not a width: give {', '.join(PAGES)}, or a number with in, cm, mm "
            "or px (11in, 28cm, 1400px)"
        )
    number, unit = float(match.group(1)), match.group(2)
    inches = number / (dpi or 96) if unit == "px" else number * _PER_INCH[unit]
    if not _NARROWEST <= inches <= _WIDEST:
        raise ValueError(
            f"{text} is {inches:.1f} inches; a page must be {_NARROWEST:g} to {_WIDEST:g} "
            "inches wide"
        )
    return inches


def page_file(first: str, root: str | None) -> str:
    """Where the page of ``root``'s team goes when a chart drawn to a width is written as
    several files: beside ``first`` (where the first page goes), named after the role as
    ``--root`` names its file (``chart.svg``: ``chart-vp-sales.svg``). Role ids are slugs,
    so the name is safe on any file system."""
    if root is None:
        return first
    head, slash, name = first.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    named = f"{stem}-{root}.{suffix}" if dot and stem else f"{name}-{root}"
    return f"{head}{slash}{named}"
