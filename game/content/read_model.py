"""Reading ``model.yaml``: meters, derived values, clocks, world settings and rules.

Meters, world settings and the ids of derived values and clocks come first (the layout of
the state is built from them); expressions are compiled afterwards, against that layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.model import Clock, Derived, Meter, Rule, WorldSetting

from . import fields
from .messages import item as item_at
from .messages import said
from .reader import Doc, Reader

PARTS = ("A", "B", "C", "D", "E")
ARROWS = range(1, 9)  # the eight arrows of Schema 1
NEEDED_METERS = ("energy", "motivation")  # exits depend on them
MAX_TEXT = 420


@dataclass
class IdClaim:
    """An id as it was read, for the cross-reference pass (ids are unique over the model)."""

    reader: Reader
    item: Doc
    ident: str
    kind: str


@dataclass
class ModelParts:
    """What ``model.yaml`` holds, before its expressions are compiled."""

    doc: Any = None
    meters: list[Meter] = field(default_factory=list)
    derived: list[tuple[Doc, str]] = field(default_factory=list)  # (item, id)
    clocks: list[tuple[Doc, str]] = field(default_factory=list)
    world: list[WorldSetting] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)  # the raw rule items
    ids: list[IdClaim] = field(default_factory=list)
    arrows: set[int] = field(default_factory=set)  # the arrows the rules name


def _entries(reader: Reader, doc: Doc, key: str) -> list[Any]:
    """An optional list in the model (``derived:``, ``clocks:``): its items, [] when absent."""
    value = doc.get(key)
    if value is None or isinstance(value, list):
        return list(value or [])
    if isinstance(value, dict | str):  # iterated as before: each key or letter is an item
        return list(value) if value else []
    reader.err(doc, key, said("validate.model.list", key=key))
    return []


def read_model(reader: Reader, doc: Any) -> ModelParts:
    """Meters, world settings, the ids of derived values and clocks, and the raw rules."""
    parts = ModelParts(doc=doc)
    if doc is None:
        return parts
    if not isinstance(doc, dict):
        reader.err(doc, None, said("validate.model.mapping"))
        return parts
    if not reader.shape(doc, "model", fields.MODEL):
        return parts
    for item in reader.top_list(doc, "meters"):
        meter = read_meter(reader, item, parts.ids)
        if meter is not None:
            parts.meters.append(meter)
    for kind, decl, into in (
        ("derived", fields.DERIVED, parts.derived),
        ("clock", fields.CLOCK, parts.clocks),
    ):
        for item in _entries(reader, doc, "derived" if kind == "derived" else "clocks"):
            ident = _claim(reader, item, kind, decl, parts.ids)
            if ident is not None:
                into.append((item, ident))
    for item in _entries(reader, doc, "world"):
        setting = read_world_setting(reader, item)
        if setting is not None:
            parts.world.append(setting)
    parts.rules = _entries(reader, doc, "rules")
    return parts


def _claim(
    reader: Reader, item: Any, kind: str, decl: tuple[fields.Field, ...], ids: list[IdClaim]
) -> str | None:
    """The id of a derived value or clock whose shape is right, claimed for uniqueness."""
    if not reader.shape(item, kind, decl):
        return None
    ident = reader.ident(item, kind)
    if ident is not None:
        ids.append(IdClaim(reader, item, ident, "derived value" if kind == "derived" else kind))
    return ident


def read_meter(reader: Reader, item: Any, ids: list[IdClaim]) -> Meter | None:
    """One meter: ``{id, part, start, label, description}``."""
    if not reader.shape(item, "meter", fields.METER):
        return None
    ident = reader.ident(item, "meter")
    if ident is not None:
        ids.append(IdClaim(reader, item, ident, "meter"))
    where = item_at("meter", ident)
    part = reader.one_of(item, "part", where, PARTS)
    start = reader.number(item, "start", where, 0, 100)
    label = reader.text(item, "label", where, limit=24)
    description = (
        reader.text(item, "description", where, limit=MAX_TEXT) if "description" in item else label
    )
    if ident is None:
        return None
    return Meter(id=ident, label=label, description=description, part=part, start=start or 0.0)


def read_world_setting(reader: Reader, item: Any) -> WorldSetting | None:
    """One world setting: ``{id, default, min, max, label, description}``."""
    if not reader.shape(item, "world setting", fields.WORLD):
        return None
    ident = reader.ident(item, "world setting")
    where = item_at("world setting", ident)
    low = reader.number(item, "min", where)
    high = reader.number(item, "max", where)
    default = None
    if low is not None and high is not None:
        default = reader.number(item, "default", where, low, high)
    label = reader.text(item, "label", where, limit=40)
    description = (
        reader.text(item, "description", where, limit=MAX_TEXT) if "description" in item else label
    )
    if ident is None or default is None:
        return None
    return WorldSetting(
        id=ident,
        label=label,
        description=description,
        default=default,
        low=low or 0.0,
        high=high or 0.0,
    )


def read_derived(reader: Reader, item: Doc, ident: str, names: dict[str, int]) -> Derived | None:
    """A derived value's expression, label and source, once the layout is known."""
    where = item_at("derived", ident)
    expr = reader.expr(item, "expr", where, names)
    label = reader.text(item, "label", where, limit=24)
    source = reader.source(item, where)
    if expr is None:
        return None
    return Derived(id=ident, label=label, expr=expr, source=source)


def read_clock(reader: Reader, item: Doc, ident: str, names: dict[str, int]) -> Clock | None:
    """A clock's start, its change each turn and source, once the layout is known."""
    where = item_at("clock", ident)
    start = reader.number(item, "start", where)
    each_turn = reader.expr(item, "each_turn", where, names)
    source = reader.source(item, where)
    if each_turn is None:
        return None
    return Clock(id=ident, start=start or 0.0, each_turn=each_turn, source=source)


def read_rule(
    reader: Reader, item: Any, names: dict[str, int], targets: dict[str, str], parts: ModelParts
) -> Rule | None:
    """One rule: ``{id, arrow, part, source, explain, when, effects}``.

    ``targets`` are the meters and clocks a rule may change.
    """
    if not reader.shape(item, "rule", fields.RULE):
        return None
    ident = reader.ident(item, "rule")
    if ident is not None:
        parts.ids.append(IdClaim(reader, item, ident, "rule"))
    where = item_at("rule", ident)
    arrow = item.get("arrow")
    if arrow is not None and (isinstance(arrow, bool) or arrow not in ARROWS):
        reader.err(item, "arrow", said("validate.rule.arrow", where=where))
        arrow = None
    if arrow is not None:
        parts.arrows.add(arrow)
    part = reader.one_of(item, "part", where, PARTS)
    source = reader.source(item, where)
    explain = reader.text(item, "explain", where, limit=120)
    when = reader.optional_expr(item, "when", where, names)
    effects = reader.effects(item, "effects", where, names, targets)
    if not effects and isinstance(item.get("effects"), dict) and not item["effects"]:
        reader.err(item, "effects", said("validate.rule.no_effects", where=where))
    if ident is None:
        return None
    return Rule(
        id=ident, source=source, arrow=arrow, part=part, explain=explain, when=when, effects=effects
    )


def check_coverage(reader: Reader, parts: ModelParts) -> None:
    """Every arrow of Schema 1 has a rule, and the meters the exits read exist."""
    if not isinstance(parts.doc, dict) or not parts.meters:
        return
    for arrow in ARROWS:
        if arrow not in parts.arrows:
            reader.err(parts.doc, "rules", said("validate.model.arrow", arrow=arrow))
    meter_ids = {m.id for m in parts.meters}
    for needed in NEEDED_METERS:
        if needed not in meter_ids:
            reader.err(parts.doc, "meters", said("validate.model.meter", meter=repr(needed)))
