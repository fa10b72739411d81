"""The log's vocabulary: what one line of the log says, and nothing about what follows from it.

- ``dates.py``: a date with its precision (a day, a month or a year);
- ``events.py``: one frozen class per event kind, which cannot be built invalid;
- ``codec.py``: events to canonical JSON lines and back, strictly; ``Decoder``, the fast reader
  of large logs.

Nothing here knows where a log is kept, what the rules are or what replay makes of it.

May import: errors.
"""
