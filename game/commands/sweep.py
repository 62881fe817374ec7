"""`koorddanser sweep`: a grid of world settings x policies x scenarios, as a table and a heatmap.

    koorddanser sweep --scenario cultuurhuis_zwolle --grid world.grant_years=1,2,3,4 \
        --grid world.contact_rotation_years=0,1,2,3 --policy random --policy tightrope \
        --runs 20000 --html sweep.html
"""

from __future__ import annotations

import argparse
import json
import sys

from .common import (
    UsageError,
    model_or_exit,
    output_or_exit,
    policy,
    said,
    scenario_id,
    start_overrides,
    texts,
    usage_error,
    where_or_exit,
    world_overrides,
)

DEFAULT_RUNS, DEFAULT_SEED = 20_000, 1


def axes(model, items: list[str]):
    """``--grid KEY=V1,V2,...`` options as axes; each value checked like ``--set KEY=V``."""
    from game.lab.sweep import Axis

    out: list[Axis] = []
    for item in items:
        key, eq, values = item.partition("=")
        key = key.strip()
        if not eq or not values.strip():
            raise usage_error("cli.sweep.error.form", item=repr(item))
        if key in (a.key for a in out):
            raise usage_error("cli.sweep.error.twice", key=key)
        nums: list[float] = []
        for raw in values.split(","):
            setting = [f"{key}={raw.strip()}"]
            # The same checks and messages as --set (known setting, a number, within range).
            parsed = start_overrides(model, setting) if key.startswith("start.") else {}
            parsed = parsed or world_overrides(model, setting)
            value = next(iter(parsed.values()))
            if value not in nums:
                nums.append(value)
        out.append(Axis(key, tuple(nums)))
    return out


def run(args: argparse.Namespace) -> int:
    from game.lab.parallel import ClusterError
    from game.lab.sweep import as_dict, page, sweep, table
    from game.saves import best_person as saves

    t = texts(args)
    model = model_or_exit()
    scenarios = [scenario_id(model, s) for s in dict.fromkeys(args.scenario or [])] or sorted(
        model.scenarios
    )
    policies = {p.name: p for p in (policy(model, name) for name in (args.policy or ["random"]))}
    grid = axes(model, args.grid)
    html_path = output_or_exit(args.html) if args.html else None  # refused before any work
    where = where_or_exit(args)
    try:
        cells = sweep(
            model, scenarios, grid, list(policies.values()), args.runs, args.seed, where, args.chunk
        )
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
    if args.html:
        text = page(model, cells, grid, args.runs, args.seed, t, t.lang)
        if html_path is None:  # --html -: the page on standard output instead of the table
            sys.stdout.write(text)
            return 0
        try:
            saves.write_atomic(html_path, text.encode("utf-8"))
        except saves.SaveError as exc:
            print(said(exc, args.lang), file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(as_dict(model, cells, args.runs, args.seed), ensure_ascii=True))
        return 0
    print(t("cli.sweep.meta", runs=args.runs, seed=args.seed))
    sys.stdout.write(table(model, cells, grid, t))
    return 0
