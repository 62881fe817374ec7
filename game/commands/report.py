"""`koorddanser report SAVE`: the debrief of a saved game as Markdown or self-contained HTML."""

from __future__ import annotations

import argparse
import sys

from .common import load_save_or_exit, model_or_exit, output_or_exit, write_output


def run(args: argparse.Namespace) -> int:
    from game.classroom import report

    output_or_exit(args.output)  # before any work: a wrong target is said at once
    model = model_or_exit(getattr(args, "lang", None))
    from game.saves import municipality as muni_saves

    if muni_saves.is_municipality_save(args.save):
        from .municipality import report as municipality_report

        return municipality_report(args, model)
    loaded = load_save_or_exit(model, args.save, args.lang)
    lang = args.lang or loaded.lang
    d = report.build(model, loaded.game, lang, loaded.class_code, loaded.student)
    text = report.html_page(d) if args.format == "html" else report.markdown(d)
    if loaded.note:
        print(loaded.note, file=sys.stderr)
    return write_output(args.output, text)
