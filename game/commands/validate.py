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

from game.files.textsafe import rel

from .common import problem_line


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


def _listing(entries: list[dict[str, object]], lang: str) -> list[str]:
    from game.content.messages import kind, said, word
    from game.content.paths import content_dir, scenarios_dir

    builtin = said(
        "validate.listing.builtin",
        content=rel(str(content_dir())),
        scenarios=rel(str(scenarios_dir())),
    )
    lines = [builtin.word(lang)]
    origin = None
    for e in entries:
        if e["origin"] != origin:
            origin = e["origin"]
            lines.append(_origin(str(origin), lang))
        ids = list(e["ids"])  # type: ignore[call-overload]
        shown = ", ".join(ids[:4]) + (f", … ({len(ids)})" if len(ids) > 4 else "")
        what = word(kind(str(e["kind"])), lang)
        lines.append(f"  {rel(str(e['file']))}: {what} {shown}".rstrip())
    return lines


def _origin(origin: str, lang: str) -> str:
    """The heading over the files of one origin: the user folder, a --content folder, or
    the files given to validate."""
    from game.content.layers import EXTRA, USER
    from game.content.messages import said

    if origin == "validate":
        return said("validate.listing.given").word(lang)
    if origin.startswith(f"{USER} "):
        return said("validate.listing.user", folder=origin[len(USER) + 1 :]).word(lang)
    if origin.startswith(f"{EXTRA} "):
        return said("validate.listing.extra", folder=origin[len(EXTRA) + 1 :]).word(lang)
    return f"{origin}:"


def _summary(c: dict[str, int], warned: int, lang: str) -> str:
    """The last line: what loaded, and how many warnings."""
    from game.content.messages import said

    ok = said("validate.listing.ok", **c).word(lang)
    return ok + (said("validate.listing.warnings", n=warned).word(lang) if warned else "")


def run(args: argparse.Namespace) -> int:
    from game.content import check, classify
    from game.content.lint import warnings
    from game.content.messages import said

    sources, problems = classify([Path(p) for p in args.paths])
    model = None
    if not problems:
        model, problems = check(sources)
    if model is not None:  # the municipality role (issue 16) rests on the same model
        from game.content import municipality

        problems = problems + municipality.check(model)[1]
    from game.i18n import teacher_lang

    lang = getattr(args, "lang", None) or teacher_lang()
    lines = [problem_line(p, lang) for p in problems]
    warned = [problem_line(w, lang) for w in warnings(model, sources)] if model is not None else []
    entries = loaded(sources)
    if args.json:
        out = {"ok": not problems, "problems": lines, "warnings": warned, "loaded": entries}
        if model is not None:
            from game.lab.analysis import coverage

            out.update(counts(model))
            out["coverage"] = coverage(model)
        print(json.dumps(out, ensure_ascii=False))
    else:
        for line in lines:
            print(line, file=sys.stderr)
        for line in warned:
            print(said("validate.listing.warning", line=line).word(lang), file=sys.stderr)
        if model is not None:  # what was loaded from where, then the counts
            for line in _listing(entries, lang):
                print(line)
            print(_summary(counts(model), len(warned), lang))
    return 0 if not problems else 1

