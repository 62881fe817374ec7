"""`koorddanser code [--scenario ID]`: a new class code for a lesson (scenario + seed)."""

from __future__ import annotations

import argparse

from .common import model_or_exit, scenario_id


def run(args: argparse.Namespace) -> int:
    from game.classroom import classcode

    model = model_or_exit(getattr(args, "lang", None))
    if args.scenario is None:
        for sid in sorted(model.scenarios):
            sc = model.scenarios[sid]
            print(f"{classcode.make(sc)}  {sc.title[args.lang]} ({sc.city})")
        return 0
    print(classcode.make(model.scenarios[scenario_id(model, args.scenario, args.lang)]))
    return 0
