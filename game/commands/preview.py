"""`koorddanser preview EVENT_ID`: the event card as text and, for each choice, what it moves
and why, from a typical state of that year (the scenario's start, played on at random)."""

from __future__ import annotations

import argparse

from game.commands.common import UsageError

from .common import model_or_exit, scenario_id


def run(args: argparse.Namespace) -> int:
    from game.classroom.authoring import ForceError, preview_lines, turn_in
    from game.classroom.report import Strings
    from game.content.lint import occurrence
    from game.content.messages import word
    from game.content.suggest import did_you_mean
    from game.i18n import teacher_lang

    model = model_or_exit(getattr(args, "lang", None))
    t = Strings(model, args.lang or teacher_lang())
    ids = [e.id for e in model.events]
    if args.event not in ids:
        hint = word(did_you_mean(args.event, ids), t.lang)
        raise UsageError(t("force.error.event", event=repr(args.event), hint=hint))
    index = ids.index(args.event)
    ev = model.events[index]
    having = [s for s in sorted(model.scenarios) if index in model.scenarios[s].events]
    if args.scenario is None:
        if not having:
            raise UsageError(t("preview.error.no_scenario", event=args.event))
        sid = having[0]
    else:
        sid = scenario_id(model, args.scenario)
    sc = model.scenarios[sid]
    if args.year is None:
        years = occurrence(sc, ev).years
        year, season = (years[0], None) if years else (sc.start_year, None)
        if ev.at is not None and years:
            season = ev.at[1]
    else:
        year, season = args.year, None
    try:
        turn = turn_in(sc, year, season)
        lines = preview_lines(model, sid, args.event, turn, args.lang, args.plain)
    except ForceError as exc:
        raise UsageError(exc.text(t)) from None
    if sid not in having:
        print(t("preview.note.not_in", event=args.event, scenario=sid))
    print("\n".join(lines))
    return 0
