"""Spreadsheets of tenures in and out: the data people already have, as a log, and back.

``orgsim.import_csv("tenures.csv")`` reads a spreadsheet of who held which position from when
to when into events (every rule checked; a bad row named with its file, row and column, or left
out and listed when lenient); ``orgsim.export_csv(org.timeline())`` writes a log back in the
same shape.

May import: errors, log, replay.
"""

from orgsim.tabular.cells import DEFAULT_FORMATS, OPEN_ENDS
from orgsim.tabular.exporter import HEADER, export_csv, tenure_rows
from orgsim.tabular.importer import Columns, Imported, RowError, Skipped, import_csv

__all__ = [
    "DEFAULT_FORMATS",
    "HEADER",
    "OPEN_ENDS",
    "Columns",
    "Imported",
    "RowError",
    "Skipped",
    "export_csv",
    "import_csv",
    "tenure_rows",
]
