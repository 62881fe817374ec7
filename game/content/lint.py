"""Warnings about content that loads but will not do what its author meant.

Content with warnings still plays; ``koorddanser validate`` prints them after the problems:
events that can never occur (years outside every scenario's decade, filters that leave no
scenario, follow-ups nothing schedules), duplicated titles, a city that looks misspelt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.model import Event, Model, Scenario
from game.engine.turn import time_of

from .messages import Message, said
from .suggest import city_note
from .yamlsafe import ContentError, LDict, load_file


@dataclass(frozen=True)
class Occurrence:
    """When one event can come in one scenario."""

    event: Event
    years: tuple[int, int] | None  # first and last year; None: never
    how: str  # "pinned", "follow-up", "filler" or "drawn"


def decade(scenario: Scenario) -> tuple[int, int]:
    """The first and last year a scenario's turns fall in."""
    return time_of(scenario, 0)[0], time_of(scenario, scenario.turns - 1)[0]


def occurrence(scenario: Scenario, event: Event) -> Occurrence:
    """The years ``event`` can come in ``scenario`` (its filter and exclusions already applied)."""
    first, last = decade(scenario)
    if event.at is not None:
        year, season = event.at
        turns = [time_of(scenario, t) for t in range(scenario.turns)]
        ok = (year, season) in turns and event.years[0] <= year <= event.years[1]
        return Occurrence(event, (year, year) if ok else None, "pinned")
    lo, hi = max(first, event.years[0]), min(last, event.years[1])
    how = "follow-up" if event.follow_up_only else "filler" if event.filler else "drawn"
    return Occurrence(event, (lo, hi) if lo <= hi else None, how)


def scenario_events(model: Model, scenario: Scenario) -> list[Occurrence]:
    """Every event the scenario draws from, with the years it can come."""
    return [occurrence(scenario, model.events[i]) for i in scenario.events]


def locate(paths: list[Path]) -> dict[tuple[str, str], tuple[Path, int]]:
    """(kind, id) -> (file, line) for the events and scenarios in ``paths``."""
    out: dict[tuple[str, str], tuple[Path, int]] = {}
    for p in paths:
        try:
            doc = load_file(p)
        except ContentError:
            continue
        if isinstance(doc, LDict) and isinstance(doc.get("events"), list):
            for ev in doc["events"]:
                if isinstance(ev, LDict) and isinstance(ev.get("id"), str):
                    out[("event", ev["id"])] = (p, ev.line_of("id"))
        elif isinstance(doc, LDict) and isinstance(doc.get("id"), str):
            out[("scenario", doc["id"])] = (p, doc.line_of("id"))
    return out


def warnings(model: Model, sources: Any) -> list[ContentError]:
    """Warnings for the loaded model, each located to its file and line where possible."""
    where = locate([*sources.events, *sources.scenarios])
    out: list[ContentError] = []

    def warn(kind: str, ident: str, message: Message) -> None:
        path, line = where.get((kind, ident), (Path("?"), 0))
        out.append(ContentError(path, line or None, message))

    out_of_reach: dict[str, list[str]] = {}
    drawn_by: dict[int, list[str]] = {}
    for sid, sc in model.scenarios.items():
        for i in sc.events:
            drawn_by.setdefault(i, []).append(sid)
            if occurrence(sc, model.events[i]).years is None:
                out_of_reach.setdefault(model.events[i].id, []).append(sid)
    can_occur = set()
    for i, ev in enumerate(model.events):
        sids = drawn_by.get(i, [])
        if not sids:
            why = (
                said("validate.lint.filter", id=ev.id, scenarios=", ".join(ev.scenarios))
                if ev.scenarios
                else said("validate.lint.excluded", id=ev.id)
            )
            warn("event", ev.id, why)
        elif len(out_of_reach.get(ev.id, [])) == len(sids):
            when = (
                said("validate.lint.at", year=ev.at[0])
                if ev.at
                else said("validate.lint.years", first=ev.years[0], last=ev.years[1])
            )
            spans = sorted({decade(model.scenarios[s]) for s in sids})
            shown = ", ".join(f"{a}-{b}" for a, b in spans)
            warn(
                "event",
                ev.id,
                said("validate.lint.outside", id=ev.id, when=when, spans=shown),
            )
        else:
            can_occur.add(i)
    for i, ev in enumerate(model.events):
        if not ev.follow_up_only or i not in can_occur:
            continue
        sources_of = [
            e.id
            for j, e in enumerate(model.events)
            if j in can_occur and any(c.follow_up and c.follow_up.event == i for c in e.choices)
        ]
        if not sources_of:
            warn(
                "event",
                ev.id,
                said("validate.lint.orphan", id=ev.id),
            )
    out.extend(_duplicate_titles(model, warn))
    for sid, sc in model.scenarios.items():
        note = city_note(sc.city)
        if note:
            warn("scenario", sid, said("validate.lint.city", id=sid, city=repr(sc.city), hint=note))
    return out


def _duplicate_titles(model: Model, warn: Any) -> list[ContentError]:
    seen: dict[tuple[str, str], str] = {}
    for ev in model.events:
        same = []
        for lang, title in ev.title.items():
            key = (lang, " ".join(title.lower().split()))
            if key in seen and seen[key] != ev.id:
                same.append((seen[key], title))
            seen.setdefault(key, ev.id)
        if same:
            other = same[0][0]
            shown = " / ".join(repr(t) for _, t in same)
            warn(
                "event",
                ev.id,
                said("validate.lint.same_title", id=ev.id, other=other, titles=shown),
            )
    return []
