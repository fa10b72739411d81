"""Synthetic organisations: a company that evolves for years, written as a valid event log.

``orgsim.simulate(people=300, years=5, seed=1)`` gives the events; ``orgsim simulate`` writes
them to a log. Teachers get a company to play with, benchmarks a realistic log of any size.

May import: errors, log.
"""

from orgsim.simulation.company import simulate
from orgsim.simulation.parameters import Simulation

__all__ = ["Simulation", "simulate"]
