"""The cross-reference pass: what one item says about another, checked after all are read.

Ids are unique over the model; follow-ups name events that exist; a follow-up-only event
is reachable; a scenario's ``exclude_events`` names events and leaves it a filler; an
event's scenario filters name scenarios; class-code words are unique; endings cite
findings the glossary explains.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from game.engine.model import Ending, Event, FollowUp, Scenario

from . import scenario_rules
from .messages import item as item_at
from .messages import kind, said
from .read_events import EventIndex, FollowUpRef
from .read_model import IdClaim
from .read_scenarios import ScenarioDraft
from .read_texts import Glossary
from .reader import Problems, line_of


def unique_ids(claims: list[IdClaim]) -> None:
    """Meters, derived values, clocks, rules and endings share one space of ids."""
    seen: set[str] = set()
    for claim in claims:
        if claim.ident in seen:
            claim.reader.err(claim.item, "id", said("validate.duplicate_id", kind=kind(claim.kind), id=repr(claim.ident)))
        seen.add(claim.ident)


def link_follow_ups(events: list[Event], follow_ups: list[FollowUpRef]) -> list[Event]:
    """The events with each choice's follow-up resolved to an event index."""
    number = {e.id: i for i, e in enumerate(events)}
    linked = list(events)
    for ref in follow_ups:
        event = linked[ref.event]
        if ref.target not in number:
            choice_at = said("validate.where.choice", where=item_at("event", event.id), n=ref.choice + 1)
            ref.reader.err(
                ref.item,
                "event",
                said("validate.follow_up.missing", where=choice_at, event=repr(ref.target)),
            )
            continue
        if ref.choice < len(event.choices):
            choices = list(event.choices)
            follow_up = FollowUp(event=number[ref.target], after=ref.after)
            choices[ref.choice] = dataclasses.replace(choices[ref.choice], follow_up=follow_up)
            linked[ref.event] = dataclasses.replace(event, choices=tuple(choices))
    return linked


def reachable(problems: Problems, events: list[Event], index: EventIndex) -> None:
    """A ``follow_up_only`` event must be the follow-up of some choice."""
    targets = {c.follow_up.event for e in events for c in e.choices if c.follow_up}
    for i, event in enumerate(events):
        if event.follow_up_only and i not in targets:
            reader, item = index.items[i]
            problems.err(
                reader.path,
                line_of(item, "follow_up_only"),
                said("validate.follow_up.orphan", where=item_at("event", event.id)),
            )


def scenario_events(drafts: list[ScenarioDraft], events: list[Event]) -> dict[str, Scenario]:
    """Each scenario with the events it draws: those that fit it, less ``exclude_events``."""
    scenarios: dict[str, Scenario] = {}
    for d in drafts:
        fitting = [i for i, e in enumerate(events) if e.fits(d.ident or "")]
        chosen = scenario_rules.exclude(d.reader, d.item, d.where, fitting, events)
        if not any(events[i].filler for i in chosen) and d.ident:
            d.reader.err(
                d.item,
                None,
                said("validate.scenario.filler", where=d.where),
            )
        if d.scenario is not None:
            scenarios[d.scenario.id] = dataclasses.replace(d.scenario, events=tuple(chosen))
    return scenarios


def event_scenarios(index: EventIndex, scenarios: dict[str, Scenario], any_files: bool) -> None:
    """An event's ``scenarios`` and ``exclude_scenarios`` name loaded scenarios."""
    if not any_files:
        return
    for reader, doc in index.items:
        for key in ("scenarios", "exclude_scenarios"):
            listed = doc.get(key)
            for s in listed if isinstance(listed, list) else []:
                if isinstance(s, str) and s not in scenarios:
                    reader.err(doc, key, said("validate.unknown_scenario", where=item_at("event", doc['id']), scenario=repr(s)))


def codes(problems: Problems, paths: list[Path], docs: dict[Path, Any]) -> None:
    """Each scenario's class-code word is well formed and its own."""
    problems.problems.extend(scenario_rules.codes(paths, docs))


def findings(
    problems: Problems, endings: list[Ending], glossary: Glossary, endings_file: Path
) -> None:
    """Every finding an ending cites is explained in the glossary."""
    if not glossary.read:
        return
    for ending in endings:
        for f in ending.findings:
            if f not in glossary.findings:
                why = said("validate.finding.unknown", where=item_at("ending", ending.id), finding=repr(f))
                problems.err(endings_file, None, why)
