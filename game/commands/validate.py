"""`koorddanser validate`: check content, scenario and policy files; `file:line: message` per problem.

It also says what it loaded from where (the built-in content, the user content folder,
``--content`` folders and the files given), and prints warnings for content that loads but
will not do what was meant (see ``game.content.lint``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import problem_line, rel


def counts(model) -> dict[str, int]:
    return {
        "scenarios": len(model.scenarios),
        "events": len(model.events),
        "endings": len(model.endings),
        "rules": len(model.rules),
        "choices": sum(len(e.choices) for e in model.events),
    }


def loaded(sources) -> list[dict[str, object]]:
    """Each file that is not built-in: where it came from and the ids it holds."""
    from game.content.yamlsafe import ContentError, load_file

    out = []
    for kind, files in (
        ("scenario", sources.scenarios),
        ("event", sources.events),
        ("ending", [sources.endings, *sources.extra_endings]),
    ):
        for f in files:
            origin = sources.origin.get(str(f))
            if origin is None:
                continue
            try:
                doc = load_file(f)
            except ContentError:
                doc = None
            if kind == "scenario":
                ids = (
                    [doc["id"]] if isinstance(doc, dict) and isinstance(doc.get("id"), str) else []
                )
            else:
                items = doc.get(f"{kind}s") if isinstance(doc, dict) else None
                ids = [x["id"] for x in items or [] if isinstance(x, dict) and "id" in x]
            out.append({"origin": origin, "file": str(f), "kind": kind, "ids": ids})
    return out


def _listing(entries: list[dict[str, object]]) -> list[str]:
    from game.content.paths import content_dir, scenarios_dir

    lines = [f"built-in: {rel(str(content_dir()))}, {rel(str(scenarios_dir()))}"]
    origin = None
    for e in entries:
        if e["origin"] != origin:
            origin = e["origin"]
            lines.append(f"{origin}:" if origin != "validate" else "given to validate:")
        ids = list(e["ids"])  # type: ignore[call-overload]
        shown = ", ".join(ids[:4]) + (f", … ({len(ids)})" if len(ids) > 4 else "")
        lines.append(f"  {rel(str(e['file']))}: {e['kind']} {shown}".rstrip())
    return lines


def run(args: argparse.Namespace) -> int:
    from game.content import check, classify
    from game.content.lint import warnings

    sources, problems = classify([Path(p) for p in args.paths])
    model = None
    if not problems:
        model, problems = check(sources)
    if model is not None:  # the municipality role (issue 16) rests on the same model
        from game.content import municipality

        problems = problems + municipality.check(model)[1]
    lang = getattr(args, "lang", None)
    lines = [problem_line(p, lang) for p in problems]
    warned = [problem_line(w, lang) for w in warnings(model, sources)] if model is not None else []
    entries = loaded(sources)
    if args.json:
        out = {"ok": not problems, "problems": lines, "warnings": warned, "loaded": entries}
        if model is not None:
            from game.analysis import coverage

            out.update(counts(model))
            out["coverage"] = coverage(model)
        print(json.dumps(out, ensure_ascii=False))
    else:
        for line in lines:
            print(line, file=sys.stderr)
        for line in warned:
            print(f"warning: {line}", file=sys.stderr)
        if model is not None:  # what was loaded from where, then the counts
            for line in _listing(entries):
                print(line)
            c = counts(model)
            print(
                f"ok: {c['scenarios']} scenarios, {c['events']} events, {c['choices']} choices, {c['endings']} endings, {c['rules']} rules"
                + (f"; {len(warned)} warnings" if warned else "")
            )
    return 0 if not problems else 1

