"""`koorddanser play --role municipality` (nl: gemeente), and the role's reports.

The role's class codes use the city's declared code word (GEM-1420): the number is the
seed, so a whole group plays the same decade of futures.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.model import Model
from game.engine.municipality import CityDef

from .common import said

if TYPE_CHECKING:
    from game.saves.municipality import Loaded

ROLES = ("municipality", "gemeente")


def city_or_exit(model: Model, lang: str | None = None) -> CityDef:
    """The municipality content; its problems are said one line each, in ``lang`` (else the
    teacher's language), exit 1."""
    from game.content import ContentInvalid
    from game.content.municipality import load_city

    from .common import problem_line

    try:
        return load_city(model)
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(problem_line(problem, lang), file=sys.stderr)
        raise SystemExit(1) from None


def save_or_exit(model: Model, city: CityDef, path: str | Path, lang: str | None) -> Loaded:
    """A saved decade, or its one-line problem (in the teacher's ``lang``) and exit code 1."""
    from game.saves import best_person as saves
    from game.saves import municipality as muni_saves

    try:
        return muni_saves.load(model, city, path)
    except saves.SaveError as exc:
        print(said(exc, lang), file=sys.stderr)
        raise SystemExit(1) from None


def is_city_code(code: str | None, city_code: str) -> bool:
    """Whether a class code carries the municipality role's word."""
    from game.classroom import classcode

    got = classcode.split(code or "")
    return got is not None and got[0] == city_code


def seed_and_code(city: CityDef, args: argparse.Namespace) -> tuple[int, str | None]:
    """(seed, canonical class code) from --class-code / --seed."""
    from game.classroom import classcode
    from game.commands.common import usage_error

    code = getattr(args, "class_code", None)
    if code:
        got = classcode.split(code)
        if got is None or got[0] != city.code:
            raise usage_error("cli.error.muni_code", code=repr(code.strip()), word=city.code)
        if args.seed is not None and args.seed != got[1]:
            raise usage_error("cli.error.code_seed", code=repr(code.strip()), seed=got[1])
        return got[1], f"{city.code}-{got[1]:04d}"
    return (args.seed if args.seed is not None else secrets.randbelow(1_000_000)), None


def play(args: argparse.Namespace, prefs) -> int:  # type: ignore[no-untyped-def]
    """The role in plain mode (the full-screen app: ``app``)."""
    from game.commands.common import UsageError
    from game.engine.municipality import City
    from game.plain.municipality import MuniPlain
    from game.saves import best_person as saves
    from game.saves import municipality as muni_saves

    from .common import model_or_exit, texts
    from .play import student_or_exit

    model = model_or_exit(getattr(args, "lang", None))
    city = city_or_exit(model, getattr(args, "lang", None))
    save_dir = Path(args.save_dir).expanduser() if args.save_dir else saves.default_save_dir()
    lang = args.lang or prefs.lang
    student = student_or_exit(args)
    continuing = None
    if getattr(args, "resume", False):
        continuing = muni_saves.last_game(save_dir, city.turns)
        if continuing is None:
            raise UsageError(texts(args)("cli.play.no_game", folder=muni_saves.folder(save_dir)))
        loaded = save_or_exit(model, city, continuing, args.lang)
        if loaded.note:
            print(loaded.note)
        game, code, student = loaded.game, loaded.class_code, loaded.student
        lang = args.lang or loaded.lang
    else:
        seed, code = seed_and_code(city, args)
        game = City(model, city, seed)
    saver = muni_saves.Saver(save_dir, code, student, continuing)
    failed: list[str] = []

    def save(g: City) -> Path | None:
        try:
            return saver(g, lang)
        except saves.SaveError as exc:
            failed.append(str(exc))
            print(said(exc, lang), file=sys.stderr)
            return None

    try:
        runner = MuniPlain(
            model, game, lang, sys.stdout, save, Path.cwd(), class_code=code, student=student
        )
        rc = runner.run(sys.stdin)
    finally:
        saver.close()
    return rc if not failed else 1


def app(args: argparse.Namespace, prefs) -> int:  # type: ignore[no-untyped-def]
    """The main app, opening on the municipality's decade (or continuing the last one)."""
    from .common import model_or_exit
    from .play import launch_app

    model = model_or_exit(getattr(args, "lang", None))
    seed, code = seed_and_code(city_or_exit(model, getattr(args, "lang", None)), args)
    return launch_app(args, prefs, model, seed, code, role="municipality")


def report(args: argparse.Namespace, model: Model) -> int:
    """`koorddanser report SAVE` for a municipality save."""
    from game.classroom import muni_report
    from game.classroom.report import Strings

    from .common import write_output

    loaded = save_or_exit(model, city_or_exit(model, getattr(args, "lang", None)), args.save, args.lang)
    lang = args.lang or loaded.lang
    t = Strings(model, lang)
    d = muni_report.build(
        model, loaded.game, lang, class_code=loaded.class_code, student=loaded.student
    )
    text = muni_report.html_page(d, t) if args.format == "html" else muni_report.markdown(d, t)
    if loaded.note:
        print(loaded.note, file=sys.stderr)
    return write_output(args.output, text)


def whatif(args: argparse.Namespace, model: Model) -> int:
    """`koorddanser whatif SAVE --turn T --choice C` for a municipality save: both decades."""
    import json

    from game.classroom import muni_report, muni_whatif
    from game.classroom.report import Strings

    from .common import texts

    city = city_or_exit(model, getattr(args, "lang", None))
    loaded = save_or_exit(model, city, args.save, args.lang)
    original, tc = loaded.game, texts(args)
    n = len(original.decisions)
    problem = None
    if not 1 <= args.turn <= n:
        problem = tc("cli.whatif.not_played", turn=args.turn, n=n)
    else:
        choices = city.events[args.turn - 1].choices
        if not 1 <= args.choice <= len(choices):
            problem = tc("cli.whatif.no_choice", choice=args.choice, n=len(choices))
        elif args.choice - 1 == original.decisions[args.turn - 1]:
            problem = tc("cli.whatif.same", choice=args.choice, turn=args.turn)
    if problem is None:
        try:
            result = muni_whatif.diverge(model, original, args.turn - 1, args.choice - 1)
        except ValueError:
            problem = tc("cli.whatif.closed", choice=args.choice, turn=args.turn)
    if problem is not None:
        print(f"{args.save}: {problem}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(muni_whatif.as_dict(result), ensure_ascii=False))
        return 0
    lang = args.lang or loaded.lang
    t = Strings(model, lang)
    alt = result.alt
    print(f"{t('whatif.title')}: {t('whatif.changed_turn', turn=args.turn)}")
    print(f"  A = {t('whatif.original')}; B = {t('whatif.alternative')}")
    for i in range(n):
        ev = city.events[i]
        when = f"{t(f'season.{ev.season}')} {ev.year}"
        line_a = f"{ev.title[lang]}: {ev.choices[original.decisions[i]].label[lang]}"
        line_b = f"{ev.title[lang]}: {ev.choices[alt.decisions[i]].label[lang]}"
        mark = ">" if i == args.turn - 1 else ("*" if i in result.substituted else " ")
        if line_a == line_b:
            print(f"{mark} {when:<14} A=B  {line_a}")
        else:
            print(f"{mark} {when:<14} A    {line_a}")
            print(f"  {'':<14} B    {line_b}")
    if result.substituted:
        turns = ", ".join(str(s + 1) for s in result.substituted)
        print(t("muni.whatif.substituted", turns=turns))
    print()
    shown = ("burnout", "other_work", "going")  # stepping back is the rest: 80 columns
    heads = [t(f"muni.outcome.{o}") for o in shown] + [t("muni.lost_short")]
    width = max(len(p.name) for p in city.persons) + 2
    print(" " * width + "".join(f"{h[:15]:>16}" for h in heads))
    print(" " * width + "".join(f"{'A':>8}{'B':>8}" for _ in heads))
    for k, p in enumerate(city.persons):
        a, b = muni_whatif.final_shares(original, k), muni_whatif.final_shares(alt, k)
        cells = [(a[o], b[o]) for o in shown] + [(muni_report.lost(a), muni_report.lost(b))]
        row = "".join(f"{muni_report.pct(x):>7}%{muni_report.pct(y):>7}%" for x, y in cells)
        print(f"{p.name:<{width}}{row}")
    print()
    for side, g in (("A", original), ("B", alt)):
        letters = ", ".join(muni_whatif.followed_letters(g)) or "-"
        m = {k: f"{v:.0f}" for k, v in g.meters.items()}
        print(f"{side}  {t('muni.followed')}: {letters}")
        print(f"   {t('muni.self', **m)}")
    return 0
