"""Many recorded games replayed at once: the batch engine with forced choices.

A save is (scenario, seed, run index, world, choices). The dice of a run depend only on its
own seed and index (engine/rng.py), so the saves of one scenario and world replay as the
columns of one batch — each exactly the single game :meth:`Game.replay` would rebuild, with
its records (before/after meters and the why-trace per turn) and its final state. Where a
recorded choice does not fit (no event that turn, no such choice, a closed one, a choice
after the end) that run stops there, as the single replay does, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .game import Change, Game, TurnRecord
from .model import Model, Scenario
from .state import NO_EVENT, State, new_state
from .turn import TraceItem, begin_turn, choices_open, end_turn, time_of

# Why a run stopped before its last recorded choice.
OVER = "over"  # a choice after the game had ended
NO_EVENT_TURN = "no_event"  # a choice for a turn without an event
NO_SUCH_CHOICE = "no_such_choice"  # the event has fewer choices
NOT_OPEN = "not_open"  # the choice exists but was closed


@dataclass(frozen=True)
class Stop:
    """Where and why a replay stopped early: recorded choice ``turn`` (0-based) did not fit."""

    turn: int
    kind: str
    choice: int


@dataclass
class Replayed:
    """One replayed run: the game as far as its choices fit, and why it stopped if early."""

    game: Game
    stop: Stop | None


def replay(
    model: Model,
    scenario: Scenario,
    seeds: Sequence[int],
    run_indices: Sequence[int],
    world: Mapping[str, float] | None,
    choices: Sequence[Sequence[int]],
) -> list[Replayed]:
    """Replay recorded games of one scenario and world together; one result per game, in order.

    Game i is the one of ``seeds[i]`` and ``run_indices[i]`` with ``choices[i]`` (-1 for a
    turn without an event); its result equals ``Game.replay`` turn for turn.
    """
    n = len(choices)
    if n == 0:
        return []
    lengths = np.array([len(c) for c in choices], dtype=np.int64)
    forced = np.full((n, max(int(lengths.max()), 1)), -1, dtype=np.int64)
    for k, recorded in enumerate(choices):
        forced[k, : len(recorded)] = recorded
    state = new_state(
        model,
        scenario,
        np.asarray(seeds, dtype=np.uint64),
        np.asarray(run_indices, dtype=np.uint64),
        world,
        keep_history=True,
    )
    n_choices = np.array([len(ev.choices) for ev in model.events] + [0], dtype=np.int64)
    records: list[list[TurnRecord]] = [[] for _ in range(n)]
    out: list[Replayed | None] = [None] * n
    cols = np.arange(n)
    for t in range(scenario.turns):
        if not state.alive.any():
            break
        begin_turn(model, state)
        open_ = choices_open(model, state)
        event = state.event.copy()
        c = forced[:, min(t, forced.shape[1] - 1)]
        has_ev = event != NO_EVENT
        in_range = has_ev & (c >= 0) & (c < n_choices[event])
        is_open = in_range & open_[cols, np.clip(c, 0, open_.shape[1] - 1)]
        live = state.alive.copy()
        kinds = (
            (live & (lengths == t), None),
            (live & (lengths > t) & ~has_ev & (c != -1), NO_EVENT_TURN),
            (live & (lengths > t) & has_ev & ~in_range, NO_SUCH_CHOICE),
            (live & (lengths > t) & in_range & ~is_open, NOT_OPEN),
        )
        for mask, kind in kinds:
            for i in np.flatnonzero(mask):
                stop = None if kind is None else Stop(t, kind, int(c[i]))
                out[i] = Replayed(_game(model, scenario, state, int(i), world, records, open_), stop)
                state.alive[i] = False
        go = state.alive.copy()
        if not go.any():
            break
        choice = np.where(go & has_ev, c, 0)
        before = state.values[: len(model.meters)].copy()
        items = end_turn(model, state, choice, trace=True)
        _record(model, scenario, t, go, event, choice, before, state, items, records)
        for i in np.flatnonzero(go & ~state.alive):  # ended this turn
            stop = Stop(t + 1, OVER, int(forced[i, t + 1])) if lengths[i] > t + 1 else None
            out[i] = Replayed(_game(model, scenario, state, int(i), world, records, None), stop)
    for i in np.flatnonzero(state.alive):  # cannot happen: the last turn ends every game
        out[i] = Replayed(_game(model, scenario, state, int(i), world, records, None), None)
    return [r for r in out if r is not None]


def _game(
    model: Model,
    scenario: Scenario,
    state: State,
    i: int,
    world: Mapping[str, float] | None,
    records: list[list[TurnRecord]],
    open_: npt.NDArray[np.bool_] | None,
) -> Game:
    """Run ``i`` of the batch as the single game it is, at the point it stopped."""
    col = slice(i, i + 1)
    seed = int(state.seed[i]) if isinstance(state.seed, np.ndarray) else int(state.seed)
    single = State(
        values=state.values[:, col].copy(),
        runs=state.runs[col].copy(),
        seed=seed,
        scenario=state.scenario,
        turn=state.turn,
        alive=state.alive[col].copy(),
        event=state.event[col].copy(),
        due=state.due[:, col].copy(),
        exit_turn=state.exit_turn[col].copy(),
        ending=state.ending[col].copy(),
        history=[h[:, col].copy() for h in state.history or []],
    )
    played = records[i]
    taken = [-1 if r.choice is None else r.choice for r in played]
    finished = bool(single.ending[0] >= 0) or single.turn >= scenario.turns
    shown = np.zeros((1, 0), dtype=bool) if finished or open_ is None else open_[col].copy()
    return Game.restore(
        model, scenario, seed, int(state.runs[i]), world, single, taken, played, shown
    )


def _record(
    model: Model,
    scenario: Scenario,
    t: int,
    go: npt.NDArray[np.bool_],
    event: npt.NDArray[np.int32],
    choice: npt.NDArray[np.int64],
    before: npt.NDArray[np.float32],
    state: State,
    items: list[TraceItem],
    records: list[list[TurnRecord]],
) -> None:
    """Each playing run's record of turn ``t``, its why-trace taken apart from the batch's."""
    meter_ids = model.meter_ids
    year, season = time_of(scenario, t)
    owner = np.full(state.n, -1, dtype=np.int64)  # the choice item of each run
    rules: list[tuple[TraceItem, list[int]]] = []  # rule items and their rows in `steps`
    step_rows: list[npt.NDArray[np.float32]] = []
    step_names: list[str] = []
    step_item: list[int] = []
    for k, item in enumerate(items):
        if item.kind == "choice" and item.runs is not None:
            owner[item.runs] = k
        else:
            for name, d in item.steps:
                step_rows.append(d)
                step_names.append(name)
                step_item.append(len(rules))
            rules.append((item, []))
    nz: dict[int, list[int]] = {}
    if step_rows:
        steps = np.stack(step_rows)  # (P, N)
        runs_nz, parts = np.nonzero(steps.T != 0)  # ordered by run, then step
        for r, p in zip(runs_nz.tolist(), parts.tolist(), strict=True):
            nz.setdefault(r, []).append(p)
    before_rows = before.T.tolist()
    after_rows = state.values[: len(meter_ids)].T.tolist()
    for i in np.flatnonzero(go).tolist():
        why: list[Change] = []
        k = int(owner[i])
        if k >= 0:
            it = items[k]
            deltas = {name: float(d[i]) for name, d in it.deltas.items() if d[i] != 0}
            why.append(Change(it.kind, it.id, it.source, it.explain, it.arrow, deltas))
        current = -1
        rule_deltas: dict[str, float] = {}
        for p in nz.get(i, ()):
            if step_item[p] != current:
                if current >= 0:
                    why.append(_change(rules[current][0], rule_deltas))
                current, rule_deltas = step_item[p], {}
            rule_deltas[step_names[p]] = float(step_rows[p][i])
        if current >= 0:
            why.append(_change(rules[current][0], rule_deltas))
        ei = int(event[i])
        ev = model.events[ei] if ei != NO_EVENT else None
        ch = ev.choices[int(choice[i])] if ev is not None else None
        records[i].append(
            TurnRecord(
                turn=t,
                year=year,
                season=season,
                event=ev.id if ev else None,
                choice=int(choice[i]) if ev else None,
                choice_id=ch.id if ch else None,
                tags=ch.tags if ch else (),
                before=dict(zip(meter_ids, before_rows[i], strict=True)),
                after=dict(zip(meter_ids, after_rows[i], strict=True)),
                why=tuple(why),
            )
        )


def _change(item: TraceItem, deltas: dict[str, float]) -> Change:
    return Change(item.kind, item.id, item.source, item.explain, item.arrow, deltas)
