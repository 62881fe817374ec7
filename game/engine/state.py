"""The state of N runs at once: one float32 matrix, a row per variable, a column per run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from . import rng
from .model import Model, Scenario

NO_EVENT = -1


@dataclass
class State:
    """N games side by side. Runs lie along the last axis; N = 1 is an interactive game."""

    values: npt.NDArray[np.float32]  # (V, N); rows per Model.layout
    runs: npt.NDArray[np.uint64]  # (N,) run indices, the counter for randomness
    seed: int | npt.NDArray[np.uint64]  # one seed, or (N,) seeds: one per run (a batch of saves)
    scenario: str
    turn: int  # the turn being played (0-based)
    alive: npt.NDArray[np.bool_]  # (N,) still playing
    event: npt.NDArray[np.int32]  # (N,) the event drawn this turn, or NO_EVENT
    due: npt.NDArray[np.int16]  # (E, N) turn a follow-up is due, -1 when none
    exit_turn: npt.NDArray[np.int16]  # (N,) turn the run ended, -1 while playing
    ending: npt.NDArray[np.int16]  # (N,) index into Model.endings, -1 while playing
    # meters (M, N) after each turn
    history: list[npt.NDArray[np.float32]] | None = field(default=None)

    @property
    def n(self) -> int:
        return int(self.values.shape[1])

    def copy(self) -> State:
        return State(
            values=self.values.copy(),
            runs=self.runs.copy(),
            seed=self.seed.copy() if isinstance(self.seed, np.ndarray) else self.seed,
            scenario=self.scenario,
            turn=self.turn,
            alive=self.alive.copy(),
            event=self.event.copy(),
            due=self.due.copy(),
            exit_turn=self.exit_turn.copy(),
            ending=self.ending.copy(),
            history=None if self.history is None else [h.copy() for h in self.history],
        )


class FullEnv:
    """All runs: rows are views into the state matrix."""

    def __init__(self, state: State) -> None:
        self.state = state

    def get(self, row: int) -> npt.NDArray[np.float32]:
        # The explicit slice keeps numpy's stubs from typing the row as Any; still a view.
        return self.state.values[row, :]

    def rand(self, purpose: int) -> npt.NDArray[np.float64]:
        s = self.state
        return rng.uniform(s.seed, s.runs, s.turn, purpose)


class SubsetEnv:
    """Some runs (by column index): a row is gathered the first time it is read."""

    def __init__(self, state: State, idx: npt.NDArray[np.intp]) -> None:
        self.state = state
        self.idx = idx
        self._rows: dict[int, npt.NDArray[np.float32]] = {}

    def get(self, row: int) -> npt.NDArray[np.float32]:
        got = self._rows.get(row)
        if got is None:
            got = self._rows[row] = self.state.values[row, self.idx]
        return got

    def rand(self, purpose: int) -> npt.NDArray[np.float64]:
        s = self.state
        seed = s.seed[self.idx] if isinstance(s.seed, np.ndarray) else s.seed
        return rng.uniform(seed, s.runs[self.idx], s.turn, purpose)


def world_values(
    model: Model, scenario: Scenario, overrides: Mapping[str, float] | None
) -> dict[str, float]:
    """The scenario's world settings with overrides applied (validated by the caller)."""
    values = {w.id: float(scenario.world.get(w.id, w.default)) for w in model.world}
    for key, value in (overrides or {}).items():
        if key not in values:
            raise KeyError(key)
        values[key] = float(value)
    return values


def new_state(
    model: Model,
    scenario: Scenario,
    seed: int | npt.NDArray[np.uint64],
    runs: int | npt.NDArray[np.uint64],
    world: Mapping[str, float] | None = None,
    keep_history: bool = False,
) -> State:
    """The starting state of ``runs`` games (a count, or explicit run indices).

    ``seed`` is one seed, or an array with one seed per run (see rng.uniform).
    """
    run_idx = (
        np.arange(runs, dtype=np.uint64)
        if isinstance(runs, int)
        else np.asarray(runs, dtype=np.uint64)
    )
    n = run_idx.shape[0]
    layout = model.layout
    values = np.zeros((len(layout), n), dtype=np.float32)
    for m in model.meters:
        values[layout[m.id]] = scenario.start.get(m.id, m.start)
    for c in model.clocks:
        values[layout[c.id]] = c.start
    for key, value in world_values(model, scenario, world).items():
        values[layout[f"world.{key}"]] = value
    state = State(
        values=values,
        runs=run_idx,
        seed=np.asarray(seed, dtype=np.uint64) if isinstance(seed, np.ndarray) else int(seed),
        scenario=scenario.id,
        turn=0,
        alive=np.ones(n, dtype=bool),
        event=np.full(n, NO_EVENT, dtype=np.int32),
        due=np.full((len(model.events), n), -1, dtype=np.int16),
        exit_turn=np.full(n, -1, dtype=np.int16),
        ending=np.full(n, -1, dtype=np.int16),
        history=[] if keep_history else None,
    )
    if state.history is not None:
        state.history.append(values[: len(model.meters)].copy())
    return state
