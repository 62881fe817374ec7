"""`koorddanser simulate`: many games with a policy, as a table or one JSON object."""

from __future__ import annotations

import argparse
import json

from .common import (
    BYTES_PER_RUN,
    LEAN_BYTES_PER_RUN,
    UsageError,
    model_or_exit,
    policy,
    runs_within_memory,
    scenario_id,
    start_overrides,
    where_or_exit,
    with_start,
    world_overrides,
)


def summary(
    model, result, scenario: str, runs: int, seed: int, policy_name: str, per_run: bool
) -> dict:
    """The JSON contract of `simulate --json` (see DESIGN.md)."""
    import numpy as np

    counts = np.bincount(result.ending.astype(np.int64), minlength=len(model.endings))
    endings = {e.id: int(c) for e, c in zip(model.endings, counts, strict=True) if c}
    out = {
        "scenario": scenario,
        "runs": runs,
        "seed": seed,
        "policy": policy_name,
        "endings": endings,
        "ending_info": {
            e.id: {"person": e.person, "initiative": e.initiative}
            for e in model.endings
            if e.id in endings
        },
        "final": {
            m.id: round(float(result.final[i].mean()), 3) for i, m in enumerate(model.meters)
        },
        # Turns are counted from 1 here: a run that ends in the first turn has exit_turn 1.
        "exit_turn": round(float(result.exit_turn.mean()) + 1, 3),
    }
    if per_run:
        ids = [e.id for e in model.endings]
        out["per_run"] = [
            {"ending": ids[int(e)], "exit_turn": int(t) + 1}
            for e, t in zip(result.ending, result.exit_turn, strict=True)
        ]
    return out


def outcomes(model, sid: str, runs: int, seed: int, pol, world, where, chunk: int | None = None):
    """Every run's outcome, simulated in chunks wherever ``where`` says, concatenated in order."""
    from game.engine.batch import CHUNK, chunks, concat, play_chunk
    from game.lab.parallel import ClusterError, run_tasks

    size = chunk or CHUNK
    tasks = [(sid, first, count, seed, pol, world) for first, count in chunks(runs, size)]
    try:
        return concat(run_tasks(where, play_chunk, tasks, shared=model))
    except ClusterError as exc:
        raise UsageError(str(exc)) from None


def trace_summary(model, trajectory) -> dict:
    """``simulate --json --trace``: how the meters moved over the decade, and which rules moved them.

    Per turn (1-based, as exit_turn) and meter: the percentiles over the runs still playing
    that turn, and the share of them pinned at a limit; per rule and meter: in how many
    run-turns it raised and lowered that meter.
    """
    from game.engine.batch import HIGH, LOW, TRACE_PERCENTILES

    turns = []
    for t, playing in enumerate(trajectory.playing):
        if not playing:
            break
        meters = {}
        for i, m in enumerate(model.meters):
            pct = trajectory.percentiles[t, i]
            meters[m.id] = {
                **{
                    f"p{p}": round(float(v), 2) for p, v in zip(TRACE_PERCENTILES, pct, strict=True)
                },
                f"at_or_below_{LOW:g}": round(float(trajectory.low[t, i]), 4),
                f"at_or_above_{HIGH:g}": round(float(trajectory.high[t, i]), 4),
            }
        turns.append({"turn": t + 1, "playing": int(playing), "meters": meters})
    rules = {}
    for r, rule in enumerate(model.rules):
        moved = {
            m.id: {"raised": int(up), "lowered": int(down)}
            for m, (up, down) in zip(model.meters, trajectory.rule_counts[r], strict=True)
            if up or down
        }
        if moved:
            rules[rule.id] = moved
    return {"turns": turns, "rules": rules}


def run(args: argparse.Namespace) -> int:
    trace = bool(getattr(args, "trace", False))
    lean = not trace and not args.per_run
    runs_within_memory(args.runs, per_run=LEAN_BYTES_PER_RUN if lean else BYTES_PER_RUN)
    model = model_or_exit()
    sid = scenario_id(model, args.scenario)
    pol = policy(model, args.policy)
    world = world_overrides(model, args.set)
    start = start_overrides(model, args.set)
    model = with_start(model, sid, start)
    if trace:
        # The trajectory's percentiles are over all runs at once: one batch, in this process.
        from game.engine import simulate

        result = simulate(model, sid, args.runs, args.seed, pol, world, trace=True)
    else:
        where = where_or_exit(args, default_workers=1)
        result = outcomes(model, sid, args.runs, args.seed, pol, world, where, args.chunk)
    data = summary(model, result, sid, args.runs, args.seed, pol.name, args.per_run)
    if trace and result.trajectory is not None:
        data["trace"] = trace_summary(model, result.trajectory)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"{sid}: {args.runs} runs, seed {args.seed}, policy {pol.name}")
    if world:
        print("world: " + ", ".join(f"{k}={v:g}" for k, v in world.items()))
    if start:
        print("start: " + ", ".join(f"{k}={v:g}" for k, v in start.items()))
    width = max(len(k) for k in data["endings"]) if data["endings"] else 10
    for ending_id, count in sorted(data["endings"].items(), key=lambda kv: -kv[1]):
        info = data["ending_info"][ending_id]
        share = 100 * count / args.runs
        print(
            f"  {ending_id:<{width}}  {count:>8}  {share:5.1f}%  {info['person']}/{info['initiative']}"
        )
    print(f"mean exit turn: {data['exit_turn']:.1f} of {model.scenarios[sid].turns}")
    print("final means: " + ", ".join(f"{k} {v:.0f}" for k, v in data["final"].items()))
    return 0
