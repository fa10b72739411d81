"""An old line read as a current event, and a whole old log copied into the current shape.

Version 1 of a departure held free text in ``destination`` ("Globex, as its CTO"); version 2
holds the organisation's name. Reading the old line runs one upcaster; nothing in the old
log changes. ``orgsim.migrate`` writes a copy in the current version, with a chain of its own.

Run: python examples/upcast_an_old_line.py
"""

import tempfile
from pathlib import Path

import orgsim
from orgsim.log.codec import decode_line, encode_line

OLD = (
    '{"seq": 1, "kind": "depart", "on": "2021-03-31", "source": "memo", "person": "alan", '
    '"reason": "resigned", "destination": "Globex, as its CTO"}'
)

event = decode_line(OLD)
print("read as:     ", event.destination, "|", event.note)
print("written back:", encode_line(event))
print("current:     ", encode_line(event, current=True))

with tempfile.TemporaryDirectory() as folder:
    old, new = Path(folder) / "old.jsonl", Path(folder) / "new.jsonl"
    old.write_text(
        '{"seq": 1, "kind": "role", "on": "2019-01-07", "source": "memo", "role": "cto", '
        '"title": "CTO", "reports_to": null}\n'
        '{"seq": 2, "kind": "hire", "on": "2019-01-07", "source": "memo", "person": "alan", '
        '"name": "Alan", "role": "cto"}\n' + OLD.replace('"seq": 1', '"seq": 3') + "\n",
        encoding="utf-8",
    )
    print(orgsim.migrate(old, new).summary())
