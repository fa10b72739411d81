"""A process manager over the OpenAI log: which seats stayed empty for more than 30 days, when
it would have warned, and which are still empty when the log ends.

Run: python examples/vacancy_watch.py
"""

import orgsim
from orgsim.processes import VacancyWatch, run

for action in run(VacancyWatch(30), orgsim.load("openai")):
    if action.kind != "closed" or "late" in action.message:
        print(f"{action.day}  {action.kind:<6}  {action.message}")
