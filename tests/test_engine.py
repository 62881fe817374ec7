"""Engine invariants and determinism over many random games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Game, simulate
from game.engine.model import Model
from game.engine.policy import Chooser, builtin, pick


def test_random_play_keeps_meters_in_range(model: Model, scenario_id: str) -> None:
    result = simulate(model, scenario_id, 5000, 11, builtin("random"))
    assert np.isfinite(result.state.values).all()
    assert (result.final >= 0).all() and (result.final <= 100).all()
    turns = model.scenarios[scenario_id].turns
    assert ((result.exit_turn >= 0) & (result.exit_turn < turns)).all()
    assert (result.ending >= 0).all(), "every run reaches an ending"


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**40), picks=st.lists(st.integers(0, 3), min_size=20, max_size=20))
def test_single_games_stay_in_range(
    model: Model, scenario_id: str, seed: int, picks: list[int]
) -> None:
    game = Game(model, model.scenarios[scenario_id], seed)
    for p in picks:
        if game.finished:
            break
        open_ = game.open_choices()
        options = [i for i, ok in enumerate(open_) if ok] or [0]
        game.choose(options[p % len(options)])
        values = np.array(list(game.meters().values()))
        assert np.isfinite(values).all() and (values >= 0).all() and (values <= 100).all()
    assert game.finished
    assert game.ending is not None


def test_same_seed_same_result(model: Model, scenario_id: str) -> None:
    a = simulate(model, scenario_id, 3000, 5, builtin("random"))
    b = simulate(model, scenario_id, 3000, 5, builtin("random"))
    c = simulate(model, scenario_id, 3000, 6, builtin("random"))
    assert np.array_equal(a.ending, b.ending) and np.array_equal(a.final, b.final)
    assert not np.array_equal(a.ending, c.ending), "another seed gives other games"


@pytest.mark.parametrize("name", ["mentor", "tightrope"])
def test_first_runs_do_not_depend_on_batch_size(model: Model, scenario_id: str, name: str) -> None:
    small = simulate(model, scenario_id, 200, 9, model.policies[name])
    large = simulate(model, scenario_id, 4000, 9, model.policies[name])
    assert np.array_equal(small.ending, large.ending[:200])
    assert np.array_equal(small.exit_turn, large.exit_turn[:200])
    assert np.array_equal(small.final, large.final[:, :200])


@pytest.mark.parametrize("name", ["random", "tightrope"])
@pytest.mark.parametrize("index", [0, 7, 123, 999])
def test_run_i_of_a_batch_is_the_single_game(
    model: Model, scenario_id: str, index: int, name: str
) -> None:
    """Also for a state-aware policy: each run reads its own state, never its neighbours'."""
    policy = model.policies[name]
    batch = simulate(model, scenario_id, 1000, 21, policy)
    alone = simulate(model, scenario_id, 1, 21, policy, first_run=index)
    assert alone.ending[0] == batch.ending[index]
    assert np.array_equal(alone.final[:, 0], batch.final[:, index])

    # The interactive Game (N = 1, with traces) makes the same choices to the same end.
    game = Game(model, model.scenarios[scenario_id], 21, run_index=index)
    chooser = Chooser(model, policy)
    while not game.finished:
        open_ = np.zeros((1, chooser.base.shape[1]), dtype=bool)
        open_[0, : len(game.open_choices())] = game.open_choices()
        game.choose(int(pick(game.state, chooser.weights(game.state), open_)[0]))
    assert model.endings[int(batch.ending[index])].id == game.ending.id
    assert np.array_equal(
        np.array(list(game.meters().values()), dtype=np.float32), batch.final[:, index]
    )


def test_replay_rebuilds_the_game(model: Model, scenario_id: str) -> None:
    sc = model.scenarios[scenario_id]
    game = Game(model, sc, 77)
    rng = np.random.default_rng(3)
    while not game.finished:
        options = [i for i, ok in enumerate(game.open_choices()) if ok] or [0]
        game.choose(int(rng.choice(options)))
    again = Game.replay(model, sc, 77, game.choices)
    assert np.array_equal(again.state.values, game.state.values)
    assert again.ending == game.ending


def test_bad_choices_are_refused(model: Model, scenario_id: str) -> None:
    game = Game(model, model.scenarios[scenario_id], 1)
    with pytest.raises(ValueError):
        game.choose(7)
    with pytest.raises(ValueError):
        Game.replay(model, model.scenarios[scenario_id], 1, [9])


def test_trace_explains_every_change(model: Model, scenario_id: str) -> None:
    game = Game(model, model.scenarios[scenario_id], 4)
    record = game.choose(0)
    assert record.why, "a turn always has causes"
    assert all(c.source for c in record.why), "every cause names its source"
    # The trace adds up to the change, except where a meter hit its floor or ceiling.
    for meter in model.meter_ids:
        moved = record.after[meter] - record.before[meter]
        explained = sum(c.deltas.get(meter, 0.0) for c in record.why)
        if 0 < record.after[meter] < 100:
            assert moved == pytest.approx(explained, abs=1e-3), meter


def test_replay_until_is_the_game_at_the_start_of_that_turn(
    model: Model, scenario_id: str
) -> None:
    """What-if, undo and the app's comparison all go back through Game.replay_until."""
    game = Game(model, model.scenarios[scenario_id], 31)
    while not game.finished:
        game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok))
    for turn in (0, 5, len(game.choices)):
        back = game.replay_until(turn)
        assert back.choices == game.choices[:turn] and back.turn == turn
        assert back.meters() == Game.replay(
            model, game.scenario, game.seed, game.choices[:turn]
        ).meters()
    with pytest.raises(ValueError):
        game.replay_until(len(game.choices) + 1)
