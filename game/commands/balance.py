"""`koorddanser balance`: ending distributions per scenario and policy, with the designer's warnings."""

from __future__ import annotations

import argparse
import json

from .common import model_or_exit, runs_within_memory, scenario_id


def run(args: argparse.Namespace) -> int:
    from game.analysis import PERCENTILES, policy_report, warnings

    runs_within_memory(args.runs)
    model = model_or_exit()
    scenarios = [scenario_id(model, args.scenario)] if args.scenario else sorted(model.scenarios)
    reports = [
        policy_report(model, sid, pol, args.runs, args.seed)
        for sid in scenarios
        for pol in model.policies.values()
    ]
    warn = warnings(model, reports)
    if args.json:
        print(
            json.dumps(
                {
                    "runs": args.runs,
                    "seed": args.seed,
                    "reports": [r.as_dict() for r in reports],
                    "warnings": warn,
                },
                ensure_ascii=False,
            )
        )
        return 0
    for sid in scenarios:
        reps = [r for r in reports if r.scenario == sid]
        print(f"\n{sid}  ({args.runs} runs per policy, seed {args.seed})")
        names = [r.policy for r in reps]
        print(f"  {'ending':<30}" + "".join(f"{n:>10}" for n in names))
        for e in model.endings:
            row = [100 * r.endings[e.id] / r.runs for r in reps]
            print(f"  {e.id:<30}" + "".join(f"{v:>9.1f}%" for v in row))
        print(f"  {'best endings':<30}" + "".join(f"{100 * r.best_share:>9.1f}%" for r in reps))
        print(f"  {'mean exit turn':<30}" + "".join(f"{r.exit_turn:>10.1f}" for r in reps))
        rnd = next((r for r in reps if r.policy == "random"), reps[0])
        print(
            f"  meters at the end under {rnd.policy} (p{PERCENTILES[0]} / p{PERCENTILES[1]} / p{PERCENTILES[2]}):"
        )
        for m, (lo, mid, hi) in rnd.percentiles.items():
            print(f"    {m:<22}{lo:>6.0f}{mid:>6.0f}{hi:>6.0f}")
        movers = sorted(rnd.choices.items(), key=lambda kv: -abs(kv[1]["best_shift"]))[:5]
        print(f"  choices that move the best endings most under {rnd.policy}:")
        for key, v in movers:
            print(f"    {key:<48}{100 * v['best_shift']:+6.1f} pts  (taken {v['taken']})")
    if warn:
        print("\nwarnings:")
        for w in warn:
            print(f"  - {w}")
    return 0
