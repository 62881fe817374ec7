"""`koorddanser saves`: list saved games; `saves check FILE ...` verifies save files by replay."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.files.textsafe import rel

from .common import texts


def _save_dir(args: argparse.Namespace) -> Path:
    from game.saves.best_person import default_save_dir

    return Path(args.save_dir) if getattr(args, "save_dir", None) else default_save_dir()


def list_saves(args: argparse.Namespace) -> int:
    """Newest first: name, student, scenario, year and season, ending or "playing"; broken
    files too. Everything read from a file is made printable (no escape sequences)."""
    from game.files.textsafe import path_text, printable
    from game.i18n import TableError, lookup
    from game.saves.best_person import SaveError, list_saves
    from game.tui.strings import read_strings

    t = texts(args)
    try:
        ui = read_strings()  # the half-years' names (season.N) are the app's strings
    except TableError:
        ui = {}  # a broken ui.yaml: the list still shows, the season as its key
    folder = _save_dir(args)
    items = list_saves(folder)
    if not items:
        print(t("cli.saves.none", folder=path_text(rel(str(folder)))))
        return 0
    print(t("cli.saves.in", folder=path_text(folder.resolve())))
    rows: list[tuple[str, ...] | str] = []
    # The student column only when some game has a name (class games since names came).
    named = any(not isinstance(i, SaveError) and i.student for i in items)
    for item in items:
        if isinstance(item, SaveError):
            rows.append(f"{path_text(rel(str(item.path)))}: {printable(item.text(t.lang))}")
        else:
            status = item.ending or t("cli.saves.playing", turn=item.turn + 1)
            when = f"{item.year} {lookup((ui,), f'season.{item.season}', t.lang, {})}"
            cells = [path_text(item.name), item.scenario, when, status, path_text(item.path.name)]
            if named:
                cells.insert(1, item.student or "-")
            rows.append(tuple(printable(c) for c in cells))
    n = 5 if named else 4
    widths = [max((len(r[i]) for r in rows if isinstance(r, tuple)), default=0) for i in range(n)]
    for r in rows:
        if isinstance(r, str):
            print(r)
        else:
            # The file name last: that is what a student hands in.
            print("  ".join(cell.ljust(w) for cell, w in zip(r[:n], widths, strict=True)), r[n])
    return 0


def check_files(args: argparse.Namespace) -> int:
    """Exit 0 when every file replays to its snapshot; else 1 and one line per problem.

    Folders are read like `class` reads them (recursively, see saves.find_saves).
    """
    from game.files.textsafe import path_text, printable
    from game.saves.best_person import check_many, find_saves
    from game.saves.municipality import is_municipality_save

    from .common import model_or_exit

    t = texts(args)
    model = model_or_exit(getattr(args, "lang", None))
    files, skipped = find_saves(args.files, t.lang)
    for line in skipped:
        print(line, file=sys.stderr)
    if not files:
        print(t("cli.saves.no_files"), file=sys.stderr)
        return 1
    bad = len(skipped)
    # One batch replay per scenario and world for the best persons' saves, not one game at
    # a time; a municipality's save is checked by its own replay.
    muni = {f for f in files if is_municipality_save(f)}
    best = [f for f in files if f not in muni]
    checked = dict(zip(best, check_many(model, best, t.lang), strict=True))
    for f in files:
        problems = _muni_check(model, f, t.lang) if f in muni else checked[f]
        if problems:
            bad += 1
            full, shown = path_text(f), path_text(rel(str(f)))
            for line in problems:
                line = shown + line[len(full) :] if line.startswith(full) else line
                print(printable(line), file=sys.stderr)
    total = len(files) + len(skipped)
    if bad:
        print(t("cli.saves.bad", bad=bad, n=total), file=sys.stderr)
        return 1
    if total == 1:
        print(t("cli.saves.ok_one"))
    else:
        print(t("cli.saves.ok_all", n=total))
    return 0


def _muni_check(model, path: Path, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    """A municipality save replayed against its snapshot: its problems (none when it holds)."""
    from game.content import ContentInvalid
    from game.content.municipality import load_city
    from game.saves import municipality as muni_saves

    try:
        muni_saves.load(model, load_city(model), path)
    except muni_saves.SaveError as exc:
        return [exc.shown(lang)]
    except ContentInvalid as exc:
        return [f"{path}: {exc}"]
    return []


def run(args: argparse.Namespace) -> int:
    if getattr(args, "saves_command", None) == "check":
        return check_files(args)
    return list_saves(args)
