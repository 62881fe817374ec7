"""Reading scenario files: one best person each, with starting values and world settings.

Which events a scenario draws is settled in the cross-reference pass (``exclude_events``
names events, and a scenario needs a filler among them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.model import Meter, Scenario, WorldSetting

from . import fields
from .messages import Message, said
from .messages import item as item_at
from .reader import Doc, Problems, Reader, is_number, is_whole

ROLES = ("resident_entrepreneur", "frontline_worker")


@dataclass
class ScenarioDraft:
    """A scenario as read; ``scenario`` is None when it has no usable id."""

    reader: Reader
    item: Doc
    where: Message
    ident: str | None
    scenario: Scenario | None


def read_scenarios(
    problems: Problems,
    paths: list[Path],
    docs: dict[Path, Any],
    meters: list[Meter],
    world: list[WorldSetting],
) -> list[ScenarioDraft]:
    """Every scenario file in order; a second scenario with a known id is left out."""
    drafts: list[ScenarioDraft] = []
    seen: set[str] = set()
    for path in paths:
        doc = docs[path]
        if doc is None:
            continue
        draft = read_scenario(Reader(problems, path), doc, meters, world, seen)
        if draft is not None:
            drafts.append(draft)
            seen.add(draft.ident or "")
    return drafts


def read_scenario(
    reader: Reader, doc: Any, meters: list[Meter], world: list[WorldSetting], seen: set[str]
) -> ScenarioDraft | None:
    """One scenario; ``seen`` holds the ids of the scenarios read before it."""
    if not reader.shape(doc, "scenario", fields.SCENARIO):
        return None
    ident = reader.ident(doc, "scenario")
    where = item_at("scenario", ident)
    if ident in seen:
        reader.err(doc, "id", said("validate.scenario.twice", where=where))
        return None
    title = reader.text(doc, "title", where, words=8)
    who = reader.text(doc, "who", where, limit=600)
    source = reader.source(doc, where)
    city = doc.get("city")
    if not isinstance(city, str) or not city.strip() or len(city) > 40:
        reader.err(doc, "city", said("validate.scenario.city", where=where))
    role = doc.get("role")
    if role not in ROLES:
        reader.err(doc, "role", said("validate.scenario.role", where=where))
    start = _start(reader, doc, where, {m.id for m in meters})
    world_values = _world(reader, doc, where, {w.id: w for w in world})
    turns = doc.get("turns", 20)
    if not is_whole(turns) or not 1 <= turns <= 40:
        reader.err(doc, "turns", said("validate.scenario.turns", where=where))
        turns = 20
    start_year = doc.get("start_year", 2010)
    if not is_whole(start_year) or not 1990 <= start_year <= 2100:
        reader.err(doc, "start_year", said("validate.scenario.start_year", where=where))
        start_year = 2010
    scenario = None
    if ident:
        scenario = Scenario(
            id=ident,
            title=title,
            who=who,
            city=str(city),
            role=str(role),
            source=source,
            start=start,
            world=world_values,
            turns=turns,
            start_year=start_year,
            events=(),  # chosen in the cross-reference pass
            code=str(doc.get("code", "")),
        )
    return ScenarioDraft(reader, doc, where, ident, scenario)


def _start(reader: Reader, doc: Doc, where: Message, meter_ids: set[str]) -> dict[str, float]:
    """``start: {meter: 0-100}``."""
    raw = doc.get("start")
    if not isinstance(raw, dict):
        reader.err(doc, "start", said("validate.scenario.start", where=where))
        return {}
    out: dict[str, float] = {}
    for key, value in raw.items():
        if key not in meter_ids:
            reader.err(raw, key, said("validate.unknown_meter", where=where, key="start", name=repr(key)))
        elif not is_number(value) or not 0 <= value <= 100:
            reader.err(raw, key, said("validate.scenario.start_value", where=where, key=key))
        else:
            out[key] = float(value)
    return out


def _world(
    reader: Reader, doc: Doc, where: Message, settings: dict[str, WorldSetting]
) -> dict[str, float]:
    """``world: {setting: value}``, each within the setting's bounds."""
    raw = doc.get("world")
    if not isinstance(raw, dict):
        reader.err(doc, "world", said("validate.world_map", where=where))
        return {}
    out: dict[str, float] = {}
    for key, value in raw.items():
        setting = settings.get(key)
        if setting is None:
            reader.err(raw, key, said("validate.unknown_setting", where=where, key=repr(key)))
        elif not is_number(value) or not setting.low <= value <= setting.high:
            low, high = setting.low, setting.high
            reader.err(raw, key, said("validate.world_value", where=where, key=key, low=low, high=high))
        else:
            out[key] = float(value)
    return out
