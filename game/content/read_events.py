"""Reading event files: an index pass (ids and flags), then each event and its choices.

The index comes first because expressions may name any event's flag or id. A choice's
follow-up is kept as a :class:`FollowUpRef` (an event id) for the cross-reference pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.expr import Compiled, compile_expr
from game.engine.model import TAGS, Choice, Event

from . import fields
from .messages import Message, said
from .read_model import ARROWS, PARTS
from .reader import ID, Doc, Problems, Reader, is_whole

SEASONS = {"spring": 0, "voorjaar": 0, "autumn": 1, "najaar": 1}
MAX_TITLE_WORDS = 6
MAX_TEXT = 420
MAX_LABEL = 75
MAX_OUTCOME = 300
DEFAULT_YEARS = (2010, 2020)


@dataclass
class EventIndex:
    """Every event's id and raw item in loading order, and the flags their choices set."""

    items: list[tuple[Reader, Doc]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class FollowUpRef:
    """A choice's ``follow_up``, to be resolved to an event index."""

    reader: Reader
    item: Doc
    target: str  # the event id
    event: int  # index of the event holding the choice
    choice: int  # index of the choice in its event's list as written
    after: int  # turns later


def index_events(problems: Problems, paths: list[Path], docs: dict[Path, Any]) -> EventIndex:
    """The ids and flags of all events; an event without a usable, unique id is left out."""
    index = EventIndex()
    for path in paths:
        reader = Reader(problems, path)
        if docs[path] is None:
            continue
        for item in reader.top_list(docs[path], "events"):
            if not isinstance(item, dict):
                reader.err(item, None, said("validate.mapping", where=said("validate.where.event_kind")))
                continue
            ident = reader.ident(item, said("validate.where.event_kind"))
            if ident is None:
                continue
            if ident in index.ids:
                reader.err(item, "id", said("validate.duplicate_id", kind=said("validate.where.event_kind"), id=repr(ident)))
                continue
            index.ids.append(ident)
            index.items.append((reader, item))
            _collect_flags(item, index.flags)
    return index


def _collect_flags(item: Doc, flags: list[str]) -> None:
    for choice in item.get("choices") or []:
        if isinstance(choice, dict) and isinstance(choice.get("set"), dict):
            for flag in choice["set"]:
                if isinstance(flag, str) and ID.match(flag) and flag not in flags:
                    flags.append(flag)


@dataclass
class Names:
    """The layout's row names and what effects and ``set`` may change."""

    rows: dict[str, int]
    meters: dict[str, str]  # meter id -> row name
    flags: dict[str, str]  # flag -> row name (flag.x)


def read_event(
    reader: Reader, item: Doc, number: int, names: Names, follow_ups: list[FollowUpRef]
) -> Event:
    """One event (``number`` is its index); its choices' follow-ups go to ``follow_ups``."""
    ident: str = item["id"]
    where = said("validate.where.event", id=ident)
    reader.shape(item, where, fields.EVENT)
    source = reader.source(item, where)
    part = reader.one_of(item, "part", where, PARTS)
    arrows = _arrows(reader, item, where)
    title = reader.text(item, "title", where, words=MAX_TITLE_WORDS)
    text = reader.text(item, "text", where, limit=MAX_TEXT)
    when = reader.optional_expr(item, "when", where, names.rows)
    weight = (
        reader.expr(item, "weight", where, names.rows)
        if "weight" in item
        else compile_expr(1, names.rows)
    )
    years = _years(reader, item, where)
    at = _at(reader, item, where)
    once = reader.flag(item, "once", where)
    follow_up_only = reader.flag(item, "follow_up_only", where)
    filler = reader.flag(item, "filler", where)
    scenarios = _scenario_ids(reader, item, "scenarios", where)
    excluded = _scenario_ids(reader, item, "exclude_scenarios", where)
    both = sorted(set(scenarios or ()) & set(excluded or ()))
    if both:
        reader.err(
            item, "exclude_scenarios", said("validate.event.both", where=where, scenario=repr(both[0]))
        )
    choices = _choices(reader, item, where, number, names, follow_ups)
    return Event(
        id=ident,
        source=source,
        part=part,
        arrows=arrows,
        title=title,
        text=text,
        choices=choices,
        when=when,
        weight=weight or compile_expr(1, names.rows),
        years=years,
        at=at,
        once=once,
        follow_up_only=follow_up_only,
        filler=filler,
        scenarios=tuple(scenarios) if scenarios else None,
        exclude_scenarios=tuple(excluded or ()),
    )


def _arrows(reader: Reader, item: Doc, where: Message) -> tuple[int, ...]:
    arrows = item.get("arrows") or []
    if not isinstance(arrows, list) or any(
        isinstance(a, bool) or a not in ARROWS for a in arrows
    ):
        reader.err(item, "arrows", said("validate.event.arrows", where=where))
        return ()
    return tuple(arrows)


def _years(reader: Reader, item: Doc, where: Message) -> tuple[int, int]:
    """``years: [first, last]``, the decade when absent."""
    if "years" not in item:
        return DEFAULT_YEARS
    y = item["years"]
    if (
        isinstance(y, list)
        and len(y) == 2
        and all(is_whole(v) and 2000 <= v <= 2100 for v in y)
        and y[0] <= y[1]
    ):
        return (y[0], y[1])
    reader.err(item, "years", said("validate.event.years", where=where))
    return DEFAULT_YEARS


def _at(reader: Reader, item: Doc, where: Message) -> tuple[int, int] | None:
    """``at: [year, season]``: the half-year an event is pinned to (season 0 or 1)."""
    if "at" not in item:
        return None
    a = item["at"]
    if isinstance(a, list) and len(a) == 2 and is_whole(a[0]) and isinstance(a[1], str):
        if a[1] in SEASONS:
            return (a[0], SEASONS[a[1]])
    reader.err(item, "at", said("validate.event.at", where=where))
    return None


def _scenario_ids(reader: Reader, item: Doc, key: str, where: Message) -> list[str] | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        reader.err(item, key, said("validate.event.scenario_ids", where=where, key=key))
        return None
    return value


def _choices(
    reader: Reader,
    item: Doc,
    where: Message,
    number: int,
    names: Names,
    follow_ups: list[FollowUpRef],
) -> tuple[Choice, ...]:
    """An event's 2 to 4 choices; at least one must be open always."""
    raw = item.get("choices")
    if not isinstance(raw, list) or not 2 <= len(raw) <= 4:
        reader.err(item, "choices", said("validate.event.choices", where=where))
        raw = raw if isinstance(raw, list) else []
    seen: set[str] = set()
    choices: list[Choice] = []
    for k, choice_item in enumerate(raw[:4]):
        place = said("validate.where.choice", where=where, n=k + 1)
        choice = read_choice(reader, choice_item, place, names, seen)
        if choice is None:
            continue
        follow_up = _follow_up(reader, choice_item, place)
        if follow_up is not None:
            target, after = follow_up
            follow_ups.append(
                FollowUpRef(reader, choice_item["follow_up"], target, number, k, after)
            )
        choices.append(choice)
    if raw and all(c.when is not None for c in choices):
        reader.err(item, "choices", said("validate.event.open", where=where))
    return tuple(choices)


def read_choice(
    reader: Reader, item: Any, where: Message, names: Names, seen: set[str]
) -> Choice | None:
    """One choice; ``seen`` holds the ids of the event's choices so far."""
    if not reader.shape(item, where, fields.CHOICE):
        return None
    ident = reader.ident(item, where)
    if ident in seen:
        reader.err(item, "id", said("validate.event.choice_twice", where=where, id=repr(ident)))
    seen.add(ident or "")
    tags = _tags(reader, item, where)
    label = reader.text(item, "label", where, limit=MAX_LABEL)
    outcome = reader.text(item, "outcome", where, limit=MAX_OUTCOME)
    effects = reader.effects(item, "effects", where, names.rows, names.meters)
    sets = reader.effects(item, "set", where, names.rows, names.flags)
    when: Compiled | None = reader.optional_expr(item, "when", where, names.rows)
    ends_game = reader.flag(item, "ends_game", where)
    return Choice(
        id=ident or "",
        label=label,
        outcome=outcome,
        tags=tags,
        effects=effects,
        sets=sets,
        when=when,
        follow_up=None,  # linked in the cross-reference pass
        ends_game=ends_game,
    )


def _tags(reader: Reader, item: Doc, where: Message) -> tuple[str, ...]:
    tags = item.get("tags")
    if not isinstance(tags, list) or not tags:
        reader.err(item, "tags", said("validate.event.tags", where=where))
        return ()
    for tag in tags:
        if tag not in TAGS:
            reader.err(item, "tags", said("validate.unknown_tag", where=where, tag=repr(tag)))
    return tuple(t for t in tags if t in TAGS)


def _follow_up(reader: Reader, item: Doc, where: Message) -> tuple[str, int] | None:
    """``follow_up: {event, after}`` as (event id, turns), or None."""
    value = item.get("follow_up")
    if value is None:
        return None
    after: Any = value.get("after", 1) if isinstance(value, dict) else None
    if isinstance(value, dict) and isinstance(value.get("event"), str) and is_whole(after):
        if 1 <= after <= 20:
            return (value["event"], int(after))
    reader.err(item, "follow_up", said("validate.event.follow_up", where=where))
    return None
