"""The words a simulated organisation is written in: names, departments, teams, employers.

All invented: no simulated person is a real one, and the companies leavers go to do not exist.
Lists, never sets, so that drawing from them with a seeded generator is repeatable.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "DEPARTMENTS",
    "DESTINATIONS",
    "FIRST_NAMES",
    "SURNAMES",
    "TEAMS",
    "Registry",
    "slug",
]

FIRST_NAMES: Final = (
    "Ada", "Aiko", "Amara", "Anders", "Ana", "Arjun", "Beatriz", "Bilal", "Carmen", "Chen",
    "Chloe", "Dara", "David", "Deepa", "Elena", "Emeka", "Farah", "Felix", "Grace", "Hana",
    "Hugo", "Ibrahim", "Ines", "Isaac", "Jamal", "Jin", "Joanna", "Kai", "Kavya", "Kofi",
    "Lars", "Leila", "Liam", "Lucia", "Malik", "Maria", "Mateo", "Mei", "Nadia", "Nia",
    "Noah", "Olga", "Omar", "Priya", "Quinn", "Rafael", "Rosa", "Sakura", "Samir", "Sara",
    "Sean", "Sofia", "Tariq", "Tomas", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
)  # fmt: skip

SURNAMES: Final = (
    "Abebe", "Adeyemi", "Andersen", "Bauer", "Bianchi", "Brennan", "Castillo", "Chowdhury",
    "Costa", "Dubois", "Eriksson", "Fernandes", "Fischer", "Garcia", "Gupta", "Haddad",
    "Hansen", "Hernandez", "Ito", "Ivanova", "Jensen", "Kaur", "Kim", "Kowalski", "Laine",
    "Larsen", "Lee", "Lopez", "Mensah", "Moreau", "Muller", "Nakamura", "Nguyen", "Novak",
    "O'Connor", "Okafor", "Olsen", "Park", "Patel", "Petrov", "Quispe", "Rahman", "Rossi",
    "Sato", "Schmidt", "Silva", "Singh", "Sokolov", "Tanaka", "Torres", "Van Dijk", "Vargas",
    "Wang", "Weber", "Williams", "Wong", "Yamamoto", "Yilmaz", "Zhang", "Zielinski",
)  # fmt: skip

#: Each department and the title of the people who do its work.
DEPARTMENTS: Final = (
    ("Engineering", "Software Engineer"),
    ("Sales", "Account Executive"),
    ("Product", "Product Manager"),
    ("Operations", "Operations Analyst"),
    ("Marketing", "Marketing Specialist"),
    ("Customer Success", "Support Specialist"),
    ("Finance", "Financial Analyst"),
    ("Research", "Research Scientist"),
    ("People", "People Partner"),
    ("Design", "Product Designer"),
    ("Legal", "Counsel"),
    ("Security", "Security Engineer"),
)

TEAMS: Final = (
    "Analytics", "Americas", "Asia-Pacific", "Billing", "Core", "Data", "Developer Tools",
    "Enterprise", "Europe", "Growth", "Identity", "Infrastructure", "Integrations", "Mobile",
    "Onboarding", "Partnerships", "Payments", "Platform", "Quality", "Reliability", "Search",
    "Self-Serve", "Strategy", "Web",
)  # fmt: skip

#: Where some leavers go (invented employers).
DESTINATIONS: Final = (
    "Blue Harbor Labs", "Cedar & Finch", "Driftwood Bank", "Ember Robotics", "Fernway Health",
    "Granite Cloud", "Halcyon Media", "Ironbark Logistics", "Juniper Analytics",
    "Kestrel Systems", "Lumen Insurance", "Meridian Energy", "Northgate Retail",
    "Orchard Software", "Pinecrest Capital", "a start-up of their own",
)  # fmt: skip

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id from a name or a title: ``"Sean O'Connor"`` -> ``sean-o-connor``."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:56].rstrip("-")


class Registry:
    """Hands out names that were never handed out before: ``Manager, Sales (Europe)``, then
    ``Manager, Sales (Europe) 2``. Ids derived from unique titles and names stay unique forever,
    even after a role is abolished or a person leaves."""

    def __init__(self, separator: str = " ") -> None:
        self._counts: dict[str, int] = {}
        self._separator = separator

    def unique(self, base: str) -> str:
        count = self._counts.get(base, 0) + 1
        self._counts[base] = count
        name = base if count == 1 else f"{base}{self._separator}{count}"
        if count > 1 and name in self._counts:  # "X 2" was itself a base: try the next
            return self.unique(base)
        self._counts.setdefault(name, 1)
        return name
