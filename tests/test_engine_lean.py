"""Issue 13 item 4: the lean batch engine computes exactly what the plain numpy it replaced did.

The fast paths (0/1 factors instead of np.where, flat gathers, a count instead of a search)
are compared bit for bit with straightforward reference versions, on random inputs that
include the awkward cases: NaN and infinities, ties of priority, follow-ups due, zero
weights, runs that have ended.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import rng, simulate
from game.engine.model import Model
from game.engine.policy import Chooser, builtin, pick
from game.engine.state import NO_EVENT, State, new_state
from game.engine.turn import (
    DELTA_LIMIT,
    _cells,
    _clean,
    _draw,
    begin_turn,
    choices_open,
    end_turn,
)
from game.lab import parallel


def _clean_reference(x: np.ndarray, n: int) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(x, dtype=np.float32), (n,))
    return np.clip(np.where(np.isnan(arr), np.float32(0), arr), -DELTA_LIMIT, DELTA_LIMIT)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True, width=32),
            st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e30, -0.0]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_clean_equals_the_plain_formula(values: list[float]) -> None:
    x = np.array(values, dtype=np.float64)
    got = _clean(x, x.size)
    want = _clean_reference(x, x.size)
    assert isinstance(got, np.ndarray) and got.dtype == np.float32
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))  # the sign of 0 too
    assert got is not x


def test_clean_broadcasts_a_single_value_and_keeps_constants_scalar() -> None:
    assert np.array_equal(_clean(np.array([np.nan]), 3), np.zeros(3, dtype=np.float32))
    assert _clean(float("inf"), 3) == np.float32(DELTA_LIMIT)
    assert _clean(float("nan"), 3) == np.float32(0)


def _draw_reference(state: State, rows: list, top1: np.ndarray) -> np.ndarray:
    """The draw as main computed it: priorities as int8 rows, masks through np.where."""
    n = state.n
    top = top1.astype(np.int8) - 1
    total = np.zeros(n, dtype=np.float64)
    kept = []
    for ei, w, ok, prio in rows:
        p = np.where(ok, np.asarray(prio, dtype=np.int8), np.int8(-1))
        wk = np.where((p == top) & (p >= 0), np.broadcast_to(w, (n,)), 0.0)
        total += wk
        kept.append((ei, wk))
    u = rng.uniform(state.seed, state.runs, state.turn, rng.EVENT) * total
    running = np.zeros(n, dtype=np.float64)
    pick = np.full(n, NO_EVENT, dtype=np.int32)
    for ei, wk in kept:
        running += wk
        pick[(pick == NO_EVENT) & (running > u)] = ei
    return np.where(state.alive & (total > 0), pick, NO_EVENT).astype(np.int32)


def _random_rows(gen: np.random.Generator, n: int, count: int) -> tuple[list, np.ndarray]:
    """Rows as begin_turn builds them, and top (1 + the highest priority per run)."""
    rows: list = []
    top = np.zeros(n, dtype=np.uint8)
    for ei in range(count):
        ok = gen.random(n) < gen.uniform(0.1, 1.0)
        kind = gen.integers(0, 4)
        if kind == 0:  # a constant weight, sometimes 0-ish tiny, sometimes large
            w: np.ndarray | float = float(gen.choice([1.0, 0.25, 7.0, 1e-30, 1000.0]))
        else:  # weights per run, some exactly 0 (such runs are not eligible)
            w = gen.choice([0.0, 0.5, 1.0, 3.0, 999.0], size=n).astype(np.float64)
            ok &= w > 0
        prio: np.ndarray | int
        if kind == 3:  # a follow-up due in some runs
            prio = np.where(gen.random(n) < 0.3, np.uint8(2), np.uint8(1))
        else:
            prio = int(gen.integers(0, 4))
        np.maximum(top, np.multiply(ok.view(np.uint8), prio + 1, dtype=np.uint8), out=top)
        rows.append((10 + ei, w, ok, prio))
    return rows, top


def _state(n: int, seed: int, alive: np.ndarray) -> State:
    return State(
        values=np.zeros((1, n), dtype=np.float32),
        runs=np.arange(n, dtype=np.uint64),
        seed=seed,
        scenario="s",
        turn=3,
        alive=alive,
        event=np.full(n, NO_EVENT, dtype=np.int32),
        due=np.full((1, n), -1, dtype=np.int16),
        exit_turn=np.full(n, -1, dtype=np.int16),
        ending=np.full(n, -1, dtype=np.int16),
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_event_draw_equals_the_plain_version(seed: int) -> None:
    gen = np.random.default_rng(seed)
    n = 3000
    rows, top = _random_rows(gen, n, int(gen.integers(1, 30)))
    state = _state(n, seed, gen.random(n) < 0.9)
    want = _draw_reference(state, [(e, w, ok.copy(), p) for e, w, ok, p in rows], top)
    got = _draw(state, rows, top)
    assert np.array_equal(got, want)
    assert (got == NO_EVENT).any() and (got != NO_EVENT).sum() > n // 2, "both cases occur"


def test_no_eligible_event_draws_none() -> None:
    n = 50
    state = _state(n, 1, np.ones(n, dtype=bool))
    assert (_draw(state, [], np.zeros(n, dtype=np.uint8)) == NO_EVENT).all()


@pytest.mark.parametrize("order", ["C", "F"])
def test_cells_read_and_write_back_whatever_the_memory_order(order: str) -> None:
    values = np.asarray(np.arange(40, dtype=np.float32).reshape(5, 8), order=order)
    rows, idx = np.array([4, 1]), np.array([0, 3, 7])
    sub, put = _cells(values, rows, idx)
    assert np.array_equal(sub, values[np.ix_(rows, idx)])
    put(sub + 100)
    assert values[4, 7] == 39 + 100 and values[1, 0] == 8 + 100 and values[0, 0] == 0


@pytest.mark.parametrize("name", ["random", "tightrope"])
def test_the_fast_rule_path_equals_the_traced_one(
    model: Model, scenario_id: str, name: str
) -> None:
    """The trace takes the np.where path (it shows per-run changes); counts take the fast one.

    Two copies play the same games turn by turn: the state stays equal bit for bit, and the
    counts of raises and drops per rule and meter equal those read off the trace.
    """
    pol = builtin("random") if name == "random" else model.policies[name]
    chooser = Chooser(model, pol)
    fast = new_state(model, model.scenarios[scenario_id], 9, 3000)
    traced = fast.copy()
    meters = len(model.meters)
    counts = np.zeros((len(model.rules), meters, 2), dtype=np.int64)
    points = np.zeros((len(model.rules), meters), dtype=np.float64)
    want = np.zeros_like(counts)
    rule_index = {r.id: i for i, r in enumerate(model.rules)}
    while fast.alive.any() and fast.turn < model.scenarios[scenario_id].turns:
        begin_turn(model, fast)
        begin_turn(model, traced)
        choice = pick(fast, chooser.weights(fast), choices_open(model, fast))
        end_turn(model, fast, choice, rule_counts=counts, rule_points=points)
        for item in end_turn(model, traced, choice, trace=True):
            if item.kind == "rule":
                for meter, d in item.deltas.items():
                    if meter in model.meter_ids:
                        m = model.meter_ids.index(meter)
                        want[rule_index[item.id], m] += (int((d > 0).sum()), int((d < 0).sum()))
        assert np.array_equal(fast.values.view(np.uint32), traced.values.view(np.uint32))
    assert np.array_equal(counts, want) and counts.sum() > 0
    assert points.sum() > 0


def test_a_trace_without_percentiles_keeps_the_rest(model: Model, scenario_id: str) -> None:
    """balance's benches skip the percentiles; shares at the limits and rule counts stay."""
    pol = model.policies["tightrope"]
    full = simulate(model, scenario_id, 2000, 3, pol, trace=True)
    lean = simulate(model, scenario_id, 2000, 3, pol, trace=True, trace_percentiles=False)
    a, b = full.trajectory, lean.trajectory
    assert a is not None and b is not None
    for field in ("low", "high", "playing", "rule_counts"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert np.isnan(b.percentiles).all() and not np.isnan(a.percentiles[0]).any()
    assert np.array_equal(full.final, lean.final)


def _double(shared: int, x: int) -> int:
    return shared * x


def test_a_cluster_started_early_runs_the_tasks_and_is_stopped() -> None:
    where = parallel.Where(workers=2)
    parallel.start_early(where)
    assert where in parallel._early
    assert parallel.run_tasks(where, _double, [(1,), (2,), (3,)], shared=2) == [2, 4, 6]
    assert where not in parallel._early
    parallel.start_early(where)  # the command failed before its tasks: stopped unused
    parallel.stop_early(where)
    assert not parallel._early
