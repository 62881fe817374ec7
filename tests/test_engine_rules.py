"""Engine behaviours that the mutation run (benchmarks/mutation.py) found untested."""

from __future__ import annotations

import numpy as np
import pytest

from game.content.municipality import load_city
from game.engine import Game, simulate
from game.engine.batch import chunks, concat, outcomes, play_chunk
from game.engine.expr import Comparison, clauses, compile_expr, parse, stable_hash, to_text
from game.engine.model import Model
from game.engine.municipality import City
from game.engine.policy import builtin
from game.engine.state import new_state
from game.engine.turn import DELTA_LIMIT, _clean, begin_turn, is_over, time_of, turn_of

# -- expressions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("((a))", "a"),
        ("(a - b) - c", "a - b - c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a * b) + c", "a * b + c"),
        ("a * (b + c)", "a * (b + c)"),
        ("a / (b * c)", "a / (b * c)"),
        ("(a + b) < c", "a + b < c"),
        ("(a < b) < c", "(a < b) < c"),
        ("a == (b != c)", "a == (b != c)"),
        ("-(a + b) * 2", "-(a + b) * 2"),
        ("- a", "-a"),
        ("not (a and b)", "not (a and b)"),
        ("not a and b", "not a and b"),
        ("(not a) + 1", "(not a) + 1"),
        ("(not a) < b", "(not a) < b"),
        ("(a and b) or c", "a and b or c"),
        ("(a or b) and c", "(a or b) and c"),
        ("max( a ,1 )", "max(a, 1)"),
        ("1.50 * a", "1.5 * a"),
    ],
)
def test_a_condition_is_shown_with_only_the_parentheses_it_needs(text: str, shown: str) -> None:
    """A debrief quotes an ending's condition part by part: readable, and still the same."""
    assert to_text(parse(text)) == shown
    assert to_text(parse(shown)) == shown


def test_only_name_against_number_is_a_simple_comparison() -> None:
    assert clauses("energy < motivation")[0].comparison is None
    assert clauses("2 < 3")[0].comparison is None
    assert clauses("energy + 1 > 2")[0].comparison is None
    assert clauses("25 <= energy")[0].comparison == Comparison("energy", ">=", 25.0)
    assert clauses("energy != 3")[0].comparison == Comparison("energy", "!=", 3.0)


@pytest.mark.parametrize(("text", "value"), [("clip(7, 0, 5)", 5), ("clip(-2, 0, 5)", 0)])
def test_clip_of_numbers_stays_within_its_bounds(text: str, value: float) -> None:
    compiled = compile_expr(text, {})
    assert compiled.constant == value
    assert compile_expr("clip(3, 0, 5)", {}).constant == 3


def test_clip_with_a_variable_bound() -> None:
    class Env:
        def get(self, row: int) -> np.ndarray:
            return np.array([[10.0, 60.0, 90.0], [20.0, 20.0, 20.0]], dtype=np.float32)[row]

        def rand(self, purpose: int) -> np.ndarray:
            raise AssertionError("clip draws nothing")

    out = compile_expr("clip(x, lo, 70)", {"x": 0, "lo": 1})(Env())
    assert np.asarray(out).tolist() == [20.0, 60.0, 70.0]


def test_chance_purpose_is_fnv1a() -> None:
    """chance() draws with a purpose hashed from its place: FNV-1a, the same on every run."""
    assert stable_hash("") == 0x811C9DC5
    assert stable_hash("a") == 0xE40C292C
    assert stable_hash("foobar") == 0xBF9CF968
    assert stable_hash("zoë") != stable_hash("zoe")


# -- many runs: chunks, swaps, traces ------------------------------------------------------


def test_chunks_cover_the_runs_in_order() -> None:
    assert chunks(10, 4) == [(0, 4), (4, 4), (8, 2)]
    assert chunks(8, 4, first_run=100) == [(100, 4), (104, 4)]
    assert chunks(3, 5) == [(0, 3)]
    assert chunks(0, 5) == []
    assert chunks(1, 1) == [(0, 1)]
    with pytest.raises(ValueError):
        chunks(5, 0)


def test_outcomes_in_chunks_are_the_outcomes_of_one_batch(model: Model, scenario_id: str) -> None:
    policy = builtin("random")
    whole = outcomes(simulate(model, scenario_id, 90, 4, policy, first_run=10))
    parts = concat(
        [play_chunk(model, scenario_id, first, n, 4, policy) for first, n in chunks(90, 40, 10)]
    )
    assert parts.runs == 90
    assert np.array_equal(parts.ending, whole.ending)
    assert np.array_equal(parts.exit_turn, whole.exit_turn)
    assert np.array_equal(parts.final, whole.final)
    assert np.array_equal(parts.events_drawn, whole.events_drawn)
    assert np.array_equal(parts.choices_taken, whole.choices_taken)
    assert parts.events_drawn.sum() > whole.events_drawn.max(), "counts of all chunks added"
    single = play_chunk(model, scenario_id, 0, 30, 4, policy)
    assert np.array_equal(single.final, simulate(model, scenario_id, 30, 4, policy).final)
    none = play_chunk(model, scenario_id, 0, 0, 4, policy)
    assert none.runs == 0


def test_concat_of_one_part_is_that_part(model: Model, scenario_id: str) -> None:
    part = outcomes(simulate(model, scenario_id, 5, 1, builtin("random")))
    assert concat([part]) is part
    both = concat([part, part])
    assert both.runs == 10 and both.final.shape == (part.final.shape[0], 10)
    assert np.array_equal(both.events_drawn, 2 * part.events_drawn)
    assert np.array_equal(both.choices_taken, 2 * part.choices_taken)
    assert np.array_equal(both.exit_turn[5:], part.exit_turn)


def test_a_swap_takes_another_open_choice_in_that_turn_only(model: Model, scenario_id: str) -> None:
    """The lab's "what if this one choice had differed": one turn changes, no other."""
    runs, turn = 400, 3
    policy = builtin("random")
    plain = simulate(model, scenario_id, runs, 8, policy, record_choices=True)
    swap = simulate(
        model,
        scenario_id,
        runs,
        8,
        policy,
        record_choices=True,
        swap_turn=np.full(runs, turn, dtype=np.int64),
    )
    assert swap.swapped is not None and plain.swapped is None
    assert swap.swapped.mean() > 0.5, "most runs have another open choice in that turn"
    changed = np.nonzero(swap.swapped)[0]
    # the swapped runs took another choice, so their choice records differ from the plain game
    assert plain.choice_runs is not None and swap.choice_runs is not None
    differ = (plain.choice_runs != swap.choice_runs).any(axis=(0, 1))
    assert differ[changed].all()
    assert not differ[~swap.swapped & (plain.exit_turn < turn)].any()
    # every alternative is drawn: across runs, each of an event's other choices shows up
    assert len({int(v) for v in np.nonzero(swap.choice_runs[..., changed])[1]}) > 1


def test_no_swap_when_the_turn_never_comes(model: Model, scenario_id: str) -> None:
    runs = 50
    policy = builtin("random")
    plain = simulate(model, scenario_id, runs, 2, policy)
    late = simulate(model, scenario_id, runs, 2, policy, swap_turn=np.full(runs, 10_000))
    assert late.swapped is not None and not late.swapped.any()
    assert np.array_equal(late.final, plain.final)


def test_the_trace_counts_the_runs_playing_each_turn(model: Model, scenario_id: str) -> None:
    runs = 300
    result = simulate(model, scenario_id, runs, 6, builtin("random"), trace=True)
    traj = result.trajectory
    assert traj is not None
    turns = model.scenarios[scenario_id].turns
    expected = [int((result.exit_turn >= t).sum()) for t in range(turns)]
    assert traj.playing.tolist() == expected
    assert traj.playing[0] == runs
    p = traj.percentiles[0]
    assert np.all(np.diff(p, axis=1) >= 0), "p5 <= p25 <= p50 <= p75 <= p95"
    assert np.all((traj.low >= 0) & (traj.low <= 1) & (traj.high >= 0) & (traj.high <= 1))
    ended = [t for t in range(turns) if expected[t] == 0]
    for t in ended:
        assert np.isnan(traj.percentiles[t]).all() and not traj.low[t].any()
    assert traj.rule_counts.shape == (len(model.rules), len(model.meters), 2)
    assert traj.rule_counts.sum() > 0


def test_trace_low_and_high_are_the_shares_at_the_limits(model: Model, scenario_id: str) -> None:
    """With one run the shares are 0 or 1: exactly whether the meter sits at a limit."""
    result = simulate(model, scenario_id, 1, 3, builtin("random"), trace=True)
    traj = result.trajectory
    assert traj is not None
    last = int(result.exit_turn[0])
    final = result.final[:, 0]
    assert traj.low[last].tolist() == (final <= 2.0).astype(np.float32).tolist()
    assert traj.high[last].tolist() == (final >= 98.0).astype(np.float32).tolist()
    assert traj.percentiles[last, :, 2].tolist() == pytest.approx(final.tolist())


# -- one game --------------------------------------------------------------------------------


def test_a_copied_state_is_independent(model: Model, scenario_id: str) -> None:
    sc = model.scenarios[scenario_id]
    for seed in (5, np.arange(3, dtype=np.uint64)):
        state = new_state(model, sc, seed, 3, keep_history=True)
        copy = state.copy()
        assert np.array_equal(copy.values, state.values) and copy.turn == state.turn
        assert copy.scenario == state.scenario and np.array_equal(copy.seed, state.seed)
        for name in ("values", "runs", "alive", "event", "due", "exit_turn", "ending"):
            mine, theirs = getattr(copy, name), getattr(state, name)
            assert np.array_equal(mine, theirs), name
            mine[...] = 1 - mine if mine.dtype == bool else mine + 7
            assert not np.array_equal(mine, theirs), f"{name} is shared"
        assert copy.history is not None and state.history is not None
        copy.history[0] += 1
        assert not np.array_equal(copy.history[0], state.history[0])
        if isinstance(seed, np.ndarray):
            copy.seed[0] = 99
            assert state.seed[0] == 0
    assert new_state(model, sc, 5, 2).copy().history is None


def test_a_game_reads_any_variable_and_its_choices(model: Model, scenario_id: str) -> None:
    game = Game(model, model.scenarios[scenario_id], 12)
    for meter, value in game.meters().items():
        assert game.value(meter) == pytest.approx(value)
    with pytest.raises(KeyError):
        game.value("no_such_variable")
    while game.event is None and not game.finished:
        game.choose(0)
    assert game.event is not None
    assert [game.choice(i) for i in range(len(game.event.choices))] == list(game.event.choices)
    while not game.finished:
        game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok))
    with pytest.raises(ValueError):
        game.choice(0)


def test_ending_index_finds_each_ending(model: Model) -> None:
    for i, ending in enumerate(model.endings):
        assert model.ending_index(ending.id) == i
    with pytest.raises(KeyError):
        model.ending_index("no_such_ending")


def test_a_batch_is_over_when_no_run_plays_or_the_turns_run_out(
    model: Model, scenario_id: str
) -> None:
    sc = model.scenarios[scenario_id]
    state = new_state(model, sc, 1, 4)
    assert not is_over(model, state)
    state.alive[:3] = False
    assert not is_over(model, state), "one run still plays"
    state.alive[3] = False
    assert is_over(model, state)
    again = new_state(model, sc, 1, 4)
    again.turn = sc.turns - 1
    assert not is_over(model, again)
    again.turn = sc.turns
    assert is_over(model, again)


def test_the_city_tells_the_half_year_of_each_turn(model: Model) -> None:
    city = load_city(model)
    game = City(model, city, 3, runs=10)
    for turn in range(city.turns):
        ev = city.events[turn]
        assert game.year_season == (ev.year, ev.season)
        game.decide(game.choices_open().index(True))
    assert game.finished
    last = city.events[-1]
    assert game.year_season == (last.year, last.season), "after the decade: its last half-year"


def test_a_change_is_finite_and_within_the_limit() -> None:
    """No effect moves a variable by NaN or past DELTA_LIMIT, whether scalar or per run."""
    limit = DELTA_LIMIT
    assert _clean(float("nan"), 3) == 0.0
    assert _clean(5 * limit, 3) == limit and _clean(-5 * limit, 3) == -limit
    assert _clean(limit, 3) == limit and _clean(-limit, 3) == -limit
    kept = _clean(2.5, 3)
    assert kept == 2.5 and not isinstance(kept, np.ndarray), "a constant stays a scalar"
    per_run = _clean(np.array([np.nan, np.inf, -np.inf, 3.0, -2 * limit]), 5)
    assert per_run.tolist() == [0.0, limit, -limit, 3.0, -limit]
    assert _clean(np.array([4.0]), 3).tolist() == [4.0, 4.0, 4.0], "one value fills the runs"


def test_turns_and_half_years_map_both_ways(model: Model, scenario_id: str) -> None:
    sc = model.scenarios[scenario_id]
    assert time_of(sc, 0) == (sc.start_year, 1), "turn 0 is the autumn of the start year"
    assert time_of(sc, 1) == (sc.start_year + 1, 0)
    for turn in range(sc.turns):
        assert turn_of(sc, *time_of(sc, turn)) == turn


def test_a_closed_choice_stops_the_replay_of_that_run_there(model: Model) -> None:
    """A recorded choice that was not open (an edited save, changed content) stops the run."""
    from game.engine.replay import NOT_OPEN, replay

    for sid in sorted(model.scenarios):
        sc = model.scenarios[sid]
        game = Game(model, sc, 1)
        while not game.finished and all(game.open_choices()):
            game.choose(0)
        if not game.finished:
            break
    closed = game.open_choices().index(False)
    turn = game.turn
    recorded = game.choices + [closed, 0]
    got = replay(model, sc, [1, 1], [0, 0], None, [recorded, game.choices])
    assert got[0].stop is not None
    assert (got[0].stop.turn, got[0].stop.kind, got[0].stop.choice) == (turn, NOT_OPEN, closed)
    assert got[0].game.choices == game.choices and got[1].stop is None
    with pytest.raises(ValueError):
        Game.replay(model, sc, 1, recorded)


# -- simulated players -----------------------------------------------------------------------


def test_a_choice_weighs_the_product_of_its_tags(model: Model) -> None:
    from game.engine.policy import choice_weights

    for name, policy in model.policies.items():
        w = choice_weights(model, policy)
        assert w.shape == (len(model.events), model.max_choices)
        for ei, ev in enumerate(model.events):
            want = [
                float(np.prod([policy.weights.get(t, 1.0) for t in ch.tags])) for ch in ev.choices
            ]
            assert w[ei, : len(want)].tolist() == pytest.approx(want), (name, ev.id)
            assert not w[ei, len(want) :].any(), "no weight where there is no choice"


def test_rules_set_each_runs_tag_weights_from_its_own_state(model: Model, scenario_id: str) -> None:
    """A later rule overrides an earlier one for the same tag; runs read their own state."""
    from game.engine.policy import Chooser
    from game.engine.state import FullEnv

    policy = next(p for p in model.policies.values() if len(p.rules) > 1)
    state = new_state(model, model.scenarios[scenario_id], 3, 200)
    rows = [model.layout[m.id] for m in model.meters]
    state.values[rows] = np.linspace(0, 100, 200, dtype=np.float32)[None, :]
    begin_turn(model, state)
    chooser = Chooser(model, policy)
    got = chooser.weights(state)
    env = FullEnv(state)
    ons = [np.broadcast_to(np.asarray(r.when(env)) != 0, (200,)) for r in policy.rules]
    assert any(on.any() and not on.all() for on in ons), "the rules split the runs"
    for run in range(0, 200, 7):
        tag_w = {t: float(policy.weights.get(t, 1.0)) for t in model_tags(model)}
        for rule, on in zip(policy.rules, ons, strict=True):
            if on[run]:
                tag_w.update({t: float(v) for t, v in rule.weights.items()})
        ev = model.events[int(state.event[run])]
        want = [float(np.prod([tag_w[t] for t in ch.tags])) for ch in ev.choices]
        assert got[run, : len(want)].tolist() == pytest.approx(want)
        assert not got[run, len(want) :].any()


def model_tags(model: Model) -> set[str]:
    return {t for ev in model.events for ch in ev.choices for t in ch.tags}


def test_pick_draws_only_open_choices_in_proportion(model: Model, scenario_id: str) -> None:
    from game.engine.policy import pick

    n = 4000
    state = new_state(model, model.scenarios[scenario_id], 9, n)
    state.event[:] = 0
    open_ = np.ones((n, 3), dtype=bool)
    open_[:, 1] = False
    got = pick(state, np.tile([1.0, 5.0, 3.0], (n, 1)), open_)
    assert set(got.tolist()) == {0, 2}, "a closed choice is never taken"
    assert 0.70 < (got == 2).mean() < 0.80, "3 against 1: about three quarters"
    zero = pick(state, np.tile([0.0, 5.0, 0.0], (n, 1)), open_)
    assert set(zero.tolist()) == {0, 2}, "all open choices weigh 0: even odds among them"
    assert 0.45 < (zero == 2).mean() < 0.55
    state.event[: n // 2] = -1
    none = pick(state, np.tile([1.0, 5.0, 3.0], (n, 1)), open_)
    assert not none[: n // 2].any(), "no event: choice 0 stands in"


# -- the municipality ------------------------------------------------------------------------


def test_outcome_shares_sort_every_future_into_one_kind(model: Model, scenario_id: str) -> None:
    from game.engine.municipality import outcome_shares

    kinds = [e.person for e in model.endings]
    burnout = kinds.index("burnout")
    other = kinds.index("other_work")
    away = next(i for i, k in enumerate(kinds) if k not in ("burnout", "other_work"))
    state = new_state(model, model.scenarios[scenario_id], 1, 10)
    completed = model.layout["completed"]
    # 2 burnt out, 1 left for other work, 3 stepped away, 1 completed, 3 still going
    for run, ending in enumerate([burnout, burnout, other, away, away, away, away]):
        state.ending[run] = ending
        state.alive[run] = False
    state.values[completed, 6] = 1
    shares = outcome_shares(model, state)
    assert shares == pytest.approx(
        {"burnout": 0.2, "other_work": 0.1, "stepped_away": 0.3, "going": 0.4}
    )
    state.values[completed, 0] = 1
    assert outcome_shares(model, state)["burnout"] == pytest.approx(0.2), "completed yet burnt out"


def test_the_city_counts_followed_and_missed_recommendations(model: Model) -> None:
    city = load_city(model)
    game = City(model, city, 3, runs=10)
    want = {r: [0, 0] for r in "abcdefghij"}
    for t in range(4):
        c = game.choices_open().index(True)
        ch = city.events[t].choices[c]
        for r in ch.follows:
            want[r][0] += 1
        for r in ch.misses:
            want[r][1] += 1
        game.decide(c)
    assert game.followed() == {r: tuple(v) for r, v in want.items()}
    assert sum(a + b for a, b in game.followed().values()) > 0


def test_a_reference_leans_to_the_choice_that_follows_most(model: Model) -> None:
    from game.engine.municipality import reference_decisions

    city = load_city(model)
    core = set("abcd")

    def score(ch, sign: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        good = len(core & set(ch.follows)) - len(core & set(ch.misses))
        return sign * good, sign * (len(ch.follows) - len(ch.misses))

    for ref in city.references:
        sign = 1 if ref.prefer == "follows" else -1
        for ev, c in zip(city.events, reference_decisions(city, ref), strict=True):
            scores = [score(ch, sign) for ch in ev.choices]
            assert scores[c] == max(scores) and c == scores.index(max(scores)), (ref.id, ev.id)
    prefers = {r.prefer for r in city.references}
    assert prefers == {"follows", "misses"}


def test_the_citys_meters_and_settings_stay_in_bounds(model: Model) -> None:
    from game.engine.municipality import play

    city = load_city(model)
    bounds = {w.id: (w.low, w.high) for w in model.world}
    for pick in range(4):
        decisions = [min(pick, len(ev.choices) - 1) for ev in city.events]
        game = play(model, city, 2, decisions, runs=5)
        assert game.finished
        for key, value in game.world.items():
            lo, hi = bounds[key]
            assert lo <= value <= hi, key
        assert all(0.0 <= v <= 100.0 for v in game.meters.values())
        for p in game.persons:
            for meter in model.meter_ids:
                vals = p.state.values[model.layout[meter]]
                assert ((vals >= 0) & (vals <= 100)).all()


def test_errors_name_what_was_expected_and_the_unknown_name_in_a_call() -> None:
    from game.engine.expr import ExprError

    with pytest.raises(ExprError) as info:
        compile_expr("(1 + 2", {})
    assert info.value.message == "expected ')' but found 'the end'"
    with pytest.raises(ExprError) as info:
        compile_expr("max(energy, strength)", {"energy": 0})
    assert info.value.message == "unknown name 'strength'"
    with pytest.raises(ExprError) as info:
        compile_expr("-(not strength)", {"energy": 0})
    assert info.value.message == "unknown name 'strength'"


def test_a_swap_draws_evenly_among_the_other_open_choices(model: Model, scenario_id: str) -> None:
    from game.engine.batch import _swap

    n = 3000
    state = new_state(model, model.scenarios[scenario_id], 5, n)
    state.event[:] = 0
    state.event[-10:] = -1  # no event: nothing to swap
    state.alive[-20:-10] = False  # over: nothing to swap
    choice = np.zeros(n, dtype=np.int64)
    open_ = np.ones((n, 3), dtype=bool)
    open_[:100] = [True, False, False]  # no other open choice
    swapped = np.zeros(n, dtype=bool)
    got = _swap(state, choice, open_, np.full(n, state.turn), swapped)
    assert (got[:100] == 0).all() and not swapped[:100].any()
    assert (got[-20:] == 0).all() and not swapped[-20:].any()
    middle = got[100:-20]
    assert swapped[100:-20].all() and set(middle.tolist()) == {1, 2}
    assert 0.45 < (middle == 1).mean() < 0.55, "the others evenly"
    later = _swap(state, choice, open_, np.full(n, state.turn + 1), np.zeros(n, dtype=bool))
    assert (later == 0).all(), "not this turn"


def test_replay_until_keeps_the_games_world(model: Model, scenario_id: str) -> None:
    sc = model.scenarios[scenario_id]
    world = {"grant_years": 2.0}
    game = Game(model, sc, 8, world=world)
    for _ in range(6):
        game.choose(next(i for i, ok in enumerate(game.open_choices()) if ok))
    back = game.replay_until(3)
    assert back.world == world
    assert back.meters() == Game.replay(model, sc, 8, game.choices[:3], world=world).meters()
    assert back.value("world.grant_years") == 2.0


def test_the_city_refuses_choices_after_the_decade(model: Model) -> None:
    city = load_city(model)
    game = City(model, city, 1, runs=5)
    first = city.events[0]
    with pytest.raises(ValueError, match="has no choice 'nope'"):
        game.decide_id("nope")
    game.decide_id(first.choices[game.choices_open().index(True)].id)
    assert game.decisions and game.turn == 1
    while not game.finished:
        game.decide(game.choices_open().index(True))
    for act in (lambda: game.decide_id(first.choices[0].id), lambda: game.decide(0)):
        with pytest.raises(ValueError) as info:
            act()
        assert str(info.value) == "the decade is over"
    assert game.event is None and game.choices_open() == []


@pytest.mark.parametrize(
    ("text", "column"),
    [("not " * 50 + "1", 161), ("-" * 50 + "1", 41), ("(" * 50 + "1" + ")" * 50, 41)],
)
def test_too_deep_nesting_points_at_the_first_level_too_many(text: str, column: int) -> None:
    from game.engine.expr import MAX_DEPTH, ExprError

    assert MAX_DEPTH == 40
    with pytest.raises(ExprError) as info:
        compile_expr(text, {})
    assert info.value.message == "expression nested too deeply"
    assert info.value.column == column


def test_not_of_a_number_folds_to_one_or_zero() -> None:
    assert compile_expr("not 0", {}).constant == 1.0
    assert compile_expr("not 5", {}).constant == 0.0
    assert compile_expr("not not 2", {}).constant == 1.0


def test_depth_counts_nesting_not_length() -> None:
    """Many groups side by side are not nested: only depth is limited."""
    from game.engine.expr import ExprError

    assert compile_expr(" + ".join(["(1)"] * 50), {}).constant == 50
    assert compile_expr(" + ".join(["max(1, 2)"] * 45), {}).constant == 90
    assert compile_expr(" + ".join(["-1"] * 50), {}).constant == -50
    with pytest.raises(ExprError) as info:
        compile_expr(True, {})  # type: ignore[arg-type]
    assert info.value.column == 0, "no place in a text to point at"


def test_the_city_names_a_closed_choice_as_the_player_counts(model: Model) -> None:
    city = load_city(model)
    game = City(model, city, 1, runs=5)
    ev = city.events[0]
    with pytest.raises(ValueError) as info:
        game.decide(len(ev.choices))
    assert str(info.value) == f"choice {len(ev.choices) + 1} of {ev.id} is not open now"
    with pytest.raises(ValueError, match=f"choice 0 of {ev.id} is not open now"):
        game.decide(-1)
