"""Escaping, in one place: every string from data passes through here before it reaches
Graphviz's HTML-like labels or a terminal.

Names and titles come from logs that anyone may write, so they may hold angle brackets,
ampersands, quotes, braces, backslashes, newlines or terminal control sequences. Each function
here makes such a string safe for one destination and keeps it readable.
"""

from __future__ import annotations

import re

__all__ = ["html_label_text", "terminal_text"]

# C0 and C1 control characters, DEL included; newlines and tabs are handled separately.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "&#92;&#92;"}


def html_label_text(text: str) -> str:
    """Text for a Graphviz HTML-like label: markup characters escaped, line breaks as ``<BR/>``.

    A backslash is doubled: Graphviz reads ``\\N``, ``\\G`` and friends as escapes even inside
    HTML-like labels (after resolving entities), so a name holding ``\\N`` would otherwise show
    the node's id.

    Control characters (which would make the SVG invalid XML) are shown as ``\\xNN``.
    """
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\r\n", "\n"))
    escaped = "".join(_HTML.get(char, char) for char in text)
    return escaped.replace("\t", " ").replace("\n", "<BR/>")


def terminal_text(text: str) -> str:
    """Text safe to print: no escape sequences reach the terminal, line breaks shown as ``\\n``."""
    text = text.replace("\n", "\\n").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
