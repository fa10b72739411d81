"""Escaping, in one place: every string from data passes through here before it reaches
Graphviz's HTML-like labels, an SVG of orgsim's own or a terminal.

Names and titles come from logs that anyone may write, so they may hold angle brackets,
ampersands, quotes, braces, backslashes, newlines or terminal control sequences. Each function
here makes such a string safe for one destination and keeps it readable.
"""

from __future__ import annotations

import json
import re

__all__ = ["html_label_text", "json_text", "pretty_json", "terminal_text", "xml_text"]

# C0 and C1 control characters, DEL included; newlines and tabs are handled separately.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What may act on a terminal or on how a reader sees the text: the controls above (U+009B alone
# starts an escape sequence on some terminals), the bidirectional formatting characters (marks,
# embeddings, overrides, isolates: they reorder what is shown), and the line and paragraph
# separators.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


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
    """Text safe to print: no control or bidirectional formatting character reaches the
    terminal (each is shown as ``\\xNN`` or ``\\uNNNN``), line breaks shown as ``\\n``."""
    text = text.replace("\n", "\\n").replace("\t", " ")
    return _UNSAFE.sub(_shown, text)


def pretty_json(data: object) -> str:
    """``data`` as indented JSON that is safe to print (see :func:`json_text`): the one shape
    every ``--format json`` and ``export json`` writes."""
    return json_text(json.dumps(data, indent=2, ensure_ascii=False))


def json_text(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with every character
    that could act on a terminal written as a ``\\uNNNN`` escape: the same JSON value, safe to
    print. Such characters can only stand inside strings, where the escape means the same."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def xml_text(text: str) -> str:
    """Text for an SVG (XML) element or attribute that orgsim writes itself: markup characters
    and quotes escaped, control characters (not allowed in XML) shown as ``\\xNN``, and the
    bidirectional formatting characters too (they would reorder what a reader sees)."""
    text = _UNSAFE.sub(_shown, text.replace("\r\n", "\n").replace("\n", " ").replace("\t", " "))
    return "".join(_XML.get(char, char) for char in text)
