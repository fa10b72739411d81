"""How wide Graphviz will draw a card, and the room it leaves around cards, estimated without
running it: a chart drawn to a width is planned before any DOT is written, from these numbers.

The font metrics are Helvetica's; the spacing is what the drawing (:mod:`~orgsim.views.dot`)
asks of Graphviz, or what Graphviz keeps of its own accord, so a change to one is a change to
the other. Where Graphviz's text is wider than counted here, the estimates err wide, so that a
plan that fits here fits on the page.
"""

from __future__ import annotations

import html
import re

# What the plan counts with, in points, as Graphviz draws: the space a cluster keeps around
# what it holds (an invisible team's, a frame's), the space between two cards side by side,
# the page's own margin, and how much of the width the plan fills (the rest allows for fonts a
# little wider than measured); and the height of one rank, a card and the space below it.
NEST = 6.0
FRAME = 6.0
GAP = 18.0
_PAD = 4.0
_SLACK = 0.96
RANK = 86.0
LANE = 20.0

# Helvetica's advance widths (thousandths of the type size) for the printable ASCII characters,
# from its AFM files; Liberation Sans and Arial, which stand in for it, share them.
_REGULAR = [
    *(278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278),
    *([556] * 10),
    *(278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500),
    *(667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278),
    *(278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222),
    *(833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584),
]
_BOLD = [
    *(278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278),
    *([556] * 10),
    *(333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556),
    *(722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333),
    *(278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278),
    *(889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584),
]
_ROW = re.compile(r"<TR>(.*?)</TR>")
_SIZE = re.compile(r'POINT-SIZE="(\d+)"')
_TAG = re.compile(r"<[^>]*>")


def _text_width(text: str, size: float, bold: bool) -> float:
    """How wide ``text`` is set in Helvetica at ``size`` points; a character beyond ASCII is
    counted as wide as a capital (an East Asian one as a whole em), to err wide."""
    widths = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        code = ord(char)
        total += widths[code - 32] if 32 <= code < 127 else 1000 if code >= 0x2E80 else 722
    return total * size / 1000


def label_width(label: str) -> float:
    """How wide Graphviz draws a card with this HTML-like label, in points: its widest row,
    scaled as Graphviz's text layout measured the cards of real charts (about 1.2 to 1.3 times
    Helvetica's advance widths, and a constant for the margins), erring wide."""
    widest = 0.0
    for row in _ROW.findall(label):
        size = _SIZE.search(row)
        text = html.unescape(_TAG.sub("", row))
        widest = max(widest, _text_width(text, float(size.group(1)) if size else 14, "<B>" in row))
    return 1.3 * widest + 10


def page_room(width: float) -> float:
    """The points a plan may fill across a page ``width`` inches wide: the page less its margin
    on either side, and less a little for fonts wider than measured."""
    return width * 72 * _SLACK - 2 * _PAD
