"""`koorddanser saves`: list saved games; `saves check FILE ...` verifies save files by replay."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import rel, texts


def _save_dir(args: argparse.Namespace) -> Path:
    from game.saves import default_save_dir

    return Path(args.save_dir) if getattr(args, "save_dir", None) else default_save_dir()


def list_saves(args: argparse.Namespace) -> int:
    """Newest first: name, scenario, year and season, ending or "playing"; broken files too."""
    from game.debrief import season_name
    from game.saves import SaveError, list_saves

    t = texts(args)
    folder = _save_dir(args)
    items = list_saves(folder)
    if not items:
        print(t("cli.saves.none", folder=rel(str(folder))))
        return 0
    print(t("cli.saves.in", folder=folder.resolve()))
    rows: list[tuple[str, ...] | str] = []
    for item in items:
        if isinstance(item, SaveError):
            rows.append(f"{rel(str(item.path))}: {item.message}")
        else:
            status = item.ending or t("cli.saves.playing", turn=item.turn + 1)
            when = f"{item.year} {season_name(item.season, t.lang)}"
            rows.append((item.name, item.scenario, when, status, item.path.name))
    widths = [max((len(r[i]) for r in rows if isinstance(r, tuple)), default=0) for i in range(4)]
    for r in rows:
        if isinstance(r, str):
            print(r)
        else:
            # The file name last: that is what a student hands in.
            print("  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)), r[4])
    return 0


def _expand(paths: list[str]) -> list[Path]:
    """Files as given; a folder stands for the save files in it (a class's hand-ins)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.glob("*.json") if not q.name.startswith(".")))
        else:
            out.append(p)
    return out


def check_files(args: argparse.Namespace) -> int:
    """Exit 0 when every file replays to its snapshot; else 1 and one line per problem."""
    from game.saves import check

    from .common import model_or_exit

    t = texts(args)
    model = model_or_exit()
    files = _expand(args.files)
    if not files:
        print(t("cli.saves.no_files"), file=sys.stderr)
        return 1
    bad = 0
    for f in files:
        problems = check(model, f)
        if problems:
            bad += 1
            for line in problems:
                shown = rel(str(f))
                print(
                    shown + line[len(str(f)) :] if line.startswith(str(f)) else line,
                    file=sys.stderr,
                )
    if bad:
        print(t("cli.saves.bad", bad=bad, n=len(files)), file=sys.stderr)
        return 1
    if len(files) == 1:
        print(t("cli.saves.ok_one"))
    else:
        print(t("cli.saves.ok_all", n=len(files)))
    return 0


def run(args: argparse.Namespace) -> int:
    if getattr(args, "saves_command", None) == "check":
        return check_files(args)
    return list_saves(args)
