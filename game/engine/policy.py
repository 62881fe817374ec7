"""Simulated players. A choice's chance is proportional to the product of its tags' weights."""

from __future__ import annotations

import numpy as np

from . import rng
from .model import Model, Policy
from .state import NO_EVENT, State

BUILTIN: dict[str, dict[str, float]] = {
    "random": {},
    # Fights for the neighbourhood, over the top and from below; little else.
    "conflict": {"conflict_top": 6, "conflict_below": 6, "alliance": 0.3, "comply": 0.3},
    # Seeks partners and big institutions; avoids a fight.
    "alliance": {"alliance": 6, "connect": 3, "conflict_top": 0.2, "conflict_below": 0.2},
    # Takes the management role and the money; leaves the street.
    "careerist": {
        "management": 8,
        "fundraise": 3,
        "comply": 2,
        "conflict_below": 0.3,
        "step_back": 0.5,
    },
    # Trains a successor, teaches, reflects.
    "mentor": {"successor": 8, "training": 3, "reflect": 2},
    # Takes care of self and home: reflection, stepping back in time.
    "caretaker": {"reflect": 5, "step_back": 4, "new_project": 0.4},
    # A mix, as the essay's tightrope walkers do: reflect, connect, pass on, fight at times.
    "balanced": {
        "reflect": 3.5,
        "successor": 7,
        "training": 2.5,
        "step_back": 2,
        "connect": 2,
        "observe": 1.5,
        "new_project": 1.5,
        "alliance": 1.2,
        "conflict_top": 1.5,
        "conflict_below": 1.5,
        "management": 0.7,
        "comply": 0.3,
        "exit": 0.6,
    },
}


def builtin(name: str) -> Policy:
    """A built-in policy by name (KeyError when unknown)."""
    return Policy(name, dict(BUILTIN[name]))


def choice_weights(model: Model, policy: Policy) -> np.ndarray:
    """(E, C) float64: the policy's weight for each choice of each event (0: no such choice)."""
    out = np.zeros((len(model.events), max(model.max_choices, 1)), dtype=np.float64)
    for ei, ev in enumerate(model.events):
        for ci, ch in enumerate(ev.choices):
            w = 1.0
            for tag in ch.tags:
                w *= float(policy.weights.get(tag, 1.0))
            out[ei, ci] = w
    return out


def pick(state: State, weights: np.ndarray, open_: np.ndarray) -> np.ndarray:
    """Each live run's choice, drawn from the policy's weights over the open choices."""
    ev = np.where(state.event == NO_EVENT, 0, state.event)
    w = weights[ev] * open_
    # A policy that weighs every open choice at zero still has to act: fall back to even odds.
    none = w.sum(axis=1) <= 0
    w[none] = open_[none]
    total = w.sum(axis=1)
    u = rng.uniform(state.seed, state.runs, state.turn, rng.CHOICE) * total
    choice = (np.cumsum(w, axis=1) > u[:, None]).argmax(axis=1)
    return np.where(state.event == NO_EVENT, 0, choice).astype(np.int64)
