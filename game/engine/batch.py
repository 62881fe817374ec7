"""Many games at once: the simulator behind `simulate`, `balance` and the class baseline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .model import Model, Policy
from .policy import choice_weights, pick
from .state import State, new_state
from .turn import begin_turn, choices_open, end_turn


@dataclass
class BatchResult:
    """What N simulated decades came to."""

    state: State
    ending: np.ndarray  # (N,) index into model.endings
    exit_turn: np.ndarray  # (N,)
    final: np.ndarray  # (M, N) meters at the end
    events_drawn: np.ndarray  # (E,) how often each event was drawn
    choices_taken: np.ndarray  # (E, C) how often each choice was taken
    choice_runs: np.ndarray | None  # (E, C, N) bool: did run n take this choice (if asked)


def simulate(
    model: Model,
    scenario_id: str,
    runs: int,
    seed: int,
    policy: Policy,
    world: Mapping[str, float] | None = None,
    first_run: int = 0,
    record_choices: bool = False,
) -> BatchResult:
    """Play ``runs`` games with ``policy``; run i here equals the single game of index first_run + i."""
    scenario = model.scenarios[scenario_id]
    state = new_state(
        model, scenario, seed, np.arange(first_run, first_run + runs, dtype=np.uint64), world
    )
    weights = choice_weights(model, policy)
    e_count, c_max = weights.shape
    drawn = np.zeros(e_count, dtype=np.int64)
    taken = np.zeros((e_count, c_max), dtype=np.int64)
    took = np.zeros((e_count, c_max, runs), dtype=bool) if record_choices else None
    for _ in range(scenario.turns):
        if not state.alive.any():
            break
        event = begin_turn(model, state)
        open_ = choices_open(model, state)
        choice = pick(state, weights, open_)
        live = event >= 0
        np.add.at(drawn, event[live], 1)
        np.add.at(taken, (event[live], choice[live]), 1)
        if took is not None:
            took[event[live], choice[live], np.nonzero(live)[0]] = True
        end_turn(model, state, choice)
    return BatchResult(
        state=state,
        ending=state.ending.copy(),
        exit_turn=state.exit_turn.copy(),
        final=state.values[: len(model.meters)].copy(),
        events_drawn=drawn,
        choices_taken=taken,
        choice_runs=took,
    )
