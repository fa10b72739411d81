"""OpenAI's November 2023, day by day: the bundled log replayed to each day of that week.

Every chart is derived from the same events; nothing is stored per day. The board removed Sam
Altman on the 17th, Mira Murati was interim CEO, Emmett Shear replaced her, and Altman was back
on the 22nd.

Run: python examples/november_2023.py
"""

import datetime as dt

import orgsim

org = orgsim.load("openai")
day = dt.date(2023, 11, 16)
while day <= dt.date(2023, 11, 23):
    chart = org.chart(day)
    ceo = chart.role("ceo").holder
    who = f"{ceo.name}{' (acting)' if ceo.acting else ''}" if ceo else "vacant"
    print(f"{day:%a %d %b}: CEO {who}")
    day += dt.timedelta(days=1)

print("What happened that week, as the log has it:")
for event in org.timeline().applied:
    if dt.date(2023, 11, 16) <= event.on.start <= dt.date(2023, 11, 23):
        print("  ", event.brief())
