"""A backdated event that would break the past is refused, and says why.

Events may arrive late (a fact reported weeks after it happened). The log takes them, as long
as the whole timeline still obeys the rules with them in it. Here a hire is backdated to before
the role existed: rule 4 (late arrival) refuses it, naming the event it conflicts with.

Run: python examples/backdated_refused.py
"""

import orgsim
from orgsim import CreateRole, Hire, RuleViolation

SOURCE = "examples/backdated_refused.py"
org = orgsim.Organisation(orgsim.MemoryStore(name="Acme"))
org.append(
    CreateRole(on="2024-03-01", source=SOURCE, role="cfo", title="CFO"),
    Hire(on="2024-03-04", source=SOURCE, person="grace", name="Grace Hopper", role="cfo"),
)

late = Hire(on="2024-02-01", source=SOURCE, person="ada", name="Ada Byron", role="cfo")
try:
    org.append(late)
except RuleViolation as refused:
    print("refused:", refused)
    print("the log still holds", len(org.events), "events")

# Backdated but harmless: Ada joined in February without a role. Accepted.
org.append(Hire(on="2024-02-01", source=SOURCE, person="ada", name="Ada Byron"))
print("accepted: Ada joined on", org.history("ada").stays[0].spell.start.label())
