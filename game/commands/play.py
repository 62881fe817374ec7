"""`koorddanser play` (and plain `koorddanser`): the Textual app, or line-based text with --plain."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import said

if TYPE_CHECKING:  # the engine pulls in numpy: not before the title screen is up
    from game.engine.model import Model


# --theme accepts the short names too
THEME_NAMES = {
    "dark": "koorddanser",
    "light": "koorddanser-light",
    "contrast": "koorddanser-contrast",
    "high-contrast": "koorddanser-contrast",
}


def preferences(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The remembered settings with this start's options laid over them (one warning at most).

    A --theme or --lang given here is remembered too, as if chosen in the game.
    """
    from game.saves import settings

    remembered, warning = settings.load()
    if warning:
        print(warning, file=sys.stderr)
    theme = getattr(args, "theme", None)
    if theme is not None:
        theme = THEME_NAMES.get(theme, theme)
        if theme not in set(THEME_NAMES.values()):
            from game.commands.common import UsageError

            # Only here: game.commands.common loads the content loader and numpy, which
            # the title screen does not need.
            from .common import texts

            known = ", ".join(THEME_NAMES)
            raise UsageError(texts(args)("cli.play.bad_theme", theme=args.theme, known=known))
    chosen = {"lang": getattr(args, "lang", None), "theme": theme}
    chosen = {k: v for k, v in chosen.items() if v is not None}
    if chosen:
        remembered = settings.update(None, **chosen)
    return remembered


def run(args: argparse.Namespace) -> int:
    if getattr(args, "force", None):
        return _forced(args)
    prefs = preferences(args)
    if _municipality_role(args):
        from game.commands import municipality

        if getattr(args, "plain", False):
            return municipality.play(args, prefs)
        return municipality.app(args, prefs)
    if getattr(args, "plain", False):
        return _plain(args, prefs)
    return _app(args, prefs)


def _municipality_role(args: argparse.Namespace) -> bool:
    """--role municipality/gemeente, or a class code with the municipality role's word."""
    role = getattr(args, "role", None)
    if role in ("municipality", "gemeente"):
        return True
    code = getattr(args, "class_code", None)
    if not code:
        return False
    from game.commands.common import model_or_exit
    from game.commands.municipality import city_or_exit, is_city_code

    city_code = city_or_exit(model_or_exit(getattr(args, "lang", None))).code
    if is_city_code(code, city_code):
        if role == "person":
            from game.commands.common import UsageError

            from .common import texts

            raise UsageError(texts(args)("cli.play.role_code", code=code.strip()))
        return True
    return False


def _app(args: argparse.Namespace, prefs) -> int:  # type: ignore[no-untyped-def]
    """The Textual app."""

    model = None
    scenario, seed, code = args.scenario, args.seed, None
    if args.scenario is not None or getattr(args, "class_code", None):
        # Check them before the screen opens; only then is the model loaded up front.
        from game.commands.common import model_or_exit

        model = model_or_exit(args.lang or prefs.lang)
        scenario, seed, code = _game_settings(model, args)
    return launch_app(args, prefs, model, seed, code, scenario=scenario)


def launch_app(  # type: ignore[no-untyped-def]
    args: argparse.Namespace, prefs, model: Model | None, seed: int | None, code: str | None, **role
) -> int:
    """Run the Textual app with the player's preferences; ``role`` picks scenario or city."""
    from game.saves import settings
    from game.tui import KoorddanserApp

    app = KoorddanserApp(
        save_dir=args.save_dir,
        seed=seed,
        lang=args.lang or prefs.lang,
        class_code=code,
        model=model,
        hints=prefs.hints,
        undo=prefs.undo,
        theme=prefs.theme,
        settings_file=settings.settings_path(),
        student=student_or_exit(args),
        resume=bool(getattr(args, "resume", False)),
        **role,
    )
    app.run()
    return int(app.return_code or 0)


def student_or_exit(args: argparse.Namespace) -> str | None:
    """--name, checked like every name in a save (UsageError when it cannot be one)."""
    name = getattr(args, "name", None)
    if name is None:
        return None
    from game.commands.common import UsageError
    from game.i18n import teacher_lang
    from game.saves.best_person import SaveError, clean_student

    try:
        return clean_student(name)
    except SaveError as exc:  # the message only: the name is what --name says
        raise UsageError(f"--name: {exc.text(args.lang or teacher_lang())}") from None


def _game_settings(model: Model, args: argparse.Namespace) -> tuple[str, int | None, str | None]:
    """(scenario, seed, class code) from --scenario, --seed and --class-code (when the parser has it)."""
    from game.commands.common import UsageError, scenario_id, usage_error

    code = getattr(args, "class_code", None)
    if not code:
        return scenario_id(model, args.scenario), args.seed, None
    from game.classroom import classcode

    try:
        sid, seed = classcode.parse(code, model.scenarios)
    except classcode.ClassCodeError as exc:
        raise UsageError(said(exc, args.lang)) from None
    if args.scenario is not None and args.scenario != sid:
        raise usage_error(
            "cli.error.code_scenario",
            code=repr(code.strip()),
            scenario=repr(sid),
            wanted=repr(args.scenario),
        )
    if args.seed is not None and args.seed != seed:
        raise usage_error("cli.error.code_seed", code=repr(code.strip()), seed=seed)
    return sid, seed, classcode.make(model.scenarios[sid], seed)


def _plain(args: argparse.Namespace, prefs) -> int:  # type: ignore[no-untyped-def]
    from game.commands.common import model_or_exit
    from game.engine import Game
    from game.plain import best_person as plain
    from game.saves import best_person as saves

    model = model_or_exit(args.lang or prefs.lang)
    save_dir = Path(args.save_dir).expanduser() if args.save_dir else saves.default_save_dir()
    if getattr(args, "resume", False):
        path = saves.last_game(save_dir)
        if path is None:
            from game.commands.common import UsageError, texts

            raise UsageError(texts(args)("cli.play.no_game", folder=save_dir))
        try:
            loaded = saves.load(model, path)
        except saves.SaveError as exc:
            print(said(exc, args.lang), file=sys.stderr)
            return 1
        if loaded.note:
            print(loaded.note)
        return plain.play(
            model,
            loaded.game,
            args.lang or loaded.lang,
            save_dir,
            class_code=loaded.class_code,
            meters_every_turn=prefs.plain_meters,
            export_dir=Path.cwd(),
            student=loaded.student,
            continuing=path,
        )
    student = student_or_exit(args)
    sid, seed, code = _game_settings(model, args)
    if seed is None:
        import secrets

        seed = secrets.randbelow(1_000_000)
    game = Game(model, model.scenarios[sid], seed)
    return plain.play(
        model,
        game,
        args.lang or prefs.lang,
        save_dir,
        class_code=code,
        student=student,
        meters_every_turn=prefs.plain_meters,
        export_dir=Path.cwd(),  # `e` after the ending hands in from where the student is
    )


def _forced(args: argparse.Namespace) -> int:
    """``play --force EVENT_ID@YEAR``: a test game in which the event surely comes then.

    The model is changed for this game only, so it is never saved where real games are.
    """
    import tempfile

    from game.classroom.authoring import ForceError, force, parse_force, turn_in
    from game.classroom.report import Strings
    from game.commands.common import UsageError, model_or_exit, scenario_id
    from game.engine import Game
    from game.i18n import default_lang, teacher_lang

    model = model_or_exit(getattr(args, "lang", None))
    try:
        event_id, year, season = parse_force(args.force, model.ui)
        ids = [e.id for e in model.events]
        index = ids.index(event_id) if event_id in ids else -1
        having = [s for s in sorted(model.scenarios) if index in model.scenarios[s].events]
        sid = scenario_id(model, args.scenario or (having[0] if having else None))
        turn = turn_in(model.scenarios[sid], year, season)
        forced, sc = force(model, sid, event_id, turn)
    except ForceError as exc:
        raise UsageError(exc.text(Strings(model, args.lang or teacher_lang()))) from None
    import secrets

    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    from game.engine.turn import time_of

    lang = args.lang or default_lang()

    y, s = time_of(sc, turn)
    t = Strings(forced, lang)
    note = t("force.note", event=event_id, when=f"{t(f'season.{s}')} {y}")
    if getattr(args, "plain", False):
        from game.plain import best_person as plain

        print(note)
        return plain.play(forced, Game(forced, sc, seed), lang, None)
    from game.tui import KoorddanserApp

    print(note)
    app = KoorddanserApp(
        save_dir=tempfile.mkdtemp(prefix="koorddanser-force-"),
        scenario=sid,
        seed=seed,
        lang=lang,
        model=forced,
    )
    app.run()
    return int(app.return_code or 0)
