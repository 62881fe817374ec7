"""`koorddanser class FOLDER`: the class overview in the terminal, as CSV, JSON or a page.

The overview itself (reading the hand-ins, the tables, the page) is game/classroom/overview.py;
this module turns the arguments into a call and the result into output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.classroom import muni_overview
from game.classroom.overview import csv_text, html_page, overview, save_files, text
from game.files.textsafe import path_text, printable

from .common import model_or_exit, output_or_exit, runs_within_memory, said


def run(args: argparse.Namespace) -> int:
    from game.classroom.report import Strings
    from game.saves import best_person as saves

    folder = Path(args.folder)
    model = model_or_exit(getattr(args, "lang", None))
    t = Strings(model, args.lang)
    if not folder.is_dir():
        print(t("class.not_folder", folder=path_text(args.folder)), file=sys.stderr)
        return 2
    runs_within_memory(args.baseline_runs, "--baseline-runs")
    csv_arg = getattr(args, "csv", None)
    # Refuse a device, pipe, folder or read-only file before any work (exit 2).
    targets = [
        (output_or_exit(a), make)
        for a, make in ((args.html, lambda d: html_page(model, d, args.lang)), (csv_arg, csv_text))
        if a
    ]
    data = overview(model, folder, args.baseline_runs, args.lang)
    data["municipality"] = muni_overview.rows(model, save_files(folder)[0], folder, args.lang)
    for path, make in targets:
        if path is None:  # "-": the page or the CSV on standard output, instead of the text
            sys.stdout.write(make(data))
            return 0
        try:
            saves.write_atomic(path, make(data).encode("utf-8"))
        except saves.SaveError as exc:
            print(said(exc, args.lang), file=sys.stderr)
            return 1
    if args.json:
        # ASCII escapes: valid JSON whatever the locale's encoding (a Latin-1 terminal too)
        print(json.dumps(data, ensure_ascii=True))
    else:
        sys.stdout.write(text(model, data, args.lang))
        sys.stdout.write(muni_overview.text(t, data["municipality"]))
    if args.json:  # the text output shows them itself
        for w in data["warnings"]:
            print(printable(w), file=sys.stderr)
    return 0
