"""The first chart: five events, replayed to the organisation on a date.

An event-sourced org chart keeps no chart at all: it keeps what happened (a role was created,
someone was hired into it, someone left) and works the chart out for any date you ask about.

Run: python examples/first_chart.py
"""

import orgsim
from orgsim import CreateRole, Depart, Hire
from orgsim.views import chart_text

SOURCE = "examples/first_chart.py"

# The log: five facts, each with the date it took effect and where it comes from.
org = orgsim.Organisation(orgsim.MemoryStore(name="Acme"))
org.append(
    CreateRole(on="2024-01-08", source=SOURCE, role="ceo", title="Chief Executive"),
    CreateRole(on="2024-01-08", source=SOURCE, role="cto", title="CTO", reports_to="ceo"),
    Hire(on="2024-01-09", source=SOURCE, person="ada", name="Ada Byron", role="ceo"),
    Hire(on="2024-02", source=SOURCE, person="alan", name="Alan Turing", role="cto"),
    Depart(on="2024-09-30", source=SOURCE, person="alan", reason="resigned"),
)

# The same log answers for any date: before Alan came, while he was there, after he left.
for day in ("2024-01-10", "2024-06-01", "2024-10-01"):
    print(chart_text(org.chart(day)))
