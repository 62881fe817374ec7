"""Simulated players. A choice's chance is proportional to the product of its tags' weights.

A policy is data (content/policies.yaml): base weights per tag, and optional rules that
change some tags' weights for the runs whose state meets a condition — so a simulated
tightrope walker rests when energy runs low and passes the baton late in the decade.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from . import rng
from .model import TAGS, Model, Policy
from .state import NO_EVENT, FullEnv, State

_TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}
_PAD = len(TAGS)  # a column that always weighs 1: pads choices with fewer tags


def random_policy() -> Policy:
    """Every open choice equally likely: the baseline of every comparison."""
    return Policy("random", {})


def builtin(name: str) -> Policy:
    """A policy with no rules, for tests and benchmarks that need one without content."""
    if name != "random":
        raise KeyError(name)
    return random_policy()


def choice_weights(model: Model, policy: Policy) -> npt.NDArray[np.float64]:
    """(E, C) float64: the policy's base weight for each choice of each event (0: no choice)."""
    out = np.zeros((len(model.events), max(model.max_choices, 1)), dtype=np.float64)
    for ei, ev in enumerate(model.events):
        for ci, ch in enumerate(ev.choices):
            w = 1.0
            for tag in ch.tags:
                w *= float(policy.weights.get(tag, 1.0))
            out[ei, ci] = w
    return out


class Chooser:
    """A policy made ready for one model: weights per choice, per run when rules apply."""

    def __init__(self, model: Model, policy: Policy) -> None:
        self.model = model
        self.policy = policy
        self.base = choice_weights(model, policy)
        if not policy.rules:
            return
        k = max((len(ch.tags) for ev in model.events for ch in ev.choices), default=1)
        # (E, C, K) tag columns of every choice, padded with the always-1 column.
        self.tags = np.full((len(model.events), self.base.shape[1], max(k, 1)), _PAD, np.int64)
        for ei, ev in enumerate(model.events):
            for ci, ch in enumerate(ev.choices):
                for ki, tag in enumerate(ch.tags):
                    self.tags[ei, ci, ki] = _TAG_INDEX[tag]
        self.tag_base = np.ones(len(TAGS) + 1, dtype=np.float64)
        for tag, w in policy.weights.items():
            self.tag_base[_TAG_INDEX[tag]] = w

    def weights(self, state: State) -> npt.NDArray[np.float64]:
        """(N, C): each run's weight for each choice of its drawn event."""
        ev = np.where(state.event == NO_EVENT, 0, state.event)
        if not self.policy.rules:
            return self.base[ev]
        n = state.n
        tag_w = np.broadcast_to(self.tag_base, (n, self.tag_base.size)).copy()
        env = FullEnv(state)
        for rule in self.policy.rules:
            on = np.broadcast_to(np.asarray(rule.when(env)) != 0, (n,))
            if not on.any():
                continue
            for tag, w in rule.weights.items():
                tag_w[on, _TAG_INDEX[tag]] = w
        cols = self.tags[ev]  # (N, C, K)
        per_tag = np.take_along_axis(tag_w[:, None, :], cols.reshape(n, -1)[:, None, :], axis=2)
        w = per_tag.reshape(cols.shape).prod(axis=2)
        return np.where(self.base[ev] > 0, w, 0.0)


def pick(
    state: State, weights: npt.NDArray[np.float64], open_: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Each live run's choice, drawn from its (N, C) weights (``Chooser.weights``) over the open ones."""
    w = weights * open_
    # A policy that weighs every open choice at zero still has to act: fall back to even odds.
    none = w.sum(axis=1) <= 0
    w[none] = open_[none]
    total = w.sum(axis=1)
    u = rng.uniform(state.seed, state.runs, state.turn, rng.CHOICE) * total
    choice = (np.cumsum(w, axis=1) > u[:, None]).argmax(axis=1)
    return np.where(state.event == NO_EVENT, 0, choice).astype(np.int64)
