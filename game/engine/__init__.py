"""The pure simulation: state in, choice in, state and an explanation out.

No Textual and no files here (checked by import-linter and tests/test_purity.py).
"""

from .batch import BatchResult, simulate
from .game import Change, Game, TurnRecord
from .model import CHANGE_TAGS, INITIATIVES, PERSONS, TAGS, Model, Policy, Scenario
from .turn import begin_turn, choices_open, end_turn, time_of

__all__ = [
    "CHANGE_TAGS",
    "INITIATIVES",
    "PERSONS",
    "TAGS",
    "BatchResult",
    "Change",
    "Game",
    "Model",
    "Policy",
    "Scenario",
    "TurnRecord",
    "begin_turn",
    "choices_open",
    "end_turn",
    "simulate",
    "time_of",
]
