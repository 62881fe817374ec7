"""Many games at once: the simulator behind `simulate`, `balance` and the class baseline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import rng
from .model import Model, Policy
from .policy import Chooser, pick
from .state import NO_EVENT, State, new_state
from .turn import begin_turn, choices_open, end_turn

TRACE_PERCENTILES = (5, 25, 50, 75, 95)
LOW, HIGH = 2.0, 98.0  # a meter at or beyond these is pinned at its limit


@dataclass
class Trajectory:
    """How the meters moved over the decade, over the runs still playing each turn."""

    percentiles: np.ndarray  # (T, M, 5) p5/p25/p50/p75/p95 after each turn
    low: np.ndarray  # (T, M) share of the playing runs at <= LOW
    high: np.ndarray  # (T, M) share at >= HIGH
    playing: np.ndarray  # (T,) runs playing that turn
    rule_counts: np.ndarray  # (R, M, 2) runs each rule raised / lowered each meter


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
    trajectory: Trajectory | None = None  # with trace=True
    swapped: np.ndarray | None = None  # (N,) bool: the run's choice was swapped (with swap_turn)


def simulate(
    model: Model,
    scenario_id: str,
    runs: int,
    seed: int,
    policy: Policy,
    world: Mapping[str, float] | None = None,
    first_run: int = 0,
    record_choices: bool = False,
    trace: bool = False,
    swap_turn: np.ndarray | None = None,
    trace_percentiles: bool = True,
) -> BatchResult:
    """Play ``runs`` games with ``policy``; run i here equals the single game of index first_run + i.

    ``trace`` records the meters' trajectories and what each rule did (see Trajectory);
    ``trace_percentiles=False`` leaves out its percentiles (NaN), the costliest part (a
    partial sort of every meter every turn), for callers that read only the rest.
    ``swap_turn`` (N,) makes run i take, in turn swap_turn[i], another open choice than the
    policy drew (drawn evenly among the others): "what if this one choice had differed".
    """
    scenario = model.scenarios[scenario_id]
    state = new_state(
        model, scenario, seed, np.arange(first_run, first_run + runs, dtype=np.uint64), world
    )
    chooser = Chooser(model, policy)
    e_count, c_max = chooser.base.shape
    meters = len(model.meters)
    drawn = np.zeros(e_count, dtype=np.int64)
    taken = np.zeros((e_count, c_max), dtype=np.int64)
    took = np.zeros((e_count, c_max, runs), dtype=bool) if record_choices else None
    rec = _Recorder(model, scenario.turns, trace_percentiles) if trace else None
    swapped = np.zeros(runs, dtype=bool) if swap_turn is not None else None
    for _ in range(scenario.turns):
        if not state.alive.any():
            break
        event = begin_turn(model, state)
        open_ = choices_open(model, state)
        choice = pick(state, chooser.weights(state), open_)
        if swap_turn is not None and swapped is not None:
            choice = _swap(state, choice, open_, swap_turn, swapped)
        live = event >= 0
        np.add.at(drawn, event[live], 1)
        np.add.at(taken, (event[live], choice[live]), 1)
        if took is not None:
            took[event[live], choice[live], np.nonzero(live)[0]] = True
        playing = state.alive.copy()
        end_turn(model, state, choice, rule_counts=rec.rule_counts if rec else None)
        if rec is not None:
            rec.record(state.turn - 1, state.values[:meters], playing)
    return BatchResult(
        state=state,
        ending=state.ending.copy(),
        exit_turn=state.exit_turn.copy(),
        final=state.values[:meters].copy(),
        events_drawn=drawn,
        choices_taken=taken,
        choice_runs=took,
        trajectory=rec.result() if rec else None,
        swapped=swapped,
    )


def _swap(
    state: State, choice: np.ndarray, open_: np.ndarray, swap_turn: np.ndarray, swapped: np.ndarray
) -> np.ndarray:
    """In each run's swap turn, another open choice than the drawn one, if there is one."""
    now = (swap_turn == state.turn) & state.alive & (state.event != NO_EVENT)
    if not now.any():
        return choice
    others = open_.copy()
    others[np.arange(state.n), choice] = False
    can = now & others.any(axis=1)
    if not can.any():
        return choice
    w = others.astype(np.float64)
    total = w.sum(axis=1)
    u = rng.uniform(state.seed, state.runs, state.turn, rng.SWAP) * total
    alt = (np.cumsum(w, axis=1) > u[:, None]).argmax(axis=1)
    swapped |= can
    return np.where(can, alt, choice)


class _Recorder:
    """Per-turn meter statistics over the runs playing that turn (bounded: T x M numbers)."""

    def __init__(self, model: Model, turns: int, percentiles: bool = True) -> None:
        m = len(model.meters)
        self.with_percentiles = percentiles
        self.percentiles = np.full((turns, m, len(TRACE_PERCENTILES)), np.nan, dtype=np.float32)
        self.low = np.zeros((turns, m), dtype=np.float32)
        self.high = np.zeros((turns, m), dtype=np.float32)
        self.playing = np.zeros(turns, dtype=np.int64)
        self.rule_counts = np.zeros((len(model.rules), m, 2), dtype=np.int64)

    def record(self, turn: int, meters: np.ndarray, playing: np.ndarray) -> None:
        count = int(playing.sum())
        self.playing[turn] = count
        if not count:
            return
        vals = meters[:, playing]
        if self.with_percentiles:
            self.percentiles[turn] = np.percentile(vals, TRACE_PERCENTILES, axis=1).T
        self.low[turn] = (vals <= LOW).mean(axis=1)
        self.high[turn] = (vals >= HIGH).mean(axis=1)

    def result(self) -> Trajectory:
        return Trajectory(self.percentiles, self.low, self.high, self.playing, self.rule_counts)


# --- many runs in bounded memory -----------------------------------------------------------

CHUNK = 50_000  # runs simulated at once: the state is ~0.7 kB a run, its temporaries as much


@dataclass
class RunOutcomes:
    """What each run came to, without the full state: ~60 bytes a run instead of ~1.3 kB.

    Concatenating the outcomes of consecutive chunks gives, bit for bit, those of one batch
    (counter-based randomness: run i's dice depend on its index only).
    """

    ending: np.ndarray  # (N,) int16 index into model.endings
    exit_turn: np.ndarray  # (N,) int16
    final: np.ndarray  # (M, N) float32 meters at the end
    events_drawn: np.ndarray  # (E,) int64
    choices_taken: np.ndarray  # (E, C) int64

    @property
    def runs(self) -> int:
        return int(self.ending.shape[0])


def chunks(runs: int, size: int = CHUNK, first_run: int = 0) -> list[tuple[int, int]]:
    """(first run, count) pieces of at most ``size`` runs covering runs first_run.. in order."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    return [(first_run + s, min(size, runs - s)) for s in range(0, runs, size)]


def outcomes(result: BatchResult) -> RunOutcomes:
    """The lean part of a batch's result (the state and the trace are left behind)."""
    return RunOutcomes(
        result.ending, result.exit_turn, result.final, result.events_drawn, result.choices_taken
    )


def concat(parts: list[RunOutcomes]) -> RunOutcomes:
    """The outcomes of consecutive chunks as one: runs in order, counts added up."""
    if len(parts) == 1:
        return parts[0]
    return RunOutcomes(
        ending=np.concatenate([p.ending for p in parts]),
        exit_turn=np.concatenate([p.exit_turn for p in parts]),
        final=np.concatenate([p.final for p in parts], axis=1),
        events_drawn=np.sum([p.events_drawn for p in parts], axis=0),
        choices_taken=np.sum([p.choices_taken for p in parts], axis=0),
    )


def play_chunk(
    model: Model,
    scenario_id: str,
    first_run: int,
    runs: int,
    seed: int,
    policy: Policy,
    world: Mapping[str, float] | None = None,
) -> RunOutcomes:
    """Runs ``first_run`` .. ``first_run + runs - 1`` (one chunk, one task), as outcomes only.

    Chunks of one seed concatenated in order equal, bit for bit, the outcomes of one
    ``simulate`` over all their runs (the counter-based dice depend on the run, not the batch).
    """
    return outcomes(simulate(model, scenario_id, runs, seed, policy, world, first_run=first_run))
