"""`koorddanser content`: where one's own content lives and what it adds;
`koorddanser content events --scenario ID`: every event that can come in a scenario, and when."""

from __future__ import annotations

import argparse
import os

from .common import rel


def run(args: argparse.Namespace) -> int:
    if getattr(args, "content_command", None) == "events":
        return _events(args)
    from game.content import layers
    from game.content.loader import default_sources
    from game.content.messages import said
    from game.i18n import teacher_lang

    from .validate import _listing, loaded

    lang = getattr(args, "lang", None) or teacher_lang()
    folder = layers.user_content_dir()
    how = (
        said("validate.content.how_env", env=layers.ENV_CONTENT)
        if os.environ.get(layers.ENV_CONTENT, "").strip()
        else said("validate.content.how_default")
    )
    state = "validate.content.folder" if folder.is_dir() else "validate.content.folder_new"
    print(said(state, folder=folder).word(lang))
    print(f"  ({how.word(lang)})")
    print(said("validate.content.holds").word(lang))
    for d in layers.extra_dirs():
        print(said("validate.content.extra", folder=rel(str(d))).word(lang))
    for line in _listing(loaded(default_sources()), lang):
        print(line)
    return 0


def _events(args: argparse.Namespace) -> int:
    from game.content.lint import scenario_events

    from .common import model_or_exit, scenario_id

    model = model_or_exit(getattr(args, "lang", None))
    sc = model.scenarios[scenario_id(model, args.scenario)]
    rows = scenario_events(model, sc)
    never = [r for r in rows if r.years is None]
    print(f"{sc.id} ({sc.city}): {len(rows) - len(never)} events can come")
    for r in sorted((r for r in rows if r.years), key=lambda r: (r.years, r.event.id)):
        lo, hi = r.years  # type: ignore[misc]
        years = f"{lo}" if lo == hi else f"{lo}-{hi}"
        only = "" if r.event.scenarios is None and not r.event.exclude_scenarios else " *"
        print(f"  {years:<9} {r.how:<9} {r.event.id}{only}: {r.event.title[args.lang]}")
    for r in never:
        print(f"  never     {r.how:<9} {r.event.id}: outside {sc.start_year}-… ")
    excluded = _excluded(model, sc)
    if excluded:
        print(f"excluded here: {', '.join(excluded)}")
    print("* only in the scenarios it names, or not in those it excludes")
    return 0


def _excluded(model, sc) -> list[str]:
    """Events whose own filters let them come here, but this scenario excludes."""
    return [e.id for i, e in enumerate(model.events) if i not in sc.events and e.fits(sc.id)]
