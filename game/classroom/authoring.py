"""Tools for authors: an event forced into a given half-year, and an event's preview.

``force`` returns a copy of the model in which one event is pinned to one half-year of one
scenario (for ``play --force`` and ``preview``); ``preview_lines`` renders an event card
and, for each choice, what it moves and why, from a typical state of that year.
"""

from __future__ import annotations

import dataclasses
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from game.classroom import debrief
from game.classroom.report import Strings
from game.engine import Game, TurnRecord
from game.engine.expr import compile_expr
from game.engine.model import Model, Scenario
from game.engine.turn import time_of, turn_of
from game.i18n import LANGS, Table, lookup

WIDTH = 80


class ForceError(ValueError):
    """An event or half-year that cannot be forced: ``key`` and ``values`` of the UI string
    that says why (content/ui-authoring.yaml), put into words by the command."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, t: Callable[..., str]) -> str:
        """The reason in the language of ``t`` (a "did you mean" value worded in it too)."""
        from game.content.messages import word

        lang = getattr(t, "lang", "en")
        return t(self.key, **{k: word(v, lang) for k, v in self.values.items()})


def season_words(ui: Table) -> dict[str, int]:
    """Every language's name of each half-year (``season.N`` in the UI strings) -> N."""
    return {lookup((ui,), f"season.{n}", lang, {}).lower(): n for n in (0, 1) for lang in LANGS}


def parse_force(text: str, ui: Table) -> tuple[str, int, int | None]:
    """``EVENT_ID@YEAR`` or ``EVENT_ID@YEAR-spring|autumn`` -> (event, year, season or None).

    The half-year may be named in any of the game's languages (``ui``: the UI strings).
    """
    event, at, when = text.partition("@")
    year_text, _, season_text = when.partition("-")
    if not at or not event or not year_text.isdigit():
        raise ForceError("force.error.form", text=repr(text))
    season = None
    if season_text:
        words = season_words(ui)
        if season_text.lower() not in words:
            raise ForceError("force.error.season", text=text)
        season = words[season_text.lower()]
    return event.strip(), int(year_text), season


def turn_in(scenario: Scenario, year: int, season: int | None) -> int:
    """The scenario's turn in that year (the first of the year without a season)."""
    turns = range(scenario.turns)
    for t in turns:
        y, s = time_of(scenario, t)
        if y == year and (season is None or s == season):
            return t
    first, last = time_of(scenario, 0), time_of(scenario, scenario.turns - 1)
    raise ForceError(
        "force.error.year", scenario=scenario.id, first=first[0], last=last[0], year=year
    )


def force(model: Model, scenario_id: str, event_id: str, turn: int) -> tuple[Model, Scenario]:
    """A copy of the model where the event surely comes in that turn of the scenario."""
    try:
        index = model.event_index(event_id)
    except KeyError:
        from game.content.suggest import did_you_mean

        hint = did_you_mean(event_id, [e.id for e in model.events])
        raise ForceError("force.error.event", event=repr(event_id), hint=hint) from None
    sc = model.scenarios[scenario_id]
    year, season = time_of(sc, turn)
    ev = model.events[index]
    pinned = dataclasses.replace(
        ev,
        at=(year, season),
        years=(min(ev.years[0], year), max(ev.years[1], year)),
        when=None,
        once=False,
        follow_up_only=False,
        filler=False,
        # Far above any other pinned event's weight, so the draw cannot pass it by.
        weight=compile_expr(1_000_000, dict(model.layout.rows)),
    )
    events = list(model.events)
    events[index] = pinned
    forced_sc = dataclasses.replace(sc, events=tuple(sorted({*sc.events, index})))
    forced = dataclasses.replace(
        model,
        events=tuple(events),
        scenarios={**model.scenarios, scenario_id: forced_sc},
        content_hash=model.content_hash + "+forced",
    )
    assert turn_of(forced_sc, year, season) == turn
    return forced, forced_sc


@dataclass
class Typical:
    """A game played up to the forced turn: the choices that lead there, and its seed."""

    choices: list[int]
    seed: int


def typical(model: Model, scenario: Scenario, turn: int, tries: int = 30) -> Typical | None:
    """Random play (a fixed sequence of seeds) until the turn; None if every try ended early."""
    for seed in range(1, tries + 1):
        rng = random.Random(seed)
        game = Game(model, scenario, seed)
        while not game.finished and game.turn < turn:
            options = [i for i, ok in enumerate(game.open_choices()) if ok] or [0]
            game.choose(rng.choice(options))
        if not game.finished and game.turn == turn:
            return Typical(list(game.choices), seed)
    return None


def try_choice(model: Model, scenario: Scenario, way: Typical, choice: int) -> TurnRecord:
    """The turn as it goes with that choice, from the typical state."""
    game = Game.replay(model, scenario, way.seed, way.choices)
    return game.choose(choice)


def _wrap(text: str, indent: str = "", width: int = WIDTH) -> list[str]:
    words = " ".join(text.split())
    return textwrap.wrap(words, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def _indented(text: str, first: str, rest: str) -> list[str]:
    words = " ".join(text.split())
    return textwrap.wrap(words, WIDTH, initial_indent=first, subsequent_indent=rest)


def card(title: str, text: str, labels: list[str], plain: bool) -> list[str]:
    """The event as the player sees it, at most 80 columns wide."""
    inner = WIDTH - 4
    body = [title.upper(), "", *_wrap(text, width=inner), ""]
    body += [ln for i, label in enumerate(labels) for ln in _wrap(f"{i + 1}. {label}", "", inner)]
    if plain:
        return body
    top = "┌" + "─" * (WIDTH - 2) + "┐"
    return [top, *[f"│ {ln:<{inner}} │" for ln in body], "└" + "─" * (WIDTH - 2) + "┘"]


def preview_lines(
    model: Model, scenario_id: str, event_id: str, turn: int, lang: str, plain: bool
) -> list[str]:
    """The whole preview: heading, card, and per choice its moves and why-trace."""
    t = Strings(model, lang)
    forced, sc = force(model, scenario_id, event_id, turn)
    ev = forced.events[forced.event_index(event_id)]
    year, season = time_of(sc, turn)
    when = f"{t(f'season.{season}')} {year}"
    label = {m.id: m.label[lang] for m in model.meters}
    out = _wrap(t("preview.heading", event=event_id, scenario=sc.id, city=sc.city, when=when))
    out += card(ev.title[lang], ev.text[lang], [c.label[lang] for c in ev.choices], plain)
    way = typical(forced, sc, turn)
    if way is None:
        return out
    out += ["", *_wrap(t("preview.state", when=when, seed=way.seed))]
    opens = Game.replay(forced, sc, way.seed, way.choices).open_choices()
    for i, ch in enumerate(ev.choices):
        out.append("")
        out.append(f"{t('preview.choice', n=i + 1)}: {ch.label[lang]}"[:WIDTH])
        if ch.when is not None and not opens[i]:
            out += _wrap(t("preview.closed", when=ch.when.text), "  ")
            continue
        if ch.when is not None:
            out += _wrap(t("preview.opens_when", when=ch.when.text), "  ")
        out += _wrap(ch.outcome[lang], "  ")
        rec = try_choice(forced, sc, way, i)
        moved = [(k, rec.after[k] - rec.before[k]) for k in rec.before]
        shown = ", ".join(f"{label[k]} {v:+.0f}" for k, v in moved if abs(v) >= 0.5)
        out += _wrap(f"{t('preview.moves')}: {shown or t('preview.nothing')}", "  ")
        out.append(f"  {t('report.why')}:")
        for explain, deltas in debrief.causes(rec, 6):
            parts = ", ".join(f"{label.get(k, k)} {v:+.0f}" for k, v in deltas)
            out += _indented(f"- {explain[lang]} ({parts})", "    ", "      ")
        if ch.follow_up is not None:
            target = forced.events[ch.follow_up.event].id
            out += _wrap(t("preview.follow_up", event=target, after=ch.follow_up.after), "  ")
        if ch.ends_game:
            out += _wrap(t("preview.ends"), "  ")
    return out
