"""`koorddanser content`: where one's own content lives and what it adds;
`koorddanser content events --scenario ID`: every event that can come in a scenario, and when."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from game.files.textsafe import rel

if TYPE_CHECKING:
    from game.content.messages import Said


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


def _how(how: str) -> Said:
    """How an event comes: pinned, as a follow-up, as a filler, or drawn."""
    from game.content.messages import said

    words = {
        "pinned": said("validate.events.pinned"),
        "follow-up": said("validate.events.follow_up"),
        "filler": said("validate.events.filler"),
    }
    return words.get(how, said("validate.events.drawn"))


def _events(args: argparse.Namespace) -> int:
    from game.content.lint import scenario_events
    from game.content.messages import said

    from .common import model_or_exit, scenario_id

    model = model_or_exit(getattr(args, "lang", None))
    sc = model.scenarios[scenario_id(model, args.scenario)]
    rows = scenario_events(model, sc)
    never = [r for r in rows if r.years is None]
    lang = args.lang
    print(said("validate.events.head", id=sc.id, city=sc.city, n=len(rows) - len(never)).word(lang))
    for r in sorted((r for r in rows if r.years), key=lambda r: (r.years, r.event.id)):
        lo, hi = r.years  # type: ignore[misc]
        years = f"{lo}" if lo == hi else f"{lo}-{hi}"
        only = "" if r.event.scenarios is None and not r.event.exclude_scenarios else " *"
        how = _how(r.how).word(lang)
        print(f"  {years:<9} {how:<9} {r.event.id}{only}: {r.event.title[lang]}")
    for r in never:
        how = _how(r.how).word(lang)
        line = said("validate.events.never", how=f"{how:<9}", id=r.event.id, year=sc.start_year)
        print(line.word(lang))
    excluded = _excluded(model, sc)
    if excluded:
        print(said("validate.events.excluded", ids=", ".join(excluded)).word(lang))
    print(said("validate.events.star").word(lang))
    return 0


def _excluded(model, sc) -> list[str]:
    """Events whose own filters let them come here, but this scenario excludes."""
    return [e.id for i, e in enumerate(model.events) if i not in sc.events and e.fits(sc.id)]
