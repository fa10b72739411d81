"""What was known when: the same question answered from the news of a day, and from now.

Every event has the date it took effect (``on``) and the date it became known (``recorded``).
On 26 September 2024 nobody had reported yet that Barret Zoph had taken over post-training in
August; the log knows it now.

Run: python examples/known_when.py
"""

import orgsim
from orgsim.views.report import succession_text

org = orgsim.load("openai")
print("As known on 26 Sep 2024:")
print(succession_text(org.succession("post-training-lead", known_on="2024-09-26")))
print("As known now:")
print(succession_text(org.succession("post-training-lead")))
