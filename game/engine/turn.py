"""One turn for N runs: advance the clocks, draw an event, apply a choice and the rules.

A turn is split in two so a person can choose in between::

    begin_turn(model, state)            # clocks, derived values, the event drawn
    choices_open(model, state)          # (N, C) which choices may be taken
    end_turn(model, state, choice)      # effects, the arrows' rules, exits, endings

Both halves work on all runs at once; interactive play is the case N = 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from . import rng
from .model import CHANGE_TAGS, TAGS, Effect, Model, Scenario, Text
from .state import NO_EVENT, FullEnv, State, SubsetEnv

DELTA_LIMIT = 1000.0  # no single effect moves a variable further than this


@dataclass
class TraceItem:
    """One cause of change: a choice or a rule, what it moved, by how much, and why."""

    kind: str  # "choice" or "rule"
    id: str
    source: str
    explain: Text
    arrow: int | None
    deltas: dict[str, np.ndarray] = field(default_factory=dict)  # meter -> (N,) change
    # For taking a batch's trace apart per run (batch.replay): the columns a choice item
    # concerns, and a rule's (name, change) steps in order (a later step of a name wins).
    runs: np.ndarray | None = None
    steps: list[tuple[str, np.ndarray]] = field(default_factory=list)


def time_of(scenario: Scenario, turn: int) -> tuple[int, int]:
    """(year, season) of a turn; season 0 is spring, 1 autumn. Turn 0 is autumn of the start year."""
    k = turn + 1
    return scenario.start_year + k // 2, k % 2


def turn_of(scenario: Scenario, year: int, season: int) -> int:
    """The turn that falls in (year, season)."""
    return (year - scenario.start_year) * 2 + season - 1


def _clean(x: np.ndarray | float, n: int) -> np.ndarray | np.float32:
    """A finite change within the limit; constants stay scalars (the common, cheap case)."""
    if not isinstance(x, np.ndarray):
        v = float(x)
        return np.float32(0.0 if v != v else min(max(v, -DELTA_LIMIT), DELTA_LIMIT))
    arr = np.asarray(x, dtype=np.float32)
    if arr.shape != (n,):
        arr = np.broadcast_to(arr, (n,))
    # clip maps +-inf to the limits and keeps NaN (inf-inf can occur), which becomes 0. One
    # pass and one new array: NaN is rare, and the float32 sum of values within the limit is
    # finite, so it is NaN exactly when a value is (a reduction, no temporary array).
    out = np.clip(arr, -DELTA_LIMIT, DELTA_LIMIT)
    if np.isnan(out.sum()):
        out[np.isnan(out)] = 0
    return out


def _compute_derived(model: Model, state: State) -> None:
    env = FullEnv(state)
    n = state.n
    for d in model.derived:
        state.values[model.layout[d.id]] = _clean(d.expr(env), n)  # a scalar fills the row


def begin_turn(model: Model, state: State) -> np.ndarray:
    """Advance clocks and time, then draw this turn's event for every live run."""
    scenario = model.scenarios[state.scenario]
    layout, values, n, t = model.layout, state.values, state.n, state.turn
    year, season = time_of(scenario, t)
    values[layout["turn"]] = t
    values[layout["year"]] = year
    values[layout["season"]] = season
    env = FullEnv(state)
    new_clocks = [(layout[c.id], _clean(c.each_turn(env), n)) for c in model.clocks]
    for row, v in new_clocks:
        values[row] = np.where(state.alive, v, values[row])
    _compute_derived(model, state)

    # Each eligible event gets a priority (3 pinned, 2 follow-up due, 1 normal, 0 filler)
    # and a weight; per run, the highest priority present wins and a weighted draw picks
    # among those. Rows are built one event at a time: contiguous and cheap for big N.
    # Masked numpy (np.where, where=) costs ~10x an unmasked pass when masks are mixed,
    # so masks enter as 0/1 factors: top holds 1 + the highest priority (0: none eligible).
    alive = state.alive
    top = np.zeros(n, dtype=np.uint8)
    rows: list[tuple[int, np.ndarray | float, np.ndarray, np.ndarray | int]] = []
    for ei in scenario.events:
        ev = model.events[ei]
        lo, hi = ev.years
        if not lo <= year <= hi:
            continue
        if ev.at is not None and turn_of(scenario, *ev.at) != t:
            continue
        # A follow-up stays due until it is drawn: a pinned event may take its turn.
        # Seen unsigned, "none" (-1) is 65535: one comparison says 0 <= due <= t.
        due_now = state.due[ei].view(np.uint16) <= t
        any_due = bool(due_now.any())
        if ev.follow_up_only and not any_due:
            continue
        prio: np.ndarray | int
        if ev.at is not None:
            prio = 3
            ok = alive.copy()
        elif ev.follow_up_only:
            prio = 2
            ok = alive & due_now
        else:
            base = 0 if ev.filler else 1
            prio = np.where(due_now, np.uint8(2), np.uint8(base)) if any_due else base
            ok = alive.copy()
        if ev.once:
            ok &= values[layout[f"seen.{ev.id}"]] == 0
        if ev.when is not None:
            ok &= np.asarray(ev.when(env)) != 0
        w = _weight(ev.weight(env), n, 1.0 if ev.at is not None else due_now if any_due else 0.0)
        if isinstance(w, np.ndarray):
            ok &= w > 0
        elif not w > 0:
            continue
        if not ok.any():
            continue
        np.maximum(top, np.multiply(ok.view(np.uint8), prio + 1, dtype=np.uint8), out=top)
        rows.append((ei, w, ok, prio))
    state.event = _draw(state, rows, top)
    return state.event


def _weight(x: np.ndarray | float, n: int, floor: np.ndarray | float) -> np.ndarray | float:
    """An event's weight: clean, at least ``floor`` (1 where a follow-up is due), never < 0.

    float32, or a Python float when constant: exact in the float64 sums of the draw.
    """
    w = _clean(x, n)
    if not isinstance(w, np.ndarray):
        f = float(np.max(floor)) if isinstance(floor, np.ndarray) else floor
        if isinstance(floor, np.ndarray) and f > float(w):
            # Some runs are due and weigh 1, the others the constant: a row after all.
            w = np.full(n, w, dtype=np.float32)
        else:
            return max(float(w), f)
    # _clean returned a new array, so it is ours to change in place; float64 from here on,
    # as the sums of the draw are (exact: every float32 is a float64).
    if isinstance(floor, np.ndarray):
        np.maximum(w, floor, out=w, where=floor)
        np.maximum(w, 0, out=w)
    else:
        np.maximum(w, floor, out=w)
    return w.astype(np.float64)


def _draw(
    state: State,
    rows: list[tuple[int, np.ndarray | float, np.ndarray, np.ndarray | int]],
    top: np.ndarray,
) -> np.ndarray:
    """Per run, a weighted draw among the eligible events of the highest priority present.

    Row by row, in the scenario's order: the weights of a run's winning priority add up to
    its total; the draw u * total falls in the first event whose running sum exceeds it.
    Sums are float64 and built in the same order as ever, so draws are the same bit for bit.
    """
    n = state.n
    top_is: dict[int, np.ndarray] = {}
    buf = np.empty(n, dtype=np.float64)
    total = np.zeros(n, dtype=np.float64)
    for _, w, ok, prio in rows:
        if isinstance(prio, np.ndarray):
            np.logical_and(ok, prio + 1 == top, out=ok)
        else:
            if prio not in top_is:
                top_is[prio] = top == prio + 1
            np.logical_and(ok, top_is[prio], out=ok)  # ok now says: this row takes part
        # Adding w * 0 = +0 where it does not equals adding nothing: sums start at +0, w >= 0.
        total += np.multiply(w, ok, out=buf)
    u = rng.uniform(state.seed, state.runs, state.turn, rng.EVENT) * total
    running = np.zeros(n, dtype=np.float64)
    # Running sums never fall, so the drawn row is the count of rows whose sum is still <= u.
    passed = np.zeros(n, dtype=np.int32)
    below = np.empty(n, dtype=bool)
    for _, w, wins, _ in rows:
        running += np.multiply(w, wins, out=buf)
        passed += np.less_equal(running, u, out=below)
    ids = np.array([ei for ei, *_ in rows] + [NO_EVENT], dtype=np.int32)
    pick = ids[passed]
    return np.where(state.alive & (total > 0), pick, np.int32(NO_EVENT)).astype(np.int32)


def _groups(keys: np.ndarray, mask: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Column indices grouped by key, for the columns where mask holds."""
    idx = np.nonzero(mask)[0]
    if idx.size == 0:
        return []
    k = keys[idx]
    # Keys are event x choice numbers, a few hundred: as int16 the stable sort is a radix
    # sort (numpy's choice for small integers), several times faster, the order the same.
    small = k.size and 0 <= int(k.min()) and int(k.max()) < 2**15
    order = np.argsort(k.astype(np.int16) if small else k, kind="stable")
    idx, k = idx[order], k[order]
    cuts = np.nonzero(np.diff(k))[0] + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [k.size]))
    return [(int(k[s]), idx[s:e]) for s, e in zip(starts, ends, strict=True)]


def choices_open(model: Model, state: State) -> np.ndarray:
    """(N, C) booleans: which choices of the drawn event each run may take."""
    c_max = model.max_choices
    out = np.zeros((state.n, c_max), dtype=bool)
    for ei, idx in _groups(state.event, state.event != NO_EVENT):
        ev = model.events[ei]
        env = SubsetEnv(state, idx)
        for ci, ch in enumerate(ev.choices):
            if ch.when is None:
                out[idx, ci] = True
            else:
                out[idx, ci] = np.broadcast_to(np.asarray(ch.when(env)) != 0, (idx.size,))
    return out


def _apply_effects(
    state: State,
    effects: tuple[Effect, ...],
    idx: np.ndarray,
    env: SubsetEnv,
    meters: int,
    add: list[int] | None = None,
    one: list[int] | None = None,
) -> dict[int, np.ndarray | np.float32]:
    """Evaluate all effects first, then add them: effects of one choice are simultaneous.

    ``add`` and ``one``, when given, are then marked as by ``_mark`` (after the effects),
    in the same gather and store when no row is both an effect's and a mark's.
    """
    deltas = {e.row: _clean(e.expr(env), idx.size) for e in effects}
    marks = (add or []) + (one or [])
    together = bool(marks) and not any(r in deltas for r in marks)
    if not deltas and not together:
        if marks:
            _mark(state.values, idx, add or [], one or [])
        return deltas
    # One gather and one scatter for all the rows (keys: distinct), not one per row.
    k = len(deltas)
    rows = np.fromiter(list(deltas) + (marks if together else []), dtype=np.intp)
    sub, put = _cells(state.values, rows, idx)
    for i, d in enumerate(deltas.values()):
        sub[i] += d
    if k and rows[:k].max() < meters:
        np.clip(sub[:k], 0, 100, out=sub[:k])
    else:
        for i, row in enumerate(deltas):
            if row < meters:
                np.clip(sub[i], 0, 100, out=sub[i])
    if together:
        sub[k : k + len(add or [])] += 1
        sub[k + len(add or []) :] = 1
    put(sub)
    if marks and not together:
        _mark(state.values, idx, add or [], one or [])
    return deltas


def _cells(values: np.ndarray, rows: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, Any]:
    """values[rows][:, idx] as a new (rows, idx) array, and a function writing one back.

    Through flat positions in the C-ordered matrix: a 1-D take and store cost about a third
    of 2-D fancy indexing.
    """
    if values.flags.c_contiguous:
        pos = rows[:, None] * values.shape[1] + idx
        flat = values.reshape(-1)  # a view, as the matrix is contiguous
        return flat.take(pos), partial(flat.__setitem__, pos)
    where = (rows[:, None], idx)
    return values[where], partial(values.__setitem__, where)


def _mark(values: np.ndarray, idx: np.ndarray, add: list[int], one: list[int]) -> None:
    """Add 1 to rows ``add`` (distinct) and set rows ``one`` to 1, in columns idx.

    One gather and one scatter instead of one of each per row; rows in ``one`` may repeat
    (each sets 1) but must not be among ``add``.
    """
    sub, put = _cells(values, np.array(add + one, dtype=np.intp), idx)
    sub[: len(add)] += 1
    sub[len(add) :] = 1
    put(sub)


def end_turn(
    model: Model,
    state: State,
    choice: np.ndarray,
    trace: bool = False,
    rule_counts: np.ndarray | None = None,
    rule_points: np.ndarray | None = None,
) -> list[TraceItem]:
    """Apply each live run's choice, then the rules, then decide exits and endings.

    ``choice`` holds, per run, the index of a choice of its drawn event. Runs with no
    event (or already ended) ignore it. Returns the trace when asked for.
    ``rule_counts`` (rules x meters x 2), when given, counts the runs each rule raised
    (index 0) and lowered (index 1) each meter: the lab's cheap aggregate of the trace.
    ``rule_points`` (rules x meters), when given, adds the points each rule took off each
    meter over all runs (the municipality's "what cost the most", without the full trace).
    """
    choice = np.asarray(choice, dtype=np.int64)
    items = _apply_choices(model, state, choice, trace)
    # The arrows of Schema 1: all rules read the same state, then their changes add up.
    items += _apply_rules(model, state, trace, rule_counts, rule_points)
    _end_runs(model, state)
    if state.history is not None:
        state.history.append(state.values[: len(model.meters)].copy())
    state.turn += 1
    return items


def _apply_choices(
    model: Model, state: State, choice: np.ndarray, trace: bool
) -> list[TraceItem]:
    """Each playing run's choice: its effects, sets, tags, follow-up; traced when asked."""
    layout, values, n, t = model.layout, state.values, state.n, state.turn
    meter_count = len(model.meters)
    meter_ids = model.meter_ids
    items: list[TraceItem] = []
    playing = state.alive & (state.event != NO_EVENT)

    for tag in TAGS:
        values[layout[f"last.{tag}"]] = 0
    values[layout["last.change"]] = 0
    c_max = max(model.max_choices, 1)
    keys = state.event.astype(np.int64) * c_max + choice
    for key, idx in _groups(keys, playing):
        ei, ci = divmod(key, c_max)
        ev = model.events[ei]
        if not 0 <= ci < len(ev.choices):
            raise ValueError(f"event {ev.id} has no choice {ci + 1}")
        ch = ev.choices[ci]
        env = SubsetEnv(state, idx)
        if ch.when is not None and not np.all(np.asarray(ch.when(env)) != 0):
            raise ValueError(f"choice {ci + 1} of event {ev.id} is not open now")
        before = values[:meter_count, idx].copy() if trace else None
        add: list[int] = []
        one: list[int] = []
        if len(set(ch.tags)) == len(ch.tags):
            # The bookkeeping rows below, all at once (the same values, fewer numpy calls).
            one = [layout[f"last.{tag}"] for tag in ch.tags]
            if any(tag in CHANGE_TAGS for tag in ch.tags):
                one.append(layout["last.change"])
            if ch.ends_game:
                one.append(layout["walked_away"])
            add = [layout[f"tag.{tag}"] for tag in ch.tags] + [layout[f"seen.{ev.id}"]]
        if not ch.sets and add:
            # No sets in between: effects and bookkeeping in one gather and one store.
            _apply_effects(state, ch.effects, idx, env, meter_count, add, one)
        else:
            _apply_effects(state, ch.effects, idx, env, meter_count)
            set_values = {e.row: _clean(e.expr(env), idx.size) for e in ch.sets}
            for row, v in set_values.items():
                values[row, idx] = v
            if add:
                _mark(values, idx, add, one)
            else:
                for tag in ch.tags:
                    values[layout[f"tag.{tag}"], idx] += 1
                    values[layout[f"last.{tag}"], idx] = 1
                if any(tag in CHANGE_TAGS for tag in ch.tags):
                    values[layout["last.change"], idx] = 1
                values[layout[f"seen.{ev.id}"], idx] += 1
                if ch.ends_game:
                    values[layout["walked_away"], idx] = 1
        state.due[ei, idx] = -1
        if ch.follow_up is not None:
            state.due[ch.follow_up.event, idx] = t + ch.follow_up.after
        if trace and before is not None:
            item = TraceItem("choice", f"{ev.id}.{ch.id}", ev.source, ch.label, None, runs=idx)
            after = values[:meter_count, idx]
            for m in range(meter_count):
                d = np.zeros(n, dtype=np.float32)
                d[idx] = after[m] - before[m]
                if np.any(d != 0):
                    item.deltas[meter_ids[m]] = d
            items.append(item)
    return items


def _apply_rules(
    model: Model,
    state: State,
    trace: bool,
    rule_counts: np.ndarray | None,
    rule_points: np.ndarray | None,
) -> list[TraceItem]:
    """All rules read the same state, then their changes to the meters add up (clipped)."""
    values, n = state.values, state.n
    meter_count = len(model.meters)
    items: list[TraceItem] = []
    _compute_derived(model, state)
    full_env = FullEnv(state)
    total = np.zeros((meter_count, n), dtype=np.float32)
    alive = state.alive
    for ri, rule in enumerate(model.rules):
        fires = (
            alive
            if rule.when is None
            else alive & (np.broadcast_to(np.asarray(rule.when(full_env)), (n,)) != 0)
        )
        if not fires.any():
            continue
        rule_item: TraceItem | None = (
            TraceItem("rule", rule.id, rule.source, rule.explain, rule.arrow) if trace else None
        )
        for eff in rule.effects:
            if rule_item is None and eff.row < meter_count:
                # Where it does not fire the change is x * 0 = +-0, and +-0 changes neither a
                # sum that started at +0 nor a count of changes > 0 or < 0: np.where's exact
                # results at a tenth of the cost (a mixed mask makes np.where slow). The
                # trace keeps +0 (its per-run changes are shown), as do the other rows.
                d = np.multiply(_clean(eff.expr(full_env), n), fires, dtype=np.float32)
            else:
                d = np.where(fires, _clean(eff.expr(full_env), n), np.float32(0))
            if eff.row < meter_count:
                total[eff.row] += d
                if rule_counts is not None:
                    rule_counts[ri, eff.row, 0] += np.count_nonzero(d > 0)
                    rule_counts[ri, eff.row, 1] += np.count_nonzero(d < 0)
                if rule_points is not None:
                    rule_points[ri, eff.row] -= float(np.minimum(d, 0).sum())
            else:
                values[eff.row] += d
            if rule_item is not None and np.any(d != 0):
                rule_item.deltas[eff.name] = d
                rule_item.steps.append((eff.name, d))
        if rule_item is not None and rule_item.deltas:
            items.append(rule_item)
    values[:meter_count] = np.clip(values[:meter_count] + total, 0, 100)
    _compute_derived(model, state)
    return items


def _end_runs(model: Model, state: State) -> None:
    """Exits: a person leaves, or the decade is over; ended runs get their ending."""
    layout, values, n, t = model.layout, state.values, state.n, state.turn
    scenario = model.scenarios[state.scenario]
    alive = state.alive
    ended = np.zeros(n, dtype=bool)
    walked = alive & (values[layout["walked_away"]] != 0)
    exhausted = alive & ~walked & (values[layout["energy"]] <= 0)
    disheartened = alive & ~walked & ~exhausted & (values[layout["motivation"]] <= 0)
    values[layout["exhausted"]] = np.where(exhausted, 1, values[layout["exhausted"]])
    values[layout["disheartened"]] = np.where(disheartened, 1, values[layout["disheartened"]])
    ended |= walked | exhausted | disheartened
    if t >= scenario.turns - 1:
        completed = alive & ~ended
        values[layout["completed"]] = np.where(completed, 1, values[layout["completed"]])
        ended |= completed
    if ended.any():
        state.exit_turn[ended] = t
        state.ending[ended] = decide_endings(model, state, ended)[ended]
        state.alive &= ~ended


def decide_endings(model: Model, state: State, mask: np.ndarray) -> np.ndarray:
    """The first ending whose condition holds, for the runs in ``mask`` (-1 elsewhere)."""
    env = FullEnv(state)
    out = np.full(state.n, -1, dtype=np.int16)
    open_ = mask.copy()
    for i, ending in enumerate(model.endings):
        if not open_.any():
            break
        hit = (
            open_
            if ending.when is None
            else open_ & (np.broadcast_to(np.asarray(ending.when(env)), (state.n,)) != 0)
        )
        out[hit] = i
        open_ &= ~hit
    return out


def is_over(model: Model, state: State) -> bool:
    """True when no run is still playing."""
    return not state.alive.any() or state.turn >= model.scenarios[state.scenario].turns
