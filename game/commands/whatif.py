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
    from game import whatif
    from game.report import Strings

    model = model_or_exit()
    from game import muni_saves

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
    alt = result.game
    lang = args.lang or loaded.lang
    t = Strings(model, lang)

    def ending(g) -> str | None:
        return g.ending.id if g.ending else None

    if args.json:
        print(
            json.dumps(
                {
                    "turn": args.turn,
                    "choice": args.choice,
                    "original": {
                        "ending": ending(original),
                        "choices": original.choices,
                        "final": original.meters(),
                    },
                    "whatif": {
                        "ending": ending(alt),
                        "choices": alt.choices,
                        "final": alt.meters(),
                        "how": list(result.how),
                    },
                },
                ensure_ascii=False,
            )
        )
        return 0

    def title(event_id: str | None) -> str:
        return (
            model.events[model.event_index(event_id)].title[lang]
            if event_id
            else t("report.quiet_turn")
        )

    def choice(event_id: str | None, index: int | None) -> str:
        if event_id is None or index is None:
            return ""
        return model.events[model.event_index(event_id)].choices[index].label[lang]

    print(f"{t('whatif.title')}: {t('whatif.changed_turn', turn=args.turn)}")
    print(f"  A = {t('whatif.original')}; B = {t('whatif.alternative')}")
    for i in range(max(len(original.records), len(alt.records))):
        a = original.records[i] if i < len(original.records) else None
        b = alt.records[i] if i < len(alt.records) else None
        rec = a or b
        assert rec is not None  # i runs over the turns of the longer of the two games
        when = f"{t(f'season.{rec.season}')} {rec.year}"
        line_a = f"{title(a.event)}: {choice(a.event, a.choice)}" if a else "-"
        line_b = f"{title(b.event)}: {choice(b.event, b.choice)}" if b else "-"
        mark = ">" if i == args.turn - 1 else " "
        if line_a == line_b:
            print(f"{mark} {when:<15} A=B  {line_a}")
        else:
            print(f"{mark} {when:<15} A    {line_a}")
            print(f"  {'':<15} B    {line_b}")
    ea, eb = original.ending, alt.ending
    print()
    print(f"A  {t('report.ending')}: {ea.title[lang] if ea else '-'}")
    print(f"B  {t('report.ending')}: {eb.title[lang] if eb else '-'}")
    ma, mb = original.meters(), alt.meters()
    print(f"   {'':<20}{'A':>6}{'B':>6}")
    for m in model.meters:
        print(
            f"   {m.label[lang]:<20}{ma[m.id]:>6.0f}{mb[m.id]:>6.0f}  ({mb[m.id] - ma[m.id]:+.0f})"
        )
    return 0
