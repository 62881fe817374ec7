"""The fields of every content file kind: one declaration, two readers.

Model (meters, derived values, clocks, world settings, rules), scenario, event, choice,
ending, policy and glossary: the loader takes its allowed and required field lists from
here (``Reader.shape``), and
``game.content.schema`` turns the same declarations into the JSON Schema in
``docs/schema/`` (so an editor's checks and ``koorddanser validate`` agree on the shape).
Meaning beyond the shape (an expression parses, a meter exists) stays the loader's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.model import INITIATIVES, PERSONS, TAGS


@dataclass(frozen=True)
class Field:
    """One field: its name, its kind (see ``game.content.schema``), whether it is needed."""

    name: str
    kind: str
    required: bool = False
    doc: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Required, but checked on its own: its absence does not stop the rest of the item
    # from being checked (the loader skips an item that misses a gating field).
    own_check: bool = False


def names(decl: tuple[Field, ...]) -> tuple[str, ...]:
    """The allowed field names of a declaration."""
    return tuple(f.name for f in decl)


def required(decl: tuple[Field, ...]) -> tuple[str, ...]:
    """The field names without which the loader does not read an item further."""
    return tuple(f.name for f in decl if f.required and not f.own_check)


CHOICE: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique within the event"),
    Field("tags", "tags", True, "what kind of choice it is (the tag vocabulary)"),
    Field("label", "text", True, "what the player picks; starts with a verb, at most 75"),
    Field("outcome", "text", True, "what happens next, at most 300 characters"),
    Field("effects", "effects", False, "meter: change (a number or an expression)"),
    Field("set", "effects", False, "flag: value"),
    Field("when", "expr", False, "the choice is open only when this holds"),
    Field("follow_up", "follow_up", False, "{event: id, after: turns}"),
    Field("ends_game", "bool", False, "true: the person leaves (an exit choice)"),
)

EVENT: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over all loaded files"),
    Field("replaces", "id", False, "the id of a loaded event this one replaces"),
    Field("source", "source", True, "part or arrow and essay lines, e.g. 'C: ...; essay 466-487'"),
    Field("part", "enum", True, "part of Schema 1", {"enum": ["A", "B", "C", "D", "E"]}),
    Field("arrows", "arrows", False, "the arrows of Schema 1 it shows"),
    Field("title", "text", True, "at most 6 words"),
    Field("text", "text", True, "at most 420 characters"),
    Field("choices", "choices", True, "2 to 4 choices"),
    Field("when", "expr", False, "the event can come only when this holds"),
    Field("weight", "expr", False, "how likely among the others (default 1)"),
    Field("years", "years", False, "[first, last] year it can come"),
    Field("at", "at", False, "[year, spring|autumn]: pinned to that half-year"),
    Field("once", "bool", False, "at most once a game"),
    Field("follow_up_only", "bool", False, "comes only when a choice schedules it"),
    Field("filler", "bool", False, "a quiet half-year, when nothing else fits"),
    Field("scenarios", "ids", False, "only in these scenarios"),
    Field("exclude_scenarios", "ids", False, "never in these scenarios"),
)

SCENARIO: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over all loaded scenarios"),
    Field("replaces", "id", False, "the id of a loaded scenario this one replaces"),
    Field(
        "code",
        "code",
        True,
        "2 to 6 capital letters: the word of its class codes",
        own_check=True,
    ),
    Field("title", "text", True, "at most 8 words"),
    Field("who", "text", True, "who the player is, at most 600 characters"),
    Field("city", "string", True, "any city; the study's were Amsterdam, Den Haag, ..."),
    Field(
        "role",
        "enum",
        True,
        "",
        {"enum": ["resident_entrepreneur", "frontline_worker"]},
    ),
    Field("source", "source", True, "the essay lines this person rests on"),
    Field("start", "numbers", True, "meter: starting value 0-100"),
    Field("world", "numbers", True, "world setting: value"),
    Field("turns", "int", False, "half-years (default 20)", {"minimum": 1, "maximum": 40}),
    Field("start_year", "int", False, "default 2010", {"minimum": 1990, "maximum": 2100}),
    Field("events", "any", False, "(reserved)"),
    Field("exclude_events", "ids", False, "shared events that never come in this scenario"),
)

ENDING: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over all loaded endings"),
    Field("replaces", "id", False, "the id of a loaded ending this one replaces"),
    Field("person", "enum", True, "", {"enum": list(PERSONS)}),
    Field("initiative", "enum", True, "", {"enum": list(INITIATIVES)}),
    Field("source", "source", True, "the essay lines"),
    Field("when", "expr", False, "the ending applies when this holds; the last has none"),
    Field("title", "text", True, "at most 8 words"),
    Field("story", "text", True, "at most 900 characters"),
    Field("findings", "findings", True, "e.g. 'conclusion e', 'recommendation a'"),
    Field("questions", "questions", True, "3 to 5 questions for discussion"),
    Field("good", "bool", False, "shown as a good ending"),
    Field(
        "requires",
        "expr",
        True,
        "what the story needs of the final state; `balance --check` fails an ending "
        "reached with a state its story contradicts",
    ),
)

MODEL: tuple[Field, ...] = (
    Field("meters", "list", True, "the meters of the person and the initiative"),
    Field("derived", "list", False, "values computed from the meters each turn"),
    Field("clocks", "list", False, "values that change by themselves each turn"),
    Field("world", "list", False, "settings a scenario chooses (the city, the policy)"),
    Field("rules", "list", True, "the arrows of Schema 1 as rules applied every turn"),
    Field("description", "any", False, "a note for authors"),
)

METER: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over the model"),
    Field("part", "enum", True, "part of Schema 1", {"enum": ["A", "B", "C", "D", "E"]}),
    Field("start", "number", True, "the value a game starts with, 0-100"),
    Field("label", "text", True, "at most 24 characters"),
    Field("description", "text", False, "at most 420 characters (default: the label)"),
)

DERIVED: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over the model"),
    Field("label", "text", True, "at most 24 characters"),
    Field("expr", "expr", True, "how it is computed from the state"),
    Field("source", "source", True, "the essay lines"),
)

CLOCK: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over the model"),
    Field("start", "number", True, "the value a game starts with"),
    Field("each_turn", "expr", True, "the new value each turn"),
    Field("source", "source", True, "the essay lines"),
    Field("description", "any", False, "a note for authors"),
)

WORLD: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case"),
    Field("default", "number", True, "the value when a scenario does not set it"),
    Field("min", "number", True, "the lowest value a scenario may set"),
    Field("max", "number", True, "the highest value a scenario may set"),
    Field("label", "text", True, "at most 40 characters"),
    Field("description", "text", False, "at most 420 characters (default: the label)"),
)

RULE: tuple[Field, ...] = (
    Field("id", "id", True, "lower_case, unique over the model"),
    Field("arrow", "int", False, "the arrow of Schema 1 (1-8)", {"minimum": 1, "maximum": 8}),
    Field("part", "enum", True, "part of Schema 1", {"enum": ["A", "B", "C", "D", "E"]}),
    Field("source", "source", True, "the essay lines"),
    Field("explain", "text", True, "what the rule does, at most 120 characters"),
    Field("when", "expr", False, "the rule applies only when this holds"),
    Field("effects", "effects", True, "meter or clock: change"),
)

POLICY: tuple[Field, ...] = (
    Field("name", "string", True, "how `simulate --policy` names it"),
    Field("weights", "weights", True, "tag: weight 0-1000, how much it likes such choices"),
    Field("rules", "list", False, "[{when, weights}]: other weights while `when` holds"),
    Field("description", "text", False, "at most 300 characters"),
)

POLICY_RULE: tuple[Field, ...] = (
    Field("when", "expr", True, "a condition on the state"),
    Field("weights", "weights", True, "tag: weight while it holds"),
)

GLOSSARY: tuple[Field, ...] = (
    Field("findings", "any", True, "'conclusion a'-'h', 'recommendation a'-'j': {nl, en, source}"),
    Field("tags", "any", True, "a label {nl, en} for every tag"),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "scenario": SCENARIO,
    "event": EVENT,
    "choice": CHOICE,
    "ending": ENDING,
    "model": MODEL,
    "meter": METER,
    "derived": DERIVED,
    "clock": CLOCK,
    "world": WORLD,
    "rule": RULE,
    "policy": POLICY,
    "policy_rule": POLICY_RULE,
    "glossary": GLOSSARY,
}

TAG_NAMES = TAGS  # re-exported for the schema's tag list
