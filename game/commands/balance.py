"""`koorddanser balance`: ending distributions per scenario and policy, with the designer's warnings.

With ``--check`` it also measures the calibration targets (content/calibration.yaml), the
endings' story requirements and the essay's claims, and exits 1 naming what falls short.
"""

from __future__ import annotations

import argparse
import json

from .common import UsageError, model_or_exit, runs_within_memory, scenario_id, where_or_exit

DEFAULT_RUNS, DEFAULT_SEED = 20_000, 1


def run(args: argparse.Namespace) -> int:
    from game.lab.parallel import start_early, stop_early

    where = where_or_exit(args)
    start_early(where)  # the workers start while the model and the targets load
    try:
        return _run(args, where)
    finally:
        stop_early(where)  # only if the tasks never ran (an error before them)


def _run(args: argparse.Namespace, where) -> int:
    from game.lab.analysis import warnings

    model = model_or_exit()
    scenarios = [scenario_id(model, args.scenario)] if args.scenario else sorted(model.scenarios)
    cal = _calibration(model, getattr(args, "targets", None)) if args.check else None
    runs = runs_within_memory(args.runs or (cal.runs if cal else DEFAULT_RUNS))
    seed = args.seed if args.seed is not None else (cal.seed if cal else DEFAULT_SEED)
    reports, results = _measure(model, scenarios, cal, runs, seed, where)
    warn = warnings(model, reports)
    if args.json:
        out = {
            "runs": runs,
            "seed": seed,
            "reports": [r.as_dict() for r in reports],
            "warnings": warn,
        }
        if cal is not None:
            out["checks"] = [
                {
                    "scenario": r.scenario,
                    "target": r.target.id,
                    "value": round(r.value, 4),
                    "bounds": r.target.bounds(),
                    "ok": r.ok,
                    "detail": r.detail,
                }
                for r in results
            ]
        print(json.dumps(out, ensure_ascii=False))
    else:
        _print_tables(model, scenarios, reports, runs, seed)
        if warn:
            print("\nwarnings:")
            for w in warn:
                print(f"  - {w}")
        if cal is not None:
            _print_checks(scenarios, results)
    return 1 if any(not r.ok for r in results) else 0


def _measure(model, scenarios: list[str], cal, runs: int, seed: int, where) -> tuple[list, list]:
    """The policy reports and (with a calibration) the checks, as independent tasks.

    The checks go first: each is the heaviest task (some thirty simulations), so the
    workers are never left waiting for one at the end. Results come back in order, so the
    output is the same on one core, on several, or on a Dask cluster.
    """
    from game.lab.parallel import ClusterError, run_tasks

    if cal is not None and seed == cal.seed:
        # One task a scenario: its checks simulate every policy at these runs and seed, and
        # the tables summarise those very games (simulating them twice cost a third more).
        # The claims (some seventeen simulations a scenario) are tasks of their own, heaviest
        # first, so two workers share the load evenly; results are joined in file order.
        tasks: list[tuple] = [("claims", cal, sid, runs) for sid in scenarios]
        tasks += [("scenario", cal, sid, runs) for sid in scenarios]
        try:
            done = run_tasks(where, _task, tasks, shared=model)
        except ClusterError as exc:
            raise UsageError(str(exc)) from None
        claims, per_scenario = done[: len(scenarios)], done[len(scenarios) :]
        reports = [r for reps, _ in per_scenario for r in reps]
        results = [r for (_, rows), c in zip(per_scenario, claims, strict=True) for r in rows + c]
        return reports, results
    tasks = []
    if cal is not None:
        tasks += [("check", cal, sid, runs) for sid in scenarios]
    tasks += [
        ("report", sid, pol, runs, seed) for sid in scenarios for pol in model.policies.values()
    ]
    try:
        done = run_tasks(where, _task, tasks, shared=model)
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
    checks = len(scenarios) if cal is not None else 0
    return done[checks:], [r for rows in done[:checks] for r in rows]


def _task(model, kind: str, *args):
    """One task of `balance`, run wherever the workers are: a policy report or a scenario's checks."""
    if kind == "check":
        from game.lab.calibration import check_scenario

        return check_scenario(model, *args)
    if kind == "scenario":
        return _scenario(model, *args)
    if kind == "claims":
        from game.lab.calibration import check_claims

        return check_claims(model, *args)
    from game.lab.analysis import policy_report

    return policy_report(model, *args)


def _scenario(model, cal, sid: str, runs: int) -> tuple[list, list]:
    """A scenario's targets, and its policy tables from the same simulated games."""
    from game.lab.analysis import summarise
    from game.lab.calibration import Bench, check_targets

    bench = Bench(model, sid, runs, cal.seed)
    results = check_targets(model, cal, sid, runs, bench=bench)
    reports = [
        summarise(model, sid, pol, runs, bench.result(name)) for name, pol in model.policies.items()
    ]
    return reports, results


def _calibration(model, path: str | None):
    from pathlib import Path

    from game.content.yamlsafe import ContentError
    from game.lab.calibration import load_calibration

    from .common import UsageError

    try:
        return load_calibration(Path(path) if path else None, model=model)
    except ContentError as exc:
        raise UsageError(str(exc)) from None


def _print_tables(model, scenarios, reports, runs: int, seed: int) -> None:
    from game.lab.analysis import PERCENTILES

    for sid in scenarios:
        reps = [r for r in reports if r.scenario == sid]
        print(f"\n{sid}  ({runs} runs per policy, seed {seed})")
        names = [r.policy for r in reps]
        print(f"  {'ending':<30}" + "".join(f"{n[:10]:>11}" for n in names))
        for e in model.endings:
            row = [100 * r.endings[e.id] / r.runs for r in reps]
            print(f"  {e.id:<30}" + "".join(f"{v:>10.1f}%" for v in row))
        print(f"  {'good endings':<30}" + "".join(f"{100 * r.best_share:>10.1f}%" for r in reps))
        active = [100 * (1 - (r.person["burnout"] + r.person["other_work"]) / r.runs) for r in reps]
        print(f"  {'still active in 2020':<30}" + "".join(f"{v:>10.1f}%" for v in active))
        print(f"  {'mean exit turn':<30}" + "".join(f"{r.exit_turn:>11.1f}" for r in reps))
        rnd = next((r for r in reps if r.policy == "random"), reps[0])
        print(
            f"  meters at the end under {rnd.policy} "
            f"(p{PERCENTILES[0]} / p{PERCENTILES[1]} / p{PERCENTILES[2]}):"
        )
        for m, (lo, mid, hi) in rnd.percentiles.items():
            print(f"    {m:<22}{lo:>6.0f}{mid:>6.0f}{hi:>6.0f}")
        movers = sorted(rnd.choices.items(), key=lambda kv: -abs(kv[1]["best_shift"]))[:5]
        print(f"  choices that move the good endings most under {rnd.policy}:")
        for key, v in movers:
            print(f"    {key:<48}{100 * v['best_shift']:+6.1f} pts  (taken {v['taken']})")


def _print_checks(scenarios, results) -> None:
    print("\ncalibration (content/calibration.yaml) and the essay's claims:")
    for sid in scenarios:
        rows = [r for r in results if r.scenario == sid]
        bad = sum(not r.ok for r in rows)
        print(f"\n  {sid}: {len(rows) - bad} of {len(rows)} hold")
        for r in rows:
            mark = "ok  " if r.ok else "FAIL"
            print(
                f"    {mark} {r.target.id:<40} {r.value:>8.3f}  ({r.target.bounds()})  {r.detail}"
            )
    failing = [r for r in results if not r.ok]
    if failing:
        print(f"\n{len(failing)} check(s) fall short:")
        from game.i18n import teacher_lang as default_lang

        lang = default_lang()  # the targets' own words in the teacher's language
        for r in failing:
            print(
                f"  - {r.scenario}: {r.target.id} = {r.value:.3f}, needs {r.target.bounds()}: "
                f"{r.target.what[lang]}"
            )
            if r.target.hint:
                print(f"    -> {r.target.hint[lang]}")
    else:
        print("\nall checks hold")
