"""`koorddanser report SAVE`: the debrief of a saved game as Markdown or self-contained HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli import UsageError

from .common import load_save_or_exit, model_or_exit, texts


def run(args: argparse.Namespace) -> int:
    from game import report, saves

    model = model_or_exit()
    loaded = load_save_or_exit(model, args.save)
    lang = args.lang or loaded.lang
    if args.format == "html":
        text = report.html_page(model, loaded.game, lang, loaded.class_code)
    else:
        text = report.markdown(model, loaded.game, lang, loaded.class_code)
    if loaded.note:
        print(loaded.note, file=sys.stderr)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    if out.is_dir():
        raise UsageError(texts(args)("cli.report.folder", path=out))
    try:
        saves.write_atomic(out, text.encode("utf-8"))
    except saves.SaveError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(out)
    return 0
