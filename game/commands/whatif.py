"""`koorddanser whatif SAVE --turn T --choice C`: choose differently once, compare two decades."""

from __future__ import annotations

import argparse
import json
import sys

from .common import load_save_or_exit, model_or_exit, texts


def _refusal(model, original, args: argparse.Namespace) -> str | None:
    """Why this turn and choice cannot be played differently, in the teacher's language."""
    t = texts(args)
    records, turn, choice = original.records, args.turn, args.choice
    if not 1 <= turn <= len(records):
        return t("cli.whatif.not_played", turn=turn, n=len(records))
    event = records[turn - 1].event
    if event is None:
        return t("cli.whatif.no_event", turn=turn)
    n = len(model.events[model.event_index(event)].choices)
    if not 1 <= choice <= n:
        return t("cli.whatif.no_choice", choice=choice, n=n)
    if choice - 1 == original.choices[turn - 1]:
        return t("cli.whatif.same", choice=choice, turn=turn)
    return None  # whether it was open then is for the replay to say


def run(args: argparse.Namespace) -> int:
    from game.classroom import whatif
    from game.classroom.report import Strings

    model = model_or_exit()
    from game.saves import municipality as muni_saves

    if muni_saves.is_municipality_save(args.save):
        from .municipality import whatif as municipality_whatif

        return municipality_whatif(args, model)
    loaded = load_save_or_exit(model, args.save, args.lang)
    original = loaded.game
    problem = _refusal(model, original, args)
    if problem:
        print(f"{args.save}: {problem}", file=sys.stderr)
        return 2
    try:
        result = whatif.diverge(model, original, args.turn - 1, args.choice - 1)
    except ValueError as exc:  # not open in that turn (the replay knows), or unforeseen
        closed = "was not open" in str(exc)
        why = texts(args)("cli.whatif.closed", choice=args.choice, turn=args.turn)
        print(f"{args.save}: {why if closed else exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(whatif.as_dict(original, result, args.turn, args.choice), ensure_ascii=False))
        return 0
    lang = args.lang or loaded.lang
    lines = whatif.comparison_lines(
        model, Strings(model, lang), lang, original, result.game, args.turn
    )
    print("\n".join(lines))
    return 0
