"""`koorddanser play` (and plain `koorddanser`): the Textual app, or line-based text with --plain."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine pulls in numpy: not before the title screen is up
    from game.engine.model import Model


def run(args: argparse.Namespace) -> int:
    if getattr(args, "plain", False):
        return _plain(args)
    from game.tui import KoorddanserApp

    model = None
    scenario, seed, code = args.scenario, args.seed, None
    if args.scenario is not None or getattr(args, "class_code", None):
        # Check them before the screen opens; only then is the model loaded up front.
        from game.commands.common import model_or_exit

        model = model_or_exit()
        scenario, seed, code = _game_settings(model, args)
    app = KoorddanserApp(
        save_dir=args.save_dir,
        scenario=scenario,
        seed=seed,
        lang=args.lang or "nl",
        class_code=code,
        model=model,
        student=_student(args),
        resume=bool(getattr(args, "resume", False)),
    )
    app.run()
    return int(app.return_code or 0)


def _student(args: argparse.Namespace) -> str | None:
    """--name, checked like every name in a save (UsageError when it cannot be one)."""
    name = getattr(args, "name", None)
    if name is None:
        return None
    from game.cli import UsageError
    from game.saves import SaveError, clean_student

    try:
        return clean_student(name)
    except SaveError as exc:
        raise UsageError(f"--name: {exc.message}") from None


def _game_settings(model: Model, args: argparse.Namespace) -> tuple[str, int | None, str | None]:
    """(scenario, seed, class code) from --scenario, --seed and --class-code (when the parser has it)."""
    from game.cli import UsageError
    from game.commands.common import scenario_id

    code = getattr(args, "class_code", None)
    if not code:
        return scenario_id(model, args.scenario), args.seed, None
    from game import classcode

    try:
        sid, seed = classcode.parse(code, model.scenarios)
    except classcode.ClassCodeError as exc:
        raise UsageError(str(exc)) from None
    if args.scenario is not None and args.scenario != sid:
        raise UsageError(
            f"class code {code.strip()!r} is for scenario {sid!r}, not {args.scenario!r}"
        )
    if args.seed is not None and args.seed != seed:
        raise UsageError(f"class code {code.strip()!r} fixes the seed at {seed}; leave out --seed")
    return sid, seed, classcode.make(sid, seed)


def _plain(args: argparse.Namespace) -> int:
    from game import plain, saves
    from game.commands.common import model_or_exit
    from game.engine import Game

    model = model_or_exit()
    save_dir = Path(args.save_dir).expanduser() if args.save_dir else saves.default_save_dir()
    if getattr(args, "resume", False):
        path = saves.last_game(save_dir)
        if path is None:
            from game.cli import UsageError

            raise UsageError(f"no game to continue in {save_dir}")
        try:
            loaded = saves.load(model, path)
        except saves.SaveError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        if loaded.note:
            print(loaded.note)
        return plain.play(
            model,
            loaded.game,
            args.lang or loaded.lang,
            save_dir,
            class_code=loaded.class_code,
            student=loaded.student,
            continuing=path,
        )
    student = _student(args)
    sid, seed, code = _game_settings(model, args)
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    game = Game(model, model.scenarios[sid], seed)
    return plain.play(model, game, args.lang or "nl", save_dir, class_code=code, student=student)
