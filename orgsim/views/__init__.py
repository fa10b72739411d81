"""Views: what a chart looks like as DOT/SVG, as an indented text tree, as JSON.

A view takes values (a chart) and returns text or bytes; it never reads a log or a file.

May import: errors, log, replay, questions, forecasting.
"""

from orgsim.questions import chart
from orgsim.views.data import chart_data
from orgsim.views.dot import Page, chart_dot, chart_pages
from orgsim.views.rendering import FORMATS, page_width, render
from orgsim.views.text import chart_text

__all__ = [
    "FORMATS",
    "Page",
    "chart_data",
    "chart_dot",
    "chart_pages",
    "chart_text",
    "page_width",
    "render",
]


def _svg(drawn: chart.Chart) -> str:
    return render(chart_dot(drawn), "svg").decode("utf-8")


chart.lend_drawing(_svg)
