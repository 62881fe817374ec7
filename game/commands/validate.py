"""`koorddanser validate`: check content, scenario and policy files; `file:line: message` per problem."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import rel


def counts(model) -> dict[str, int]:
    return {
        "scenarios": len(model.scenarios),
        "events": len(model.events),
        "endings": len(model.endings),
        "rules": len(model.rules),
        "choices": sum(len(e.choices) for e in model.events),
    }


def run(args: argparse.Namespace) -> int:
    from game.content import check, classify

    sources, problems = classify([Path(p) for p in args.paths])
    model = None
    if not problems:
        model, problems = check(sources)
    lines = []
    for p in problems:
        where = f"{rel(p.path)}:{p.line}" if p.line else rel(p.path)
        lines.append(f"{where}: {p.message}")
    if args.json:
        out = {"ok": not problems, "problems": lines}
        if model is not None:
            from game.analysis import coverage

            out.update(counts(model))
            out["coverage"] = coverage(model)
        print(json.dumps(out, ensure_ascii=False))
    else:
        for line in lines:
            print(line, file=sys.stderr)
        if model is not None:
            c = counts(model)
            print(
                f"ok: {c['scenarios']} scenarios, {c['events']} events, {c['choices']} choices, {c['endings']} endings, {c['rules']} rules"
            )
    return 0 if not problems else 1
