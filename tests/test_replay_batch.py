"""Batch replay (engine/replay.py): every column is the single game Game.replay rebuilds."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import Game
from game.engine.model import Model
from game.engine.replay import NO_SUCH_CHOICE, OVER, replay


def _played(
    model: Model,
    sid: str,
    seed: int,
    run: int,
    pick: int,
    stop: int | None,
    world: dict[str, float] | None = None,
) -> Game:
    game = Game(model, model.scenarios[sid], seed, run, world)
    rng = np.random.default_rng(pick)
    while not game.finished and (stop is None or game.turn < stop):
        options = [i for i, ok in enumerate(game.open_choices()) if ok] or [0]
        game.choose(int(rng.choice(options)))
    return game


def _same(a: Game, b: Game) -> None:
    assert a.choices == b.choices
    assert a.records == b.records  # meters before/after and the why-trace, turn by turn
    assert np.array_equal(a.state.values, b.state.values)
    assert np.array_equal(a.history(), b.history())
    for name in ("event", "ending", "exit_turn", "alive", "due", "runs"):
        assert np.array_equal(getattr(a.state, name), getattr(b.state, name)), name
    assert a.state.turn == b.state.turn and a.finished == b.finished
    assert a.open_choices() == b.open_choices()
    assert (a.seed, a.run_index) == (b.seed, b.run_index)


@pytest.mark.parametrize("world", [None, {"grant_years": 2.0}])
def test_each_run_of_a_batch_replay_is_the_single_replay(
    model: Model, scenario_id: str, world: dict[str, float] | None
) -> None:
    sc = model.scenarios[scenario_id]
    # Different seeds and run indices, finished and unfinished games, in one batch.
    specs = [(4821 if k % 2 else k, k % 3, k, None if k % 3 else 5 + k) for k in range(9)]
    games = [_played(model, scenario_id, s, r, k, stop, world) for s, r, k, stop in specs]
    got = replay(
        model,
        sc,
        [g.seed for g in games],
        [g.run_index for g in games],
        world,
        [g.choices for g in games],
    )
    assert len(got) == len(games)
    for want, r in zip(games, got, strict=True):
        assert r.stop is None
        _same(r.game, Game.replay(model, sc, want.seed, want.choices, want.run_index, world))


def test_a_choice_that_does_not_fit_stops_that_run_only(model: Model, scenario_id: str) -> None:
    sc = model.scenarios[scenario_id]
    good = _played(model, scenario_id, 11, 0, 1, None)
    # The first turn with an event: a choice number its event does not have.
    t = next(i for i, c in enumerate(good.choices) if c >= 0)
    n_choices = len(model.events[model.event_index(good.records[t].event)].choices)
    cases = {
        "range": good.choices[:t] + [n_choices] + good.choices[t + 1 :],
        "after": good.choices + [0, 1],
        "good": good.choices,
    }
    got = replay(model, sc, [11] * 3, [0] * 3, None, list(cases.values()))
    stops = dict(zip(cases, [r.stop for r in got], strict=True))
    assert stops["good"] is None
    assert stops["range"] is not None and stops["range"].kind == NO_SUCH_CHOICE
    assert stops["range"].turn == t
    assert stops["after"] is not None and stops["after"].kind == OVER
    assert stops["after"].turn == len(good.choices)
    # The stopped run is the single game up to the turn that did not fit.
    _same(got[0].game, Game.replay(model, sc, 11, good.choices[:t]))
    _same(got[1].game, good)


def test_runs_with_their_own_seeds_draw_their_own_dice(model: Model, scenario_id: str) -> None:
    from game.engine import rng
    from game.engine.state import FullEnv, SubsetEnv, new_state

    sc = model.scenarios[scenario_id]
    seeds = np.array([5, 4821, 5, 2**40], dtype=np.uint64)
    runs = np.array([0, 0, 3, 1], dtype=np.uint64)
    state = new_state(model, sc, seeds, runs)
    single = [rng.uniform(int(s), np.array([r]), 0, 7)[0] for s, r in zip(seeds, runs, strict=True)]
    assert FullEnv(state).rand(7).tolist() == single
    idx = np.array([3, 1])
    assert SubsetEnv(state, idx).rand(7).tolist() == [single[3], single[1]]
