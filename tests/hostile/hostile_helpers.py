"""Shared by the hostile-input tests (imported by name: tests/hostile is on sys.path)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from game.engine import Game
from game.engine.model import Model

# The app's playing helpers live with the app's tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tui"))


def played(model: Model, scenario_id: str, seed: int, turns: int = 99) -> Game:
    """A game played ``turns`` turns (or to its end) with choices drawn from ``seed``."""
    game = Game(model, model.scenarios[scenario_id], seed)
    rnd = random.Random(seed)
    for _ in range(turns):
        if game.finished:
            break
        game.choose(rnd.choice([i for i, ok in enumerate(game.open_choices()) if ok] or [0]))
    return game
